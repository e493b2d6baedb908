"""Each refused pair of the attendance pages, as real requests: outside the scope a recorded 404, in scope
without the power a 403, for participants, instructors and coordinators of another lembaga."""

import pytest
from sqlalchemy import select

from lms.attendance.models import SessionImportBatch
from lms.core.extensions import db
from lms.core.security_events import SecurityEvent
from tests.helpers.web import client_for, post


def _refusals(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(SecurityEvent)).all())


@pytest.mark.parametrize(
    "who, url",
    [
        ("outsider", "/presensi/sesi/{session_id}"),
        ("other_coordinator", "/presensi/sesi/{session_id}/kelola"),
        ("other_coordinator", "/presensi/angkatan/{angkatan_id}"),
        ("other_coordinator", "/pjj/angkatan/{angkatan_id}/sesi"),
        ("other_coordinator", "/pjj/sesi/{session_id}/ubah"),
        ("coordinator", "/presensi/sesi/{session_id}/peserta/{outsider_id}"),
    ],
)
def test_outside_the_scope_is_a_recorded_404(app, pjj, who, url):
    client = client_for(app, pjj[who])
    before = _refusals(app)
    response = client.get(url.format(**pjj))
    assert response.status_code == 404
    assert _refusals(app) > before


@pytest.mark.parametrize(
    "who, url",
    [
        ("participants", "/presensi/sesi/{session_id}/kelola"),
        ("participants", "/presensi/angkatan/{angkatan_id}"),
        ("instructor", "/pjj/angkatan/{angkatan_id}/sesi/baru"),
        ("instructor", "/presensi/sesi/{session_id}/peserta/{participant_ids[0]}"),
        ("widyaiswara", "/pjj/sesi/{session_id}/ubah"),
        ("coordinator", "/presensi/sesi/{session_id}"),
        ("coordinator", "/pjj/jadwal"),
    ],
)
def test_in_scope_without_the_power_is_a_403(app, pjj, who, url):
    nip = pjj[who][0] if who == "participants" else pjj[who]
    assert client_for(app, nip).get(url.format(**pjj)).status_code == 403


@pytest.mark.parametrize(
    "who, url, status",
    [
        ("instructor", "/presensi/sesi/{session_id}/kode", 403),  # teaches the angkatan, not this session
        ("other_coordinator", "/presensi/sesi/{session_id}/kode", 404),
        ("participants", "/presensi/sesi/{session_id}/kode", 403),
        ("instructor", "/pjj/sesi/{session_id}/hapus", 403),
        ("other_coordinator", "/pjj/sesi/{session_id}/hapus", 404),
        ("other_coordinator", "/presensi/angkatan/{angkatan_id}/rekap.csv", 404),
        ("other_coordinator", "/presensi/sesi/{session_id}/rekap.xlsx", 404),
        ("other_coordinator", "/presensi/sesi/{session_id}/peserta/{participant_ids[0]}", 404),
    ],
)
def test_refused_posts(app, pjj, who, url, status):
    nip = pjj[who][0] if who == "participants" else pjj[who]
    client = client_for(app, nip)
    response = post(client, url.format(**pjj), {"status": "hadir", "note": "coba"}, token_from="/")
    assert response.status_code == status


def test_the_widyaiswara_of_a_session_outside_their_angkatan_still_takes_its_attendance(app, pjj):
    client = client_for(app, pjj["widyaiswara"])
    assert client.get(f"/presensi/sesi/{pjj['session_id']}/kelola").status_code == 200
    assert client.get(f"/presensi/sesi/{pjj['other_session_id']}/kelola").status_code == 404


def test_someone_elses_schedule_batch_is_a_404(app, pjj):
    with app.app_context():
        batch = SessionImportBatch(
            created_by_id=pjj["coordinator_id"],
            angkatan_id=pjj["angkatan_id"],
            phase_id=1,
            filename="x.csv",
            content="tanggal\n",
        )
        db.session.add(batch)
        db.session.commit()
        batch_id = batch.id
    assert client_for(app, pjj["other_coordinator"]).get(f"/pjj/impor/{batch_id}").status_code == 404


def test_a_post_from_another_site_is_refused(app, pjj):
    client = client_for(app, pjj["participants"][0])
    page = f"/presensi/sesi/{pjj['session_id']}"
    response = post(client, page, {"code": "AAAAA"}, token_from=page, headers={"Origin": "https://jahat.example"})
    assert response.status_code == 403


def test_a_post_without_its_csrf_token_is_refused(app, pjj):
    client = client_for(app, pjj["widyaiswara"])
    assert client.post(f"/presensi/sesi/{pjj['session_id']}/kode").status_code == 400
