"""The participant's QR and what scanning it does: the page it opens shows who it is and the session under way,
"Catat hadir" records present (late after the grace period) once, and a second scan says it is already recorded."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from lms.attendance.klasikal_pass import pass_token, pass_url, qr_svg
from lms.attendance.models import AttendanceCorrection, TrainingSession
from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan
from tests.factories import make_session
from tests.helpers.web import client_for, post


def _scan_url(app, user_id: int) -> str:
    with app.app_context():
        return f"/klasikal/pindai/{pass_token(user_id, current_app.secret_key)}"


def _records(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(
                AttendanceCorrection.session_id,
                AttendanceCorrection.user_id,
                AttendanceCorrection.status,
                AttendanceCorrection.late_minutes,
            )
        ).all()


def test_the_scan_page_shows_who_it_is_and_records_them_once(app, klasikal):
    first = klasikal["participant_ids"][0]
    url = _scan_url(app, first)
    client = client_for(app, klasikal["committee"])
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Peserta Klasikal 1" in html and klasikal["participants"][0] in html and "<dd>1</dd>" in html
    assert f'value="{klasikal["running_id"]}" checked' in html  # the session under way is chosen
    assert "Catat hadir" in html and "<script" not in html
    assert "Kemarin" not in html and "Besok" not in html  # today's sessions only
    done = post(client, url, {"session_id": klasikal["running_id"]}, token_from=url)
    assert done.status_code == 302
    assert "Peserta Klasikal 1 tercatat hadir di sesi Apel pagi" in client.get(done.location).get_data(as_text=True)
    again = post(client, url, {"session_id": klasikal["running_id"]}, token_from=url)
    assert "sudah tercatat hadir" in client.get(again.location).get_data(as_text=True)
    assert _records(app) == [(klasikal["running_id"], first, "hadir", None)]
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("attendance.%"))).all()
        assert [(e.action, e.details["via"], e.actor_id) for e in entries] == [
            ("attendance.record", "qr", klasikal["committee_id"])
        ]


def test_after_the_grace_period_a_scan_records_late_with_the_minutes(app, klasikal):
    second = klasikal["participant_ids"][1]
    with app.app_context():
        angkatan = db.session.get(Angkatan, klasikal["angkatan_id"])
        late = make_session(
            angkatan, starts_at=utcnow() - timedelta(minutes=40), topic="Materi siang", phase_code="klasikal"
        ).id
        db.session.commit()
    url = _scan_url(app, second)
    client = client_for(app, klasikal["coordinator"])
    done = post(client, url, {"session_id": late}, token_from=url)
    assert "tercatat terlambat 40 menit di sesi Materi siang" in client.get(done.location).get_data(as_text=True)
    assert _records(app) == [(late, second, "terlambat", 40)]


def test_a_scan_of_someone_already_recorded_another_way_changes_nothing(app, klasikal):
    third = klasikal["participant_ids"][2]
    client = client_for(app, klasikal["committee"])
    page = f"/klasikal/sesi/{klasikal['running_id']}/presensi"
    row = {f"status-{third}": "izin", f"alasan-{third}": "Surat izin", f"semula-{third}": ""}
    assert post(client, page, row, token_from=page).status_code == 302
    url = _scan_url(app, third)
    scanned = post(client, url, {"session_id": klasikal["running_id"]}, token_from=url)
    assert "sudah tercatat izin" in client.get(scanned.location).get_data(as_text=True)
    assert _records(app) == [(klasikal["running_id"], third, "izin", None)]


def test_a_day_without_a_klasikal_session_offers_no_button(app, klasikal):
    with app.app_context():  # the angkatan's sessions of today move three days on
        for session in db.session.scalars(
            select(TrainingSession).where(TrainingSession.angkatan_id == klasikal["angkatan_id"])
        ):
            session.starts_at += timedelta(days=3)
            session.ends_at += timedelta(days=3)
        db.session.commit()
    client = client_for(app, klasikal["committee"])
    html = client.get(_scan_url(app, klasikal["participant_ids"][0])).get_data(as_text=True)
    assert "Tidak ada sesi klasikal hari ini" in html and "Catat hadir" not in html
    assert "Tidak ada sesi klasikal hari ini" in client.get("/").get_data(as_text=True)


def test_the_participant_sees_their_qr_and_their_attendance(app, klasikal):
    first = klasikal["participant_ids"][0]
    with app.app_context():
        db.session.add(
            AttendanceCorrection(session_id=klasikal["ended_id"], user_id=first, status="terlambat", late_minutes=7)
        )
        db.session.commit()
    client = client_for(app, klasikal["participants"][0])
    page = client.get("/klasikal")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    with app.test_request_context():
        user = db.session.get(User, first)
        expected = qr_svg(pass_url(first), f"Kode QR presensi klasikal {user.name}")
    assert str(expected) in html  # the QR of their own scan address, inline, no script
    assert 'class="qr"' in html and "style=" not in html.split('class="qr"')[1].split("</svg>")[0]
    assert "terlambat 7 menit" in html and "100%" in html and "Apel pagi" in html and "Besok" in html
    assert "Aula Utama" in html
