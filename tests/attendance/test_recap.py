"""Corrections (audited, old value kept), the recap and its exports, attendance_summary in a bounded number of
queries, and the calendar feed."""

import io
from datetime import timedelta

from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from lms.attendance.models import AttendanceCorrection, Checkin, CheckinCode
from lms.attendance.recap import attendance_summary
from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.phases.models import Phase
from tests.factories import make_participant, make_session
from tests.helpers.attendance import check_in, open_code
from tests.helpers.web import client_for, post


def test_a_correction_is_audited_with_the_status_it_replaces(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code)
    client = client_for(app, pjj["widyaiswara"])
    url = f"/presensi/sesi/{pjj['session_id']}/peserta/{pjj['participant_ids'][0]}"
    short = post(client, url, {"status": "sakit", "note": ""}, token_from=url)
    assert short.status_code == 400 and "Tulis keterangan" in short.get_data(as_text=True)
    assert post(client, url, {"status": "sakit", "note": "Surat dokter 3 Maret"}, token_from=url).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attendance.correct"))
        assert entry.details["old"]["status"] == "hadir"
        assert entry.details["new"] == {"status": "sakit", "note": "Surat dokter 3 Maret"}
        assert entry.subject_user_id == pjj["participant_ids"][0] and entry.actor_id == pjj["widyaiswara_id"]
        assert db.session.scalar(select(AttendanceCorrection.status)) == "sakit"


def _history(app, pjj):
    """Four ended sessions: participant 0 attends all (the same 42 s after each code: a script), participant 1
    the first only, participant 2 none; participant 1 is excused from the second."""
    with app.app_context():
        angkatan = db.session.get(Angkatan, pjj["angkatan_id"])
        start = utcnow() - timedelta(days=5)
        ids = []
        for n in range(4):
            session = make_session(angkatan, starts_at=start + timedelta(days=n), jp=3, topic=f"Hari {n + 1}")
            code = CheckinCode(
                session_id=session.id,
                code=f"AAAA{n + 3}",
                opened_at=session.starts_at,
                expires_at=session.starts_at + timedelta(minutes=5),
            )
            db.session.add(code)
            db.session.flush()
            attendees = [pjj["participant_ids"][0]] + ([pjj["participant_ids"][1]] if n == 0 else [])
            for user_id in attendees:
                db.session.add(
                    Checkin(
                        code_id=code.id,
                        session_id=session.id,
                        user_id=user_id,
                        at=code.opened_at + timedelta(seconds=42),
                        ip=f"10.0.0.{user_id}",
                        device=f"d{user_id}",
                    )
                )
            ids.append(session.id)
        db.session.add(
            AttendanceCorrection(
                session_id=ids[1], user_id=pjj["participant_ids"][1], status="izin", note="Tugas kantor"
            )
        )
        db.session.commit()
        return ids


def test_attendance_summary(app, pjj, count_queries):
    _history(app, pjj)
    with app.app_context():
        pjj_phase = db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))
        with count_queries() as counter:
            found = attendance_summary(pjj["participant_ids"] + [pjj["outsider_id"]], pjj_phase)
        assert len(counter.statements) <= 6
    first, second, third = (found[i] for i in pjj["participant_ids"])
    assert (first.attended, first.held, first.percent, first.jp_attended, first.flagged) == (4, 4, 100.0, 12, True)
    assert (second.attended, second.excused, second.consecutive_absences, second.flagged) == (1, 1, 2, False)
    assert (third.attended, third.percent, third.consecutive_absences) == (0, 0.0, 4)
    assert found[pjj["outsider_id"]].held == 0  # the other angkatan's session has not ended


def test_the_summary_stays_bounded_as_the_angkatan_grows(app, pjj, count_queries):
    _history(app, pjj)
    with app.app_context():
        angkatan = db.session.get(Angkatan, pjj["angkatan_id"])
        more = [make_participant(angkatan).id for _ in range(20)]
        db.session.commit()
        with count_queries() as counter:
            attendance_summary(pjj["participant_ids"] + more, 2)
        assert len(counter.statements) <= 6


def test_the_recap_page_and_its_exports(app, pjj):
    _history(app, pjj)
    client = client_for(app, pjj["coordinator"])
    page = client.get(f"/presensi/angkatan/{pjj['angkatan_id']}")
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Peserta 0" in html and "4/4" in html and "H!" in html
    url = f"/presensi/angkatan/{pjj['angkatan_id']}/rekap"
    csv_text = post(
        client, url + ".csv", {"pemisah": "titikkoma"}, token_from=f"/presensi/angkatan/{pjj['angkatan_id']}"
    )
    lines = csv_text.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("No;NDH;NIP;Nama;Instansi;") and "Kehadiran (%)" in lines[0]
    second = next(line for line in lines if "Peserta 1" in line).split(";")
    assert second[5:9] == ["H", "I", "A", "A"]
    workbook = load_workbook(io.BytesIO(post(client, url + ".xlsx", token_from="/").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    first = next(r for r in rows if r[3] == "Peserta 0")
    assert first[5:9] == ("H", "H", "H", "H") and 100 in first
    assert rows[-2][3] == "Hadir per sesi" and rows[-2][5] == 2
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "export.attendance"))


def test_an_exported_name_cannot_start_a_formula(app, pjj):
    with app.app_context():
        make_participant(db.session.get(Angkatan, pjj["angkatan_id"]), name='=HYPERLINK("x")')
        db.session.commit()
    client = client_for(app, pjj["coordinator"])
    data = post(client, f"/presensi/angkatan/{pjj['angkatan_id']}/rekap.csv", token_from="/").get_data(as_text=True)
    assert "'=HYPERLINK" in data


def test_the_session_page_shows_flags_and_exports_its_list(app, pjj):
    ids = _history(app, pjj)
    client = client_for(app, pjj["coordinator"])
    html = client.get(f"/presensi/sesi/{ids[0]}/kelola").get_data(as_text=True)
    assert "waktu sama di 4 sesi" in html
    data = post(client, f"/presensi/sesi/{ids[1]}/rekap.csv", token_from="/").get_data(as_text=True)
    assert "Tugas kantor" in data and "izin" in data


def test_the_calendar_feed(app, pjj):
    client = client_for(app, pjj["participants"][0])
    page = post(client, "/pjj/kalender", token_from="/pjj/jadwal").get_data(as_text=True)
    url = page.split('<p class="secret"><code>')[1].split("</code>")[0]
    assert "/pjj/kalender/" in url and url.endswith(".ics")
    path = url.split("localhost", 1)[1]
    anonymous = app.test_client()  # a calendar app: no session
    response = anonymous.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Wawasan Kebangsaan"]  # not the other angkatan's
    assert str(events[0]["uid"]) == f"sesi-{pjj['session_id']}@localhost"
    assert events[0].walk("VALARM")
    assert events[0].decoded("dtstart").utcoffset() == timedelta(0)
    # A new address replaces the old one; revoking stops both.
    post(client, "/pjj/kalender", token_from="/pjj/jadwal")
    assert anonymous.get(path).status_code == 404
    post(client, "/pjj/kalender/cabut", token_from="/pjj/jadwal")
    assert "Buat tautan kalender" in client.get("/pjj/jadwal").get_data(as_text=True)
