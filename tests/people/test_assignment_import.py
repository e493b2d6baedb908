"""The coach and mentor CSV import: every bad row as FILE:LINE: reason, all or nothing, a re-import changes
nothing; through the review page and through `lms import-assignments`."""

import io

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage
from lms.people.access import visible_angkatan_clause
from lms.people.assignment_import import CHANGED, ERROR, UNCHANGED, plan_assignments
from lms.people.models import AssignmentBatch, Enrolment
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_mentor,
    make_participant,
    valid_nip,
)
from tests.helpers.web import client_for, csrf_token, post

HEADER = "nip_peserta,nip_coach,nip_mentor,nama_mentor,email_mentor,unit_kerja_mentor\n"
NEW_MENTOR = valid_nip(901)


@pytest.fixture
def world(app):
    with app.app_context():
        instansi, other = make_instansi("Pemerintah Kabupaten Tangerang"), make_instansi("Pemerintah Kota Serang")
        angkatan = make_angkatan(instansi, 74)
        people = [make_participant(angkatan) for _ in range(3)]
        outsider = make_participant(make_angkatan(other, 5))
        coach = make_instructor()
        existing = make_mentor(unit="Dinas Kesehatan", name="dr. Fitri")
        coordinator = make_coordinator(instansi)
        db.session.commit()
        return dict(
            nips=[p.nip for p in people],
            ids=[p.id for p in people],
            outsider=outsider.nip,
            coach=coach.nip,
            coach_id=coach.id,
            mentor=existing.nip,
            mentor_id=existing.id,
            coordinator=coordinator.nip,
            participant_of_other=outsider.nip,
        )


def _good_csv(world) -> str:
    a, b, c = world["nips"]
    return (
        HEADER
        + f"{a},{world['coach']},{NEW_MENTOR},Hendra Gunawan,hendra@contoh.test,Bagian Umum\n"
        + f"{b},{world['coach']},{NEW_MENTOR},Hendra Gunawan,hendra@contoh.test,Bagian Umum\n"
        + f"{c},,{world['mentor']},,,\n"
    )


def _upload(client, text: str, name: str = "pembimbing.csv"):
    token = csrf_token(client, "/orang/impor-pembimbing")
    data = {"csrf_token": token, "file": (io.BytesIO(text.encode()), name)}
    return client.post("/orang/impor-pembimbing", data=data, content_type="multipart/form-data")


def test_the_review_then_apply_assigns_invites_once_and_a_reimport_changes_nothing(app, world):
    client = client_for(app, world["coordinator"])
    response = _upload(client, _good_csv(world))
    assert response.status_code == 302
    review = client.get(response.location)
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and "Terapkan" in html
    with app.app_context():  # the dry run wrote nothing
        assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.coach_id.isnot(None))) == 0
    applied = post(client, response.location + "/terapkan", token_from=response.location)
    assert applied.status_code == 302
    with app.app_context():
        rows = dict(db.session.execute(select(Enrolment.user_id, Enrolment.coach_id)).all())
        assert [rows[i] for i in world["ids"]] == [world["coach_id"], world["coach_id"], None]
        new = db.session.scalar(select(User).where(User.nip == NEW_MENTOR))
        assert new.role == Role.MENTOR.value
        mentors = dict(db.session.execute(select(Enrolment.user_id, Enrolment.mentor_id)).all())
        assert [mentors[i] for i in world["ids"]] == [new.id, new.id, world["mentor_id"]]
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # one invitation
    # The same file again: every row unchanged, nothing to apply.
    again = client.get(_upload(client, _good_csv(world)).location).get_data(as_text=True)
    assert "Tidak ada perubahan" in again
    with app.app_context():
        plan = plan_assignments(_good_csv(world))
        assert [r.status for r in plan.rows] == [UNCHANGED] * 3 and not plan.can_apply


def test_every_bad_row_is_reported_and_nothing_is_written(app, world):
    a, b, c = world["nips"]
    text = (
        HEADER
        + f"{a},{world['coach']},{NEW_MENTOR},Hendra,hendra@contoh.test,Bagian Umum\n"  # 2: fine
        + f"{b},{world['mentor']},,,,\n"  # 3: a mentor as coach
        + f"{c},,{NEW_MENTOR},Hendra G.,hendra@contoh.test,Bagian Umum\n"  # 4: same mentor, other name
        + f"{a},,,,,\n"  # 5: participant twice
        + f"{world['outsider']},{world['coach']},,,,\n"  # 6: outside the coordinator's scope
        + f"123,,{b},,,\n"  # 7: bad NIP; a participant as mentor
        + f"{c},,,Nama,,\n"  # 8: mentor data without NIP
        + f"{c},=1+1,,,,\n"  # 9: a formula
    )
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.nip == world["coordinator"]))
        plan = plan_assignments(text, visible_angkatan_clause(coordinator))
        lines = plan.error_lines("pembimbing.csv")
    assert [r.status for r in plan.rows] == [CHANGED] + [ERROR] * 7
    assert [line.split(":")[1] for line in lines] == ["3", "4", "5", "6", "7", "8", "9"]
    joined = "\n".join(lines)
    assert "pembimbing.csv:3: Coach harus akun widyaiswara" in joined
    assert "pembimbing.csv:4: Data mentor (nama, email, unit kerja) berbeda dengan baris 2" in joined
    assert "pembimbing.csv:5: NIP peserta sama dengan baris 2" in joined
    assert "pembimbing.csv:6: Tidak ada peserta dengan NIP itu" in joined
    assert "peran lain" in lines[4] and "nip_peserta" in lines[4]
    assert lines[5].startswith("pembimbing.csv:8: ") and "Data mentor diisi tetapi nip_mentor kosong." in lines[5]
    assert "rumus" in lines[6]
    client = client_for(app, world["coordinator"])
    location = _upload(client, text).location
    html = client.get(location).get_data(as_text=True)
    assert "pembimbing.csv:3: Coach harus" in html and "Tidak ada yang akan disimpan" in html
    batch_id = int(location.rsplit("/", 1)[1])
    assert post(client, f"{location}/terapkan", token_from=location).status_code == 400
    with app.app_context():
        assert db.session.get(AssignmentBatch, batch_id).applied_at is None
        assert db.session.scalar(select(func.count()).select_from(User).where(User.nip == NEW_MENTOR)) == 0
        assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.coach_id.isnot(None))) == 0


def test_a_missing_column_is_one_problem_for_the_file(app, world):
    with app.app_context():
        plan = plan_assignments("nip_peserta,nip_coach\n1,2\n")
    assert plan.problem.startswith("Kolom wajib tidak ada: nip_mentor")


def test_another_coordinator_cannot_open_the_batch(app, world):
    with app.app_context():
        stranger = make_coordinator(make_instansi()).nip
        db.session.commit()
    location = _upload(client_for(app, world["coordinator"]), _good_csv(world)).location
    other = client_for(app, stranger)
    assert other.get(location).status_code == 404
    assert post(other, f"{location}/terapkan", token_from="/").status_code == 404
    with app.app_context():  # someone else's upload exists: each 404 is a refusal on record, the missing one is not
        from lms.core.security_events import ACCESS_HIDDEN, SecurityEvent

        hidden = db.session.scalars(select(SecurityEvent.path).where(SecurityEvent.kind == ACCESS_HIDDEN)).all()
        assert sorted(hidden) == sorted([location, f"{location}/terapkan"])
    assert other.get("/orang/impor-pembimbing/999999").status_code == 404
    with app.app_context():
        hidden_count = select(func.count()).select_from(SecurityEvent).where(SecurityEvent.kind == ACCESS_HIDDEN)
        assert db.session.scalar(hidden_count) == 2


def test_the_command_dry_runs_applies_and_reports_file_line(app, runner, world, tmp_path):
    path = tmp_path / "pembimbing.csv"
    path.write_text(_good_csv(world), encoding="utf-8")
    dry = runner.invoke(args=["lms", "import-assignments", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "3 berubah" in dry.output and "1 akun mentor baru" in dry.output
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.nip == NEW_MENTOR)) is None
    done = runner.invoke(args=["lms", "import-assignments", str(path), "--base-url", "https://latsar.contoh.go.id"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body))
        assert "https://latsar.contoh.go.id/akun/atur-ulang/" in body
    again = runner.invoke(args=["lms", "import-assignments", str(path)])
    assert again.exit_code == 0 and "3 tidak berubah" in again.output and "Tidak ada perubahan" in again.output
    bad = tmp_path / "salah.csv"
    bad.write_text(HEADER + f"{world['nips'][0]},{world['mentor']},,,,\n", encoding="utf-8")
    refused = runner.invoke(args=["lms", "import-assignments", str(bad)])
    assert refused.exit_code == 1
    assert f"{bad}:2: Coach harus akun widyaiswara" in refused.output
