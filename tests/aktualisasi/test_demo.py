"""seed-demo puts demo plans at each state of the first path, and the demo coach and mentor can act on them."""

from sqlalchemy import select

from lms.aktualisasi.models import Plan, PlanComment
from lms.auth.models import User
from lms.core.extensions import db
from lms.people.demo import DEMO_PASSWORD
from tests.helpers.aktualisasi import act
from tests.helpers.web import AuthActions


def _client(app, login):
    client = app.test_client()
    AuthActions(client).login(login, DEMO_PASSWORD)
    return client


def test_demo_plans_at_each_state_for_the_demo_coach_and_mentor(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(select(Plan.state, User.id, User.name).join(User, User.id == Plan.user_id)).all()
        by_state = {state: (uid, name) for state, uid, name in rows}
        # seminar_scheduled and scored: the demo seminar's two plans (tests/seminar/test_demo.py); revisions_asked:
        # the dashboard demo's (lms.dashboard.demo)
        assert sorted(set(by_state) - {"seminar_scheduled", "scored", "revisions_asked"}) == sorted(
            ["draft", "submitted", "returned_by_coach", "accepted_by_coach", "approved_by_mentor", "approved"]
        )
        assert db.session.scalar(select(PlanComment.body).where(PlanComment.section == "penyebab"))
    coach = _client(app, "widyaiswara1@latsar.test")
    queue = coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert by_state["submitted"][1] in queue
    submitted_id = by_state["submitted"][0]
    assert act(coach, f"/aktualisasi/peserta/{submitted_id}/tindakan", "accept", "submitted").status_code == 302
    mentor = _client(app, "mentor1@latsar.test")
    assert by_state["accepted_by_coach"][1] in mentor.get("/aktualisasi/antrean").get_data(as_text=True)
    accepted_id = by_state["accepted_by_coach"][0]
    assert (
        act(mentor, f"/aktualisasi/peserta/{accepted_id}/tindakan", "approve", "accepted_by_coach").status_code == 302
    )
    with app.app_context():
        assert db.session.scalar(select(Plan.state).where(Plan.user_id == accepted_id)) == "approved_by_mentor"
