"""The angkatan report during PJJ: attendance and task columns, the JP of sessions attended, and the at-risk list's
PJJ reasons, on the page and in the export."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from lms.attendance.models import AttendanceCorrection
from lms.core.extensions import db
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_participant,
    make_session,
    make_task,
    wib_today,
)
from tests.helpers.web import client_for, csrf_token


@pytest.fixture
def pjj_report(app):
    """Three ended sessions of 2 JP: Ani attended all, Budi none; two tasks past due, neither submitted."""
    with app.app_context():
        instansi = make_instansi()
        # MOOC 20 days ago, PJJ opened a day ago (the factory's 21-day phases)
        angkatan = make_angkatan(instansi, schedule_start=wib_today() - timedelta(days=22))
        coordinator = make_coordinator(instansi)
        ani = make_participant(angkatan, name="Ani PJJ")
        make_participant(angkatan, name="Budi PJJ")  # attends nothing
        now = datetime.now(UTC)
        for day in (3, 2, 1):
            session = make_session(angkatan, starts_at=now - timedelta(days=day), jp=2)
            db.session.add(AttendanceCorrection(session_id=session.id, user_id=ani.id, status="hadir", note="x"))
        for _ in range(2):
            make_task(angkatan, due_at=now - timedelta(hours=1))
        db.session.commit()
        return {"angkatan": angkatan.id, "coordinator": coordinator.nip}


def test_the_page_shows_attendance_tasks_and_the_pjj_reasons(app, pjj_report):
    client = client_for(app, pjj_report["coordinator"])
    page = client.get(f"/dasbor/angkatan/{pjj_report['angkatan']}").get_data(as_text=True)
    assert "Presensi PJJ" in page and "Tugas" in page
    assert "3/3" in page and "0/3" in page and "0/2" in page
    assert "Tidak hadir 3 sesi berturut-turut." in page
    assert "2 tugas belum dikumpulkan." in page


def test_the_export_has_the_pjj_columns_and_the_attended_jp(app, pjj_report):
    client = client_for(app, pjj_report["coordinator"])
    path = f"/dasbor/angkatan/{pjj_report['angkatan']}"
    response = client.post(f"{path}/ekspor.csv", data={"csrf_token": csrf_token(client, path)})
    rows = {r["Nama"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))}
    ani, budi = rows["Ani PJJ"], rows["Budi PJJ"]
    assert (ani["Sesi PJJ dihadiri"], ani["Sesi PJJ terlaksana"], ani["Presensi PJJ (%)"]) == ("3", "3", "100.0")
    assert (budi["Sesi PJJ dihadiri"], budi["Tugas terkumpul"], budi["Tugas jatuh tempo"]) == ("0", "0", "2")
    assert float(ani["JP selesai"]) == 6.0 and float(budi["JP selesai"]) == 0.0  # 3 sessions of 2 JP attended
    assert "Tidak hadir 3 sesi berturut-turut." in budi["Perlu perhatian"]
