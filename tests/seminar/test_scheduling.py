"""Scheduling a seminar and placing participants, with real requests (CSRF on): the time zone, the https link,
the penguji's access from assignment on, the plan's transition, refusals in Indonesian, and the audit."""

from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.aktualisasi.models import Plan
from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage
from lms.people.models import SeminarExaminer
from lms.seminar.models import Seminar, SeminarPlace
from tests.helpers.report import report_approved_by_mentor
from tests.helpers.web import post
from tests.plugins.seminar import STARTS, new_seminar


def _plan_state(world, who):
    with world.app.app_context():
        return db.session.scalar(select(Plan.state).where(Plan.user_id == world.ids[who]))


def _actions(world, prefix="seminar."):
    with world.app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith(prefix))))


def _add(client, world, who, seminar="seminar"):
    url = f"/seminar/{world.ids[seminar]}"
    return post(client, f"{url}/peserta", {"enrolment_id": world.ids[who]}, token_from=url)


def test_the_coordinator_schedules_in_the_angkatans_time_zone(seminar_world):
    client = seminar_world.client("coordinator")
    url = f"/seminar/angkatan/{seminar_world.ids['angkatan']}/baru"
    assert client.get(url).status_code == 200
    data = {
        "kind": "aktualisasi",
        "starts_at": "2026-12-20T09:00",
        "ends_at": "2026-12-20T08:00",
        "room": "",
        "link": "http://zoom.example/j/1",
        "examiner_id": seminar_world.ids["penguji"],
    }
    wrong = post(client, url, data, token_from=url)
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert "Waktu selesai harus sesudah waktu mulai." in page
    assert "http://zoom.example/j/1" in page  # what was typed stays
    data["ends_at"] = "2026-12-20T11:30"
    insecure = post(client, url, data, token_from=url)
    assert insecure.status_code == 422 and "https://" in insecure.get_data(as_text=True)
    data["link"] = "https://zoom.example/j/1"
    done = post(client, url, data, token_from=url)
    assert done.status_code == 302
    with seminar_world.app.app_context():
        seminar = db.session.scalars(select(Seminar).where(Seminar.kind == "aktualisasi")).one()
        assert seminar.starts_at.hour == 2 and seminar.starts_at.utcoffset().total_seconds() == 0  # 09.00 WIB
        assert seminar.scorers == ["penguji", "coach", "mentor"]
        assert [c["name"] for c in seminar.rubric["criteria"]][0].startswith("Capaian kegiatan")
    assert client.get(done.location).status_code == 200


def test_placing_a_participant_assigns_the_penguji_and_schedules_the_plan(seminar_world):
    penguji = seminar_world.client("penguji")
    plan_url = f"/aktualisasi/peserta/{seminar_world.ids['p1']}"
    assert penguji.get(plan_url).status_code == 404  # not yet assigned
    coordinator = seminar_world.client("coordinator")
    assert _add(coordinator, seminar_world, "e1").status_code == 302
    assert _plan_state(seminar_world, "p1") == "seminar_scheduled"
    assert penguji.get(plan_url).status_code == 200  # from the moment of assignment
    with seminar_world.app.app_context():
        examiner = db.session.scalar(
            select(SeminarExaminer.examiner_id).where(SeminarExaminer.enrolment_id == seminar_world.ids["e1"])
        )
        assert examiner == seminar_world.ids["penguji"]
        invitations = select(OutboxMessage.recipient_id).where(OutboxMessage.key.like("seminar-invite:%"))
        invited = set(db.session.scalars(invitations))
        assert invited == {seminar_world.ids["coach_a"], seminar_world.ids["mentor_m"], seminar_world.ids["p1"]}
    assert _actions(seminar_world) == ["seminar.schedule", "seminar.schedule", "seminar.add"]
    page = coordinator.get(f"/seminar/{seminar_world.ids['seminar']}").get_data(as_text=True)
    assert "Siti Rahmawati" in page
    # the participant sees it on their home
    home = seminar_world.client("p1").get("/").get_data(as_text=True)
    assert "Seminar rancangan aktualisasi" in home and "Ruang Garuda" in home and "Dr. Ratna Ayu" in home


def test_a_participant_is_refused_twice_and_before_their_mentors_approval(seminar_world):
    coordinator = seminar_world.client("coordinator")
    assert _add(coordinator, seminar_world, "e1").status_code == 302
    again = _add(coordinator, seminar_world, "e1", "other_seminar")
    assert again.status_code == 422
    assert "sudah terdaftar di seminar rancangan aktualisasi lain" in again.get_data(as_text=True)
    with seminar_world.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.user_id == seminar_world.ids["p2"]))
        plan.state = "accepted_by_coach"
        db.session.commit()
    early = _add(coordinator, seminar_world, "e2")
    assert early.status_code == 422
    assert "belum disetujui mentor" in early.get_data(as_text=True)
    with seminar_world.app.app_context():
        placed = select(SeminarPlace.id).where(SeminarPlace.enrolment_id == seminar_world.ids["e2"])
        assert db.session.scalar(placed) is None


def test_removing_and_rescheduling_are_audited_and_undo_the_access(seminar_world):
    coordinator = seminar_world.client("coordinator")
    assert _add(coordinator, seminar_world, "e1").status_code == 302
    url = f"/seminar/{seminar_world.ids['seminar']}"
    silent = post(coordinator, f"{url}/peserta/{seminar_world.ids['e1']}/hapus", {"reason": ""}, token_from=url)
    assert silent.status_code == 422 and "alasan" in silent.get_data(as_text=True).lower()
    remove = f"{url}/peserta/{seminar_world.ids['e1']}/hapus"
    removed = post(coordinator, remove, {"reason": "Sakit, dijadwalkan ulang"}, token_from=url)
    assert removed.status_code == 302
    assert _plan_state(seminar_world, "p1") == "approved_by_mentor"
    assert seminar_world.client("penguji").get(f"/aktualisasi/peserta/{seminar_world.ids['p1']}").status_code == 404
    assert _add(coordinator, seminar_world, "e1").status_code == 302
    data = {
        "starts_at": "2026-12-21T13:00",
        "ends_at": "2026-12-21T15:00",
        "room": "Ruang Cendana",
        "link": "",
        "examiner_id": seminar_world.ids["other_penguji"],
        "reason": "Penguji berhalangan",
    }
    assert post(coordinator, f"{url}/ubah", data, token_from=f"{url}/ubah").status_code == 302
    plan = f"/aktualisasi/peserta/{seminar_world.ids['p1']}"
    assert seminar_world.client("penguji").get(plan).status_code == 404
    assert seminar_world.client("other_penguji").get(plan).status_code == 200
    assert _actions(seminar_world)[-4:] == ["seminar.add", "seminar.remove", "seminar.add", "seminar.reschedule"]
    with seminar_world.app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "seminar.remove")).one()
        assert entry.reason == "Sakit, dijadwalkan ulang"


def test_other_lembaga_and_scorers_cannot_manage(seminar_world):
    url = f"/seminar/{seminar_world.ids['seminar']}"
    assert seminar_world.client("other_coordinator").get(url).status_code == 404
    assert seminar_world.client("penguji").get(url).status_code == 403
    other = seminar_world.client("other_coordinator")
    forged = post(other, f"{url}/peserta", {"enrolment_id": seminar_world.ids["e1"]}, token_from="/")
    assert forged.status_code == 404
    assert _plan_state(seminar_world, "p1") == "approved_by_mentor"


def test_the_seminar_aktualisasi_takes_only_a_report_the_mentor_approved(seminar_world):
    ids, coordinator = seminar_world.ids, seminar_world.client("coordinator")
    with seminar_world.app.app_context():
        seminar = new_seminar(ids["angkatan"], "aktualisasi", ids["penguji"], ids["coordinator"], STARTS)
        db.session.commit()
        seminar_id = seminar.id
    url = f"/seminar/{seminar_id}"
    page = coordinator.get(url).get_data(as_text=True)
    assert "2 peserta belum dapat diseminarkan" in page and "belum disusun" in page
    refused = post(coordinator, f"{url}/peserta", {"enrolment_id": ids["e1"]}, token_from=url)
    assert refused.status_code == 422
    assert "Laporan aktualisasi Siti Rahmawati belum disetujui mentor (status: belum disusun)" in refused.get_data(
        as_text=True
    )
    with seminar_world.app.app_context():
        report_approved_by_mentor(ids["p1"], ids["coach_a"], ids["mentor_m"], ids["penguji"])
        db.session.commit()
    assert post(coordinator, f"{url}/peserta", {"enrolment_id": ids["e1"]}, token_from=url).status_code == 302
    with seminar_world.app.app_context():
        placed = db.session.scalars(select(SeminarPlace.enrolment_id).where(SeminarPlace.seminar_id == seminar_id))
        assert list(placed) == [ids["e1"]]


def test_a_new_room_or_penguji_invites_everyone_again_and_an_unchanged_save_does_not(seminar_world):
    coordinator, ids = seminar_world.client("coordinator"), seminar_world.ids
    assert _add(coordinator, seminar_world, "e1").status_code == 302
    url = f"/seminar/{ids['seminar']}/ubah"
    with seminar_world.app.app_context():
        seminar = db.session.get(Seminar, ids["seminar"])
        tz = ZoneInfo(seminar.angkatan.tz_name)
        starts = seminar.starts_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M")
        ends = seminar.ends_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M")

    def invitations() -> list[tuple[int, str, str]]:
        with seminar_world.app.app_context():
            rows = db.session.execute(
                select(OutboxMessage.recipient_id, OutboxMessage.subject, OutboxMessage.body)
                .where(OutboxMessage.key.like("seminar-invite:%"))
                .order_by(OutboxMessage.id)
            )
            return [tuple(r) for r in rows]

    before = invitations()
    data = {"starts_at": starts, "ends_at": ends, "room": "Ruang Cendana", "link": "", "reason": "Ruang dipakai"}
    data["examiner_id"] = ids["penguji"]
    assert post(coordinator, url, data, token_from=url).status_code == 302
    moved = invitations()[len(before) :]
    assert {r for r, _s, _b in moved} == {ids["coach_a"], ids["mentor_m"], ids["p1"]}
    assert all(s.startswith("Perubahan undangan") and "Ruang Cendana" in b and "berubah" in b for _r, s, b in moved)
    # Saved again as it is (another reason): nobody is invited twice to the same arrangement.
    data["reason"] = "Catatan saja"
    assert post(coordinator, url, data, token_from=url).status_code == 302
    assert len(invitations()) == len(before) + 3
    # A new penguji: invited again, the message names them.
    data.update(examiner_id=ids["other_penguji"], reason="Penguji berhalangan")
    assert post(coordinator, url, data, token_from=url).status_code == 302
    latest = invitations()[len(before) + 3 :]
    with seminar_world.app.app_context():
        other = db.session.get(User, ids["other_penguji"]).name
    assert len(latest) == 3 and all(f"Penguji: {other}" in b for _r, _s, b in latest)
