"""seed-demo gives the demo coach a report to check and a participant a report in progress."""

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.habituation.demo import NUMBER as HABITUATION_NUMBER
from lms.people.demo import DEMO_PASSWORD
from lms.people.models import Angkatan, Enrolment
from lms.report.models import AktualisasiReport
from tests.helpers.report import act
from tests.helpers.web import AuthActions


def _client(app, login):
    client = app.test_client()
    AuthActions(client).login(login, DEMO_PASSWORD)
    return client


def test_demo_reports_in_progress_and_with_the_coach(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(  # the report demo's (Angkatan 70's are the dashboard demo's, lms.dashboard.demo)
            select(AktualisasiReport.state, User.id, User.name)
            .join(User, User.id == AktualisasiReport.user_id)
            .join(Enrolment, Enrolment.user_id == User.id)
            .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
            .where(Angkatan.number != HABITUATION_NUMBER)
        ).all()
    by_state = {state: (uid, name) for state, uid, name in rows}
    assert sorted(by_state) == ["draft", "submitted"]
    coach = _client(app, "widyaiswara1@latsar.test")
    assert by_state["submitted"][1] in coach.get("/aktualisasi/antrean").get_data(as_text=True)
    assert act(coach, by_state["submitted"][0], "check", "submitted").status_code == 302
    mentor = _client(app, "mentor1@latsar.test")
    assert "Laporan menunggu persetujuan" in mentor.get("/aktualisasi/antrean").get_data(as_text=True)
