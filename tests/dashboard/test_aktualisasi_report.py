"""The angkatan report in aktualisasi, with real requests: the stage columns and the new reasons for attention on
the page and in the export, their statements bounded whatever the angkatan's size, and the scope (a coordinator of
another lembaga, an instansi viewer of another instansi)."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.aktualisasi.models import Plan, PlanActivity
from lms.auth.models import User
from lms.core.extensions import db
from lms.dashboard.reports import angkatan_report
from lms.habituation.models import LogEntry
from lms.habituation.period import is_workday
from lms.people.models import Enrolment
from lms.report.models import AktualisasiReport
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_participant,
    wib_today,
)
from tests.helpers.habituation import schedule_aktualisasi
from tests.helpers.web import client_for, csrf_token


def workdays_before(today: date, n: int) -> date:
    day = today
    while n:
        day -= timedelta(days=1)
        n -= is_workday(day)
    return day


def age(today: date, n: int) -> int:
    """The workdays an item of workdays_before(today, n) has waited by today: n, less one on a weekend."""
    return n - 1 + is_workday(today)


def at(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), UTC)  # 15:00 in WIB, the same day


@pytest.fixture
def waiting_world(app, log_world):
    """p1 (approved plan, habituating) logged two entries 8 and 6 workdays ago, both still waiting for mentor M;
    p2's plan was submitted to coach B 7 workdays ago."""
    ids, today = log_world.ids, wib_today()
    with app.app_context():
        for back in (8, 6):
            day = workdays_before(today, back)
            entry = LogEntry(user_id=ids["p1"], activity_id=log_world.activity_id, day=day, done="Rapat SOP.")
            entry.created_at = entry.updated_at = at(day)
            db.session.add(entry)
        db.session.add(Plan(user_id=ids["p2"], state="submitted", state_changed_at=at(workdays_before(today, 7))))
        db.session.commit()
        angkatan_id = db.session.scalar(select(Enrolment.angkatan_id).where(Enrolment.user_id == ids["p1"]))
        coach_b = db.session.get(User, ids["coach_b"]).name
    return {"world": log_world, "angkatan": angkatan_id, "coach_b": coach_b, "today": today}


def test_the_page_shows_the_stage_columns_and_the_new_reasons(app, waiting_world):
    client = waiting_world["world"].client("coordinator")
    response = client.get(f"/dasbor/angkatan/{waiting_world['angkatan']}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    for heading in ("Tahap aktualisasi", "Hari tanpa log", "Belum dikonfirmasi", "Menunggu coach/mentor"):
        assert heading in page
    today = waiting_world["today"]
    quiet = 5  # the workdays after the last entry (the 6th workday before today), up to yesterday
    assert "Masa habituasi berjalan" in page and "Diajukan ke coach" in page
    assert "2 entri log belum dikonfirmasi mentor lebih dari 3 hari kerja." in page
    assert f"Tidak mengisi log habituasi {quiet} hari kerja." in page
    assert f"Rancangan menunggu tinjauan coach {waiting_world['coach_b']} selama {age(today, 7)} hari kerja." in page
    assert f"tertua {age(today, 8)} hari kerja" in page
    sorted_page = client.get(f"/dasbor/angkatan/{waiting_world['angkatan']}?urut=tahap&arah=turun")
    text = sorted_page.get_data(as_text=True).split('class="dash matrix"')[1]
    assert text.index("Siti Rahmawati") < text.index("Budi Santoso")  # habituation after the plan's review


def test_the_export_has_the_aktualisasi_columns(app, waiting_world):
    client = waiting_world["world"].client("coordinator")
    path = f"/dasbor/angkatan/{waiting_world['angkatan']}"
    response = client.post(f"{path}/ekspor.csv", data={"csrf_token": csrf_token(client, path)})
    rows = {r["Nama"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))}
    siti, budi = rows["Siti Rahmawati"], rows["Budi Santoso"]
    assert (siti["Tahap aktualisasi"], siti["Status tahap"]) == ("Habituasi", "Masa habituasi berjalan")
    today = waiting_world["today"]
    assert (siti["Entri belum dikonfirmasi"], siti["Entri tertua menunggu (hari kerja)"]) == ("2", str(age(today, 8)))
    assert siti["Hari kerja tanpa log"] == "5"
    assert (budi["Tahap aktualisasi"], budi["Status tahap"], budi["Hari kerja tanpa log"]) == (
        "Rancangan",
        "Diajukan ke coach",
        "",
    )
    assert (budi["Menunggu"], budi["Menunggu siapa"], budi["Lama menunggu (hari kerja)"]) == (
        "Rancangan menunggu tinjauan coach",
        waiting_world["coach_b"],
        str(age(today, 7)),
    )
    assert "Rancangan menunggu tinjauan coach" in budi["Perlu perhatian"]
    assert "2 entri log belum dikonfirmasi" in siti["Perlu perhatian"]
    # The XLSX carries the same columns, the numbers as numbers.
    xlsx = client.post(f"{path}/ekspor.xlsx", data={"csrf_token": csrf_token(client, path)})
    header, *cells = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows()]
    sheet = {row[header.index("Nama")]: dict(zip(header, row, strict=True)) for row in cells}
    assert sheet["Budi Santoso"]["Menunggu siapa"] == waiting_world["coach_b"]
    assert (sheet["Siti Rahmawati"]["Tahap aktualisasi"], sheet["Siti Rahmawati"]["Hari kerja tanpa log"]) == (
        "Habituasi",
        5,
    )


def test_no_aktualisasi_columns_before_its_phase_opens(app, plan_world):
    with app.app_context():
        angkatan_id = db.session.scalar(select(Enrolment.angkatan_id).where(Enrolment.user_id == plan_world.ids["p1"]))
        schedule_aktualisasi(angkatan_id, date.today() + timedelta(days=10), date.today() + timedelta(days=50))
        db.session.commit()
    client = plan_world.client("coordinator")
    assert "Tahap aktualisasi" not in client.get(f"/dasbor/angkatan/{angkatan_id}").get_data(as_text=True)
    path = f"/dasbor/angkatan/{angkatan_id}"
    export = client.post(f"{path}/ekspor.csv", data={"csrf_token": csrf_token(client, path)})
    assert "Tahap aktualisasi" not in export.get_data(as_text=True)


def test_another_lembagas_coordinator_sees_neither_page_nor_export(app, waiting_world):
    world = waiting_world["world"]
    client = world.client("other_coordinator")
    path = f"/dasbor/angkatan/{waiting_world['angkatan']}"
    assert client.get(path).status_code == 404
    own = world.client("coordinator")
    assert client.post(f"{path}/ekspor.csv", data={"csrf_token": csrf_token(own, path)}).status_code in (400, 404)
    assert client.post(f"{path}/ekspor.csv", data={"csrf_token": csrf_token(client, "/")}).status_code == 404


def test_an_instansi_viewer_sees_the_stage_of_their_own_employees_only(app, waiting_world):
    world = waiting_world["world"]
    page = world.client("viewer").get("/dasbor/pegawai").get_data(as_text=True)
    assert "Tahap aktualisasi" in page and "Masa habituasi berjalan" in page and "Siti Rahmawati" in page
    with app.app_context():
        stranger = make_instansi_viewer(make_instansi("Pemerintah Kabupaten Serang")).nip
        db.session.commit()
    other = client_for(app, stranger).get("/dasbor/pegawai").get_data(as_text=True)
    assert "Siti Rahmawati" not in other and "Masa habituasi berjalan" not in other
    export = client_for(app, stranger).post(
        "/dasbor/pegawai/ekspor.csv", data={"csrf_token": csrf_token(client_for(app, stranger), "/dasbor/pegawai")}
    )
    assert "Siti Rahmawati" not in export.get_data(as_text=True)


def _angkatan_in_aktualisasi(size: int):
    """`size` participants in every stage state: plans, one activity each, log entries, reports."""
    instansi = make_instansi()
    angkatan = make_angkatan(instansi)
    schedule_aktualisasi(angkatan.id, date.today() - timedelta(days=15), date.today() + timedelta(days=25))
    states = ("draft", "submitted", "accepted_by_coach", "seminar_scheduled", "approved")
    for n in range(size):
        user = make_participant(angkatan)
        plan = Plan(user_id=user.id, state=states[n % len(states)])
        db.session.add(plan)
        db.session.flush()
        activity = PlanActivity(plan_id=plan.id, title="Kegiatan")
        db.session.add(activity)
        db.session.flush()
        if plan.state == "approved":
            for back, state in ((1, "confirmed"), (4, "waiting")):
                day = workdays_before(date.today(), back)
                db.session.add(LogEntry(user_id=user.id, activity_id=activity.id, day=day, done="x", state=state))
            if n % 2:
                db.session.add(AktualisasiReport(user_id=user.id, state="submitted"))
    coordinator = make_coordinator(instansi)
    db.session.commit()
    return angkatan.id, coordinator


def test_statements_do_not_grow_with_the_angkatan(app, count_queries):
    counts = []
    for size in (5, 40):
        with app.app_context():
            angkatan_id, coordinator = _angkatan_in_aktualisasi(size)
            with app.test_request_context(), count_queries() as counted:
                report = angkatan_report(angkatan_id, coordinator)
                assert all(r.aktualisasi is not None for r in report.rows) and len(report.rows) == size
                assert [r.risks for r in report.rows]  # the messages formatted too
            counts.append(counted.count)
    assert counts[0] == counts[1]


def test_a_participant_under_way_in_aktualisasi_is_not_reported_as_not_started(app):
    """The demo's Angkatan 70 (lessons imported, MOOC long open): whoever has a plan past its draft or log entries
    is under way, though unconfirmed days bring no JP yet; only the untouched are "not started"."""
    from lms.content.importer import import_content
    from lms.dashboard.reports import angkatan_report
    from lms.demo import seed_demo
    from lms.habituation.demo import NUMBER
    from lms.people.models import Angkatan
    from lms.phases.models import install_default_phases

    with app.app_context():
        install_default_phases()
        assert import_content(Path(__file__).resolve().parents[2] / "content").problems == []
        logins = seed_demo()
        db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.nip == logins["coordinator"]))
        angkatan_id = db.session.scalar(select(Angkatan.id).where(Angkatan.number == NUMBER))
        report = angkatan_report(angkatan_id, coordinator)
        under_way = [r for r in report.rows if r.aktualisasi and r.aktualisasi.started]
        assert len(under_way) >= 5
        for row in under_way:
            assert "not_started" not in {kind for kind, _facts in row.risk_facts}, row.name
