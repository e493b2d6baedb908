"""The JP ledger: lessons read, PJJ and klasikal sessions attended (once ended), habituation days the mentor confirmed,
each phase capped at the program's JP; the same figures on the dashboard's matrix; statements independent of the
number of participants; a participant's account per phase on their home and their record."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from lms.attendance.models import AttendanceCorrection
from lms.auth.models import User
from lms.content.models import PhaseProgress
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.dashboard.jp_ledger import jp_ledger, ledger, participant_account
from lms.dashboard.reports import angkatan_report
from lms.habituation.models import LogEntry
from lms.habituation.period import Period, credited_jp
from lms.people.models import Enrolment
from lms.phases.models import Phase, PhaseSchedule
from lms.program.spec import parse_program
from tests.factories import make_participant, make_session
from tests.program.test_spec import MINIMAL

# The program of the test: its klasikal is 6 JP, so an 8 JP session attended is capped.
PROGRAM = parse_program(MINIMAL.replace("{code: klasikal, jp: 62", "{code: klasikal, jp: 6"))[0]
CAPS = {"mooc": 48, "pjj": 217, "aktualisasi": 320, "klasikal": 62}


def test_the_rule_adds_every_source_and_caps_each_phase():
    lessons = {1: {"mooc": 30.5, "pjj": 4.0}, 2: {"mooc": 60.0}}
    sessions = {1: {"pjj": 6}, 3: {"klasikal": 70}}
    assert ledger([1, 2, 3, 4], CAPS, lessons, sessions) == {
        1: {"mooc": Decimal("30.50"), "pjj": Decimal("10.00"), "aktualisasi": Decimal("0.00"), "klasikal": 0},
        2: {"mooc": Decimal(48), "pjj": 0, "aktualisasi": 0, "klasikal": 0},  # 60 read, 48 in the program
        3: {"mooc": 0, "pjj": 0, "aktualisasi": 0, "klasikal": Decimal(62)},
        4: {"mooc": 0, "pjj": 0, "aktualisasi": 0, "klasikal": 0},
    }
    assert ledger([1], {"mooc": 48}, {1: {"mooc": 1 / 3}})[1]["mooc"] == Decimal("0.33")


def _attend(session, user_id, status="hadir") -> None:
    db.session.add(AttendanceCorrection(session_id=session.id, user_id=user_id, status=status, note="uji"))


def test_every_source_counts_once_capped_at_the_program(app, log_world, count_queries):
    ids = log_world.ids
    p1, p2 = ids["p1"], ids["p2"]
    with app.app_context():
        angkatan = db.session.get(User, p1).enrolment.angkatan
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        db.session.add(PhaseProgress(user_id=p1, phase_id=mooc, jp_done=12.0))
        ended = utcnow() - timedelta(days=2)
        pjj_a = make_session(angkatan, starts_at=ended, jp=3)
        pjj_b = make_session(angkatan, starts_at=ended + timedelta(hours=3), jp=2)
        upcoming = make_session(angkatan, starts_at=utcnow() + timedelta(days=1), jp=5)
        klasikal = make_session(angkatan, starts_at=ended, jp=8, phase_code="klasikal")
        _attend(pjj_a, p1)
        _attend(pjj_b, p1, "izin")  # excused: no JP
        _attend(upcoming, p1)  # not held yet: no JP
        _attend(klasikal, p1)
        _attend(pjj_a, p2, "alpa")
        for day in (log_world.day, log_world.day - timedelta(days=7)):
            db.session.add(
                LogEntry(user_id=p1, activity_id=log_world.activity_id, day=day, done="x", state="confirmed")
            )
        db.session.commit()
        with count_queries() as counted:
            found = jp_ledger([p1, p2], PROGRAM)
        habituation = Decimal(str(credited_jp(2, Period(log_world.opens, log_world.closes, 320))))
        assert found[p1] == {"mooc": 12, "pjj": 3, "aktualisasi": habituation, "klasikal": 6}
        assert found[p2] == {"mooc": 0, "pjj": 0, "aktualisasi": 0, "klasikal": 0}
        assert counted.count <= 12, counted.statements
        # Without a program (none imported yet): the Phase table's JP, klasikal's 62.
        assert jp_ledger([p1])[p1]["klasikal"] == 8
        account = participant_account(p1, PROGRAM)
        assert [(line.code, line.done, line.jp) for line in account.lines] == [
            ("mooc", 12, 48),
            ("pjj", 3, 217),
            ("aktualisasi", habituation, 320),
            ("klasikal", 6, 6),
        ]
        assert account.total == 48 + 217 + 320 + 6 and account.done == 12 + 3 + 6 + habituation


def test_the_statements_do_not_grow_with_the_participants(app, log_world, count_queries):
    with app.app_context():
        angkatan = db.session.get(User, log_world.ids["p1"]).enrolment.angkatan
        session = make_session(angkatan, starts_at=utcnow() - timedelta(days=1), phase_code="klasikal")
        _attend(session, log_world.ids["p1"])
        db.session.commit()
        counts = []
        for extra in (0, 30):
            for _ in range(extra):
                _attend(session, make_participant(angkatan).id)
            db.session.commit()
            everyone = db.session.scalars(select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan.id)).all()
            with count_queries() as counted:
                assert len(jp_ledger(everyone, PROGRAM)) == len(everyone)
            counts.append(counted.count)
        assert counts[0] == counts[1]


def test_the_matrix_counts_klasikal_sessions_once_klasikal_opened(app, log_world):
    """The dashboard's JP column is the ledger's: its klasikal sessions count once the phase has opened."""
    ids = log_world.ids
    with app.app_context():
        user = db.session.get(User, ids["p1"])
        angkatan = user.enrolment.angkatan
        klasikal = db.session.scalar(select(Phase).where(Phase.code == "klasikal"))
        today = utcnow().date()
        db.session.add(
            PhaseSchedule(
                angkatan_id=angkatan.id, phase_id=klasikal.id, opens_on=today - timedelta(days=3), closes_on=today
            )
        )
        session = make_session(angkatan, starts_at=utcnow() - timedelta(days=2), jp=4, phase_code="klasikal")
        _attend(session, ids["p1"])
        db.session.commit()
        coordinator = db.session.get(User, ids["coordinator"])
        with app.test_request_context():
            report = angkatan_report(angkatan.id, coordinator)
        rows = {r.user_id: r for r in report.rows}
        assert rows[ids["p1"]].jp_done == 4.0 and rows[ids["p2"]].jp_done == 0.0


def test_the_participant_sees_their_jp_per_phase_and_staff_on_the_record(app, log_world):
    ids = log_world.ids
    with app.app_context():
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        db.session.add(PhaseProgress(user_id=ids["p1"], phase_id=mooc, jp_done=12.0))
        db.session.commit()
    home = log_world.client("p1").get("/").get_data(as_text=True)
    assert "JP Anda: 12 dari 647 JP" in home and "12 dari 48 JP" in home and "0 dari 217 JP" in home
    record = log_world.client("coordinator").get(f"/orang/peserta/{ids['p1']}").get_data(as_text=True)
    assert "JP per fase" in record and "12 dari 647 JP program Latsar" in record
