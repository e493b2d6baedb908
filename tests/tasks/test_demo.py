"""seed-demo gives the PJJ angkatan tasks with rubrics, submissions whose files are in storage, and grades with
feedback; the demo widyaiswara, participant and coordinator each see them."""

from pathlib import Path

from sqlalchemy import func, select

from lms.attendance.demo import pjj_login
from lms.content.importer import import_content
from lms.core.extensions import db
from lms.core.storage import get_storage
from lms.people.demo import DEMO_PASSWORD
from lms.tasks.models import Grade, SubmissionVersion, Task
from tests.helpers.web import AuthActions

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _client(app, login):
    client = app.test_client()
    AuthActions(client).login(login, DEMO_PASSWORD)
    return client


def test_the_demo_has_tasks_submissions_in_storage_and_graded_feedback(app, runner):
    with app.app_context():
        assert import_content(CONTENT).problems == []
        db.session.commit()
    assert runner.invoke(args=["lms", "seed-demo"]).exit_code == 0
    with app.app_context():
        tasks = db.session.scalars(select(Task).order_by(Task.id)).all()
        assert len(tasks) == 3 and len({t.angkatan_id for t in tasks}) == 1
        files = db.session.scalars(select(SubmissionVersion).where(SubmissionVersion.file_key.is_not(None))).all()
        assert files and all(get_storage().exists(v.file_key) for v in files[:5])
        assert db.session.scalar(select(func.count()).select_from(Grade).where(Grade.feedback != "")) > 0
        task_id, angkatan_id = tasks[0].id, tasks[0].angkatan_id
        pjj_participant = pjj_login()["participant (PJJ)"]  # the tasks are its angkatan's (Angkatan 71, in PJJ)
    widyaiswara = _client(app, "widyaiswara1@latsar.test")
    assert "/tugas/kiriman/" in widyaiswara.get("/tugas/penilaian?filter=dinilai").get_data(as_text=True)
    coordinator = _client(app, "koordinator@latsar.test")
    assert tasks[0].title in coordinator.get(f"/tugas/angkatan/{angkatan_id}").get_data(as_text=True)
    participant = _client(app, pjj_participant)
    assert f"/tugas/{task_id}" in participant.get("/tugas/").get_data(as_text=True)
