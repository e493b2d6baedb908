"""seed-demo gives Angkatan 69 on campus: six klasikal days of 62 JP around today, its committee member (a printed
login) who took the past days' attendance, and a participant login with a QR and a rate to show."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from lms.attendance.klasikal_demo import klasikal_days
from lms.attendance.klasikal_rate import klasikal_attendance_rate
from lms.attendance.models import AttendanceCorrection, TrainingSession
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.demo import DEMO_PASSWORD
from lms.people.models import Angkatan, AngkatanCommittee, Enrolment
from tests.helpers.web import AuthActions


def _login(output: str, role: str) -> str:
    return next(line.split("NIP ")[1] for line in output.splitlines() if line.strip().startswith(role + " "))


def test_the_demo_has_an_angkatan_on_campus_with_its_committee(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    committee_nip, participant_nip = _login(result.output, "committee"), _login(result.output, "participant (klasikal)")
    assert committee_nip == "198802142012031010"
    with app.app_context():
        angkatan = db.session.scalar(select(Angkatan).where(Angkatan.number == 69))
        sessions = db.session.scalars(
            select(TrainingSession)
            .where(TrainingSession.angkatan_id == angkatan.id)
            .order_by(TrainingSession.starts_at)
        ).all()
        assert len(sessions) == 12 and sum(s.jp for s in sessions) == 62
        assert {s.mode for s in sessions} == {"tatap_muka"} and all(s.room for s in sessions)
        held = [s for s in sessions if s.ends_at <= utcnow()]
        assert len(held) >= 4  # the two days before today
        recorded = select(func.count()).select_from(AttendanceCorrection).join(TrainingSession)
        assert db.session.scalar(recorded.where(TrainingSession.id.in_([s.id for s in sessions[:4]]))) == 4 * 40
        assert db.session.scalar(select(func.count()).select_from(AngkatanCommittee)) == 1
        user_ids = db.session.scalars(select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan.id)).all()
        rates = klasikal_attendance_rate(user_ids)
        assert len(user_ids) == 40 and Decimal("100.00") in rates.values()
        assert min(r for r in rates.values() if r is not None) < Decimal(100)  # the absence
    # On a Monday: Thursday, Friday, the day itself, then three workdays; on a Sunday the Sunday is today's.
    assert [d.day for d in klasikal_days(date(2026, 12, 7))] == [3, 4, 7, 8, 9, 10]
    assert [d.day for d in klasikal_days(date(2026, 12, 6))] == [3, 4, 6, 7, 8, 9]
    committee = app.test_client()
    AuthActions(committee).login(committee_nip, DEMO_PASSWORD)
    home = committee.get("/").get_data(as_text=True)
    assert "Angkatan 69" in home and "Ambil presensi" in home
    participant = app.test_client()
    AuthActions(participant).login(participant_nip, DEMO_PASSWORD)
    assert 'class="qr"' in participant.get("/klasikal").get_data(as_text=True)
