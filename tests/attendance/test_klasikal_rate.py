"""klasikal_attendance_rate, the function the final result's pass rule reads through
lms.program.sources.KLASIKAL_ATTENDANCE: held sessions only, late counts as present, excused ones leave the
denominator, and a fixed number of queries whatever the number of participants."""

from datetime import timedelta
from decimal import Decimal

from lms.attendance.klasikal_rate import klasikal_attendance_rate
from lms.attendance.models import AttendanceCorrection, TrainingSession
from lms.attendance.recap import attendance_summary
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.program.sources import klasikal_attendance
from tests.factories import make_participant, make_session, make_user


def _record(session_id: int, user_id: int, status: str, note: str = "Keterangan", minutes=None):
    db.session.add(
        AttendanceCorrection(session_id=session_id, user_id=user_id, status=status, note=note, late_minutes=minutes)
    )


def _held_days(angkatan_id: int, days: int) -> list[int]:
    """`days` more klasikal sessions of the angkatan, ended (one a day, before the fixture's)."""
    angkatan = db.session.get(Angkatan, angkatan_id)
    start = utcnow() - timedelta(days=10)
    return [
        make_session(angkatan, starts_at=start + timedelta(days=n), phase_code="klasikal", mode="tatap_muka").id
        for n in range(days)
    ]


def test_the_rate_of_each_participant(app, klasikal, count_queries):
    first, second, third = klasikal["participant_ids"]
    with app.app_context():
        extra = _held_days(klasikal["angkatan_id"], 3)
        held = [*extra, klasikal["ended_id"]]  # four held sessions; the running one and tomorrow's are not held
        for session_id in held:
            _record(session_id, first, "hadir")
        _record(held[0], second, "terlambat", minutes=20)
        _record(held[1], second, "izin", "Surat izin")
        _record(held[2], second, "alpa", "Tanpa kabar")
        # held[3]: nothing recorded for the second participant, which counts as alpa
        for session_id in held:
            _record(session_id, third, "sakit", "Surat dokter")
        _record(klasikal["running_id"], third, "hadir")  # under way: counts for nobody yet
        nobody = make_user().id  # no enrolment
        db.session.commit()
        with count_queries() as counter:
            rates = klasikal_attendance_rate([first, second, third, klasikal["outsider_id"], nobody])
        assert len(counter.statements) <= 7
        assert rates == {
            first: Decimal("100.00"),
            second: Decimal("33.33"),  # 1 (late) of 3 counted: izin left out, alpa and nothing recorded absent
            third: None,  # every held session excused
            klasikal["outsider_id"]: None,  # their angkatan has held no klasikal session
            nobody: None,
        }
        # The pass rule reads it through the program's hook.
        assert klasikal_attendance([first, second]) == {first: Decimal("100.00"), second: Decimal("33.33")}


def test_the_rate_takes_the_same_queries_for_ten_times_the_participants(app, klasikal, count_queries):
    with app.app_context():
        angkatan = db.session.get(Angkatan, klasikal["angkatan_id"])
        more = [make_participant(angkatan).id for _ in range(30)]
        for user_id in more[::2]:
            _record(klasikal["ended_id"], user_id, "terlambat")
        db.session.commit()
        with count_queries() as few:
            klasikal_attendance_rate(klasikal["participant_ids"])
        with count_queries() as many:
            rates = klasikal_attendance_rate(klasikal["participant_ids"] + more)
        assert len(many.statements) == len(few.statements) <= 7
        assert [rates[u] for u in more[:2]] == [Decimal("100.00"), Decimal("0.00")]


def test_late_counts_as_present_in_the_summary_and_the_gate(app, klasikal):
    first = klasikal["participant_ids"][0]
    with app.app_context():
        _record(klasikal["ended_id"], first, "terlambat", minutes=5)
        db.session.commit()
        phase_id = db.session.get(TrainingSession, klasikal["ended_id"]).phase_id
        summary = attendance_summary([first], phase_id)[first]
        assert (summary.attended, summary.held, summary.present_total, summary.jp_attended) == (1, 1, 1, 2)
        assert summary.consecutive_absences == 0
