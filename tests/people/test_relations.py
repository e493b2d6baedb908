"""Assigning coach, mentor and penguji by form, and the mentor's invitation: an account, a one-time set-up
link in the outbox that expires, can be re-sent (the older one then stops working) and is single-use."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.auth.models import AuthSession, PasswordReset, Role, User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage
from lms.core.security_events import SecurityEvent
from lms.people.models import Enrolment, MentorProfile, SeminarExaminer
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    valid_nip,
)
from tests.helpers.web import AuthActions, client_for, post

LINK_RE = re.compile(r"https?://[^/\s]+(/akun/atur-ulang/[\w-]+)")
MENTOR_NIP = valid_nip(801)


@pytest.fixture
def world(app):
    with app.app_context():
        instansi, other = make_instansi("Pemerintah Kota Cilegon"), make_instansi("Pemerintah Kabupaten Lebak")
        angkatan = make_angkatan(instansi, 72)
        p1, p2 = make_participant(angkatan), make_participant(angkatan)
        outsider = make_participant(make_angkatan(other, 9))
        coach, examiner = make_instructor(name="Dr. Coach"), make_instructor(name="Dr. Penguji")
        coordinator, other_coordinator = make_coordinator(instansi), make_coordinator(other)
        db.session.commit()
        return dict(
            p1=p1.id,
            p2=p2.id,
            p1_nip=p1.nip,
            outsider=outsider.id,
            coach=coach.id,
            examiner=examiner.id,
            coordinator=coordinator.nip,
            other_coordinator=other_coordinator.nip,
        )


def _form(world, **changes):
    data = {
        "coach_id": world["coach"],
        "mentor_nip": MENTOR_NIP,
        "mentor_name": "Hendra Gunawan",
        "mentor_email": "hendra@tangerangkota.test",
        "mentor_unit": "Bagian Umum",
        "examiner_rancangan": world["examiner"],
        "examiner_aktualisasi": 0,
    }
    data.update(changes)
    return data


def _links(app) -> list[str]:
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id))
        return [LINK_RE.search(body).group(1) for body in bodies]


def test_the_form_assigns_all_three_and_invites_a_new_mentor_once(app, world):
    client = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    assert client.get(url).status_code == 200
    response = post(client, url, _form(world), token_from=url)
    assert response.status_code == 302
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world["p1"]))
        mentor = db.session.scalar(select(User).where(User.nip == MENTOR_NIP))
        assert mentor.role == Role.MENTOR.value and enrolment.mentor_id == mentor.id
        assert enrolment.coach_id == world["coach"]
        assert db.session.get(MentorProfile, mentor.id).unit_kerja == "Bagian Umum"
        assert [(e.kind, e.examiner_id) for e in enrolment.examiners] == [("rancangan", world["examiner"])]
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"user.create", "enrolment.coach", "enrolment.mentor", "enrolment.examiner"} <= actions
        assert {"mentor.setup_link"} <= actions
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address == "hendra@tangerangkota.test" and message.recipient_id == mentor.id
        assert "Hendra Gunawan" in message.body and MENTOR_NIP in message.body
    record = client.get(f"/orang/peserta/{world['p1']}").get_data(as_text=True)
    assert "Dr. Coach" in record and "Hendra Gunawan" in record and "Dr. Penguji" in record

    # The same NIP for a second participant: the mentor is reused, no second account or invitation.
    url2 = f"/orang/peserta/{world['p2']}/pembimbing"
    assert post(client, url2, _form(world, mentor_name="", mentor_email=""), token_from=url2).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.nip == MENTOR_NIP)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        mentees = db.session.scalars(select(Enrolment.user_id).where(Enrolment.mentor_id.isnot(None))).all()
        assert sorted(mentees) == sorted([world["p1"], world["p2"]])


def test_the_set_up_link_is_single_use_and_a_resent_one_replaces_it(app, world):
    client = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    post(client, url, _form(world), token_from=url)
    resend = f"/orang/peserta/{world['p1']}/mentor/tautan"
    assert post(client, resend, token_from=f"/orang/peserta/{world['p1']}").status_code == 302
    old, new = _links(app)
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404  # the re-sent link replaced it
    assert anonymous.get(new).status_code == 200
    data = {"new_password": "mentor-baru-123", "confirm": "mentor-baru-123"}
    assert post(anonymous, new, data, token_from=new).status_code == 302
    assert anonymous.get(new).status_code == 404  # used once
    assert AuthActions(app.test_client()).login(MENTOR_NIP, "mentor-baru-123").status_code == 302
    with app.app_context():
        reset = db.session.scalar(select(PasswordReset).order_by(PasswordReset.id.desc()))
        lifetime = reset.expires_at - reset.created_at
        assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mentor_nip": "12345"}, "NIP"),
        ({"mentor_name": ""}, "Nama kosong."),
        ({"mentor_email": "bukan-email"}, "Format email tidak valid."),
        ({"mentor_unit": "x" * 201}, "Unit kerja"),
    ],
)
def test_bad_mentor_input_is_refused_in_indonesian_and_nothing_is_written(app, world, changes, message):
    client = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    response = post(client, url, _form(world, **changes), token_from=url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Hendra Gunawan" in html or changes.get("mentor_name") == ""  # what was typed is still there
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world["p1"]))
        assert enrolment.coach_id is None and enrolment.mentor_id is None and enrolment.examiners == []
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert db.session.scalar(select(User.id).where(User.role == Role.MENTOR.value)) is None


def test_a_participant_or_staff_nip_cannot_become_a_mentor(app, world):
    client = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p2']}/pembimbing"
    response = post(client, url, _form(world, mentor_nip=world["p1_nip"]), token_from=url)
    assert response.status_code == 400
    assert "peran lain" in response.get_data(as_text=True)


def test_penguji_is_replaced_and_removed_each_change_audited(app, world):
    client = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    post(client, url, _form(world, mentor_nip=""), token_from=url)
    post(client, url, _form(world, mentor_nip="", examiner_rancangan=world["coach"]), token_from=url)
    post(client, url, _form(world, mentor_nip="", examiner_rancangan=0, examiner_aktualisasi=world["examiner"]))
    with app.app_context():
        rows = db.session.execute(select(SeminarExaminer.kind, SeminarExaminer.examiner_id)).all()
        assert rows == [("aktualisasi", world["examiner"])]
        changes = db.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "enrolment.examiner")).all()
        assert [(c["kind"], c["old"], c["new"]) for c in changes] == [
            ("rancangan", None, world["examiner"]),
            ("rancangan", world["examiner"], world["coach"]),
            ("rancangan", world["coach"], None),
            ("aktualisasi", None, world["examiner"]),
        ]


def test_another_instansi_coordinator_cannot_assign(app, world):
    client = client_for(app, world["other_coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    assert client.get(url).status_code == 404
    assert post(client, url, _form(world), token_from="/").status_code == 404
    assert post(client, f"/orang/peserta/{world['p1']}/mentor/tautan", token_from="/").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Enrolment.coach_id).where(Enrolment.user_id == world["p1"])) is None


def test_a_move_ends_coach_and_penguji_audited_keeps_the_mentor_and_says_so(app, world):
    client = client_for(app, world["coordinator"])
    record = f"/orang/peserta/{world['p1']}"
    post(client, f"{record}/pembimbing", _form(world), token_from=f"{record}/pembimbing")
    with app.app_context():
        p1 = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world["p1"]))
        target = make_angkatan(p1.instansi, 73).id
        mentor_id = db.session.scalar(select(User.id).where(User.nip == MENTOR_NIP))
        db.session.commit()
    assert "mentor (atasan di tempat kerja) tetap" in client.get(record).get_data(as_text=True)  # said before
    moved = post(
        client, f"{record}/pindah", {"angkatan_id": target, "reason": "Pindah tugas ke unit lain"}, token_from=record
    )
    page = client.get(moved.location).get_data(as_text=True)
    assert "sudah dipindahkan ke Angkatan 73" in page and "Coach dan penguji dari angkatan lama tidak lagi" in page
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == world["p1"]))
        assert (enrolment.angkatan_id, enrolment.coach_id, enrolment.mentor_id) == (target, None, mentor_id)
        assert enrolment.examiners == []
        ended = {
            e.action: e.details
            for e in db.session.scalars(select(AuditEntry).where(AuditEntry.subject_user_id == world["p1"]))
            if e.details.get("new") is None and e.action in ("enrolment.coach", "enrolment.examiner")
        }
        assert ended["enrolment.coach"] == {"old": world["coach"], "new": None, "source": "move"}
        assert ended["enrolment.examiner"] == {"kind": "rancangan", "old": world["examiner"], "new": None}
    # The former coach and penguji no longer read the record (the mentor stays, checked above).
    with app.app_context():
        coach_nip, examiner_nip = (db.session.get(User, world[k]).nip for k in ("coach", "examiner"))
    for nip in (coach_nip, examiner_nip):
        assert client_for(app, nip).get(record).status_code == 404
    # A second move with nothing left to end says only that the participant moved.
    with app.app_context():
        back = db.session.scalar(select(Enrolment.angkatan_id).where(Enrolment.user_id == world["p2"]))
    again = post(
        client, f"{record}/pindah", {"angkatan_id": back, "reason": "Kembali ke angkatan asal"}, token_from=record
    )
    assert "tidak lagi terhubung" not in client.get(again.location).get_data(as_text=True)


def test_the_set_up_link_signs_the_mentor_in_at_once_in_a_fresh_session(app, world):
    coordinator = client_for(app, world["coordinator"])
    url = f"/orang/peserta/{world['p1']}/pembimbing"
    post(coordinator, url, _form(world), token_from=url)
    [link] = _links(app)
    # Opened on a browser where the coordinator is signed in: they are signed out, the mentor signed in.
    data = {"new_password": "mentor-baru-123", "confirm": "mentor-baru-123"}
    saved = post(coordinator, link, data, token_from=link)
    assert saved.status_code == 302 and saved.location.endswith("/")
    home = coordinator.get("/").get_data(as_text=True)
    assert "Kata sandi baru sudah disimpan dan Anda sudah masuk." in home and "Hendra Gunawan" in home
    assert "Pesan keluar" not in home  # not the coordinator's any more
    assert coordinator.get("/orang/bimbingan").status_code == 200  # the mentor's own page
    with app.app_context():
        mentor_id = db.session.scalar(select(User.id).where(User.nip == MENTOR_NIP))
        coordinator_id = db.session.scalar(select(User.id).where(User.nip == world["coordinator"]))
        sessions = dict(
            db.session.execute(select(AuthSession.user_id, func.count()).group_by(AuthSession.user_id)).all()
        )
        assert sessions == {mentor_id: 1}  # the coordinator's session on this browser ended, one new for the mentor
        assert coordinator_id not in sessions
        event = db.session.scalar(select(SecurityEvent).where(SecurityEvent.user_id == mentor_id))
        assert (event.kind, event.detail) == ("login.ok", "reset-link")
