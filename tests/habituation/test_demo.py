"""seed-demo puts a participant in habituation with a log: entries confirmed, questioned and waiting, with
photos and coach comments; the demo mentor sees the entries waiting, the participant their progress."""

from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.habituation.models import LogComment, LogEntry, LogEvidence
from lms.people.demo import DEMO_PASSWORD
from tests.helpers.web import AuthActions


def _client(app, login):
    client = app.test_client()
    AuthActions(client).login(login, DEMO_PASSWORD)
    return client


def test_demo_log_for_the_participant_mentor_and_coach(app, runner):
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "participant (habituasi)" in result.output
    with app.app_context():
        from lms.habituation.demo import habituation_login

        nip = habituation_login()["participant (habituasi)"]
        mine = LogEntry.user_id == select(User.id).where(User.nip == nip).scalar_subquery()
        states = dict(
            db.session.execute(select(LogEntry.state, func.count()).where(mine).group_by(LogEntry.state)).all()
        )
        assert states == {"confirmed": 3, "questioned": 1, "waiting": 2}
        assert db.session.scalar(select(func.count(LogEvidence.id))) == 6
        assert db.session.scalar(select(func.count(LogComment.id)).where(LogComment.role == "coach")) == 3
    mentor = _client(app, "mentor1@latsar.test").get("/aktualisasi/antrean").get_data(as_text=True)
    assert "2 entri menunggu konfirmasi" in mentor
    coach = _client(app, "widyaiswara1@latsar.test").get("/aktualisasi/antrean").get_data(as_text=True)
    assert "entri menunggu komentar Anda" in coach
    log = _client(app, nip).get("/habituasi/").get_data(as_text=True)
    assert "Dipertanyakan mentor" in log and "Kemajuan per kegiatan" in log
