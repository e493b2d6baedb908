"""seed-demo gives Angkatan 71 in the middle of PJJ: past sessions with attendance, corrections and one flagged
participant, today's sessions on the PJJ participant's home, the demo instructor teaching some of them."""

from pathlib import Path

from sqlalchemy import func, select

from lms.attendance.models import AttendanceCorrection, TrainingSession
from lms.attendance.recap import attendance_summary
from lms.content.importer import import_content
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.demo import DEMO_PASSWORD
from lms.people.models import Angkatan, Enrolment
from lms.phases.models import Phase
from tests.helpers.web import AuthActions

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_demo_has_an_angkatan_in_the_middle_of_pjj(app, runner):
    with app.app_context():
        assert import_content(CONTENT).problems == []
        db.session.commit()
    result = runner.invoke(args=["lms", "seed-demo"])
    assert result.exit_code == 0, result.output
    nip = next(line.split("NIP ")[1] for line in result.output.splitlines() if "participant (PJJ)" in line)
    with app.app_context():
        angkatan = db.session.scalar(select(Angkatan).where(Angkatan.number == 71))
        sessions = db.session.scalars(select(TrainingSession).where(TrainingSession.angkatan_id == angkatan.id)).all()
        now = utcnow()
        assert len(sessions) == 44 and sum(s.jp for s in sessions) == 217
        assert 0 < sum(s.ends_at <= now for s in sessions) < 44
        assert {s.widyaiswara.email for s in sessions} >= {"widyaiswara1@latsar.test"}
        corrections = select(func.count()).select_from(AttendanceCorrection).join(TrainingSession)
        assert db.session.scalar(corrections.where(TrainingSession.angkatan_id == angkatan.id)) == 4
        user_ids = db.session.scalars(select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan.id)).all()
        pjj = db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))
        found = attendance_summary(user_ids, pjj)
        assert sum(s.flagged for s in found.values()) == 1
        assert all(s.held > 0 for s in found.values())
    participant = app.test_client()
    AuthActions(participant).login(nip, DEMO_PASSWORD)
    assert "Sesi hari ini" in participant.get("/").get_data(as_text=True)
