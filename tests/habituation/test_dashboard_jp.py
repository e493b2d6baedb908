"""JP done in the aktualisasi phase, wherever the product shows JP done per phase (the angkatan report): the
habituation days the mentor confirmed, credited by lms.habituation.period.credited_jp."""

from datetime import timedelta

from lms.auth.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.dashboard.reports import angkatan_report
from lms.habituation.models import LogEntry
from lms.habituation.period import Period, credited_jp
from lms.habituation.progress import credited_jp_by_user
from lms.people.models import Enrolment


def test_confirmed_days_are_the_aktualisasi_phases_jp_done(app, log_world, count_queries):
    p1, p2 = log_world.ids["p1"], log_world.ids["p2"]
    day = log_world.day
    with app.app_context():
        for n, state in enumerate(("confirmed", "confirmed", "waiting")):
            db.session.add(
                LogEntry(
                    user_id=p1,
                    activity_id=log_world.activity_id,
                    day=day - timedelta(days=7 * n),
                    done="x",
                    state=state,
                    confirmed_at=utcnow(),
                )
            )
        # Two entries on one day count that day once.
        db.session.add(LogEntry(user_id=p1, activity_id=log_world.activity_id, day=day, done="y", state="confirmed"))
        db.session.commit()
        expected = credited_jp(2, Period(log_world.opens, log_world.closes, 320))
        with count_queries() as counted:
            assert credited_jp_by_user([p1, p2]) == {p1: expected}
        assert counted.count == 1
        angkatan_id = db.session.get(Enrolment, db.session.get(User, p1).enrolment.id).angkatan_id
        coordinator = db.session.get(User, log_world.ids["coordinator"])
        with app.test_request_context():
            report = angkatan_report(angkatan_id, coordinator)
        rows = {r.user_id: r for r in report.rows}
        assert rows[p1].jp_done == expected and rows[p2].jp_done == 0.0
