"""Grading from the queue with the rubric, with real requests: the score comes from the rubric alone, a forged
level is refused, one grade per version, a regrade needs a reason and is audited with both scores, another
widyaiswara's task is refused, and the participant sees grade, levels and feedback."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.rubric import Rubric, rubric_score
from lms.tasks.grading import GradeInput, GradeRefused, grade_version
from lms.tasks.models import Grade, Submission, SubmissionVersion, Task
from tests.helpers.files import PDF
from tests.helpers.tasks import grade, send
from tests.helpers.web import client_for


@pytest.fixture
def submitted(app, task_world):
    """The first participant's submission: (submission id, version id)."""
    send(client_for(app, task_world.first[1]), task_world.task_id, text="Analisis", file=("a.pdf", PDF))
    with app.app_context():
        version = db.session.scalars(select(SubmissionVersion)).one()
        return version.submission_id, version.id


def _grades(app):
    with app.app_context():
        return db.session.scalars(select(Grade)).all()


def test_grader_sees_the_queue_oldest_first_and_grades_by_the_rubric(app, task_world, submitted):
    submission_id, version_id = submitted
    send(client_for(app, task_world.second[1]), task_world.task_id, text="Kedua")
    grader = client_for(app, task_world.grader[1])
    queue = grader.get("/tugas/penilaian").get_data(as_text=True)
    first_at, second_at = queue.find(f"/tugas/kiriman/{submission_id}/nilai"), queue.find("/tugas/kiriman/")
    assert first_at == second_at >= 0  # the oldest first
    page = grader.get(f"/tugas/kiriman/{submission_id}/nilai").get_data(as_text=True)
    assert "Analisis tepat dan lengkap" in page and 'name="kriteria-1"' in page
    response = grade(grader, submission_id, version_id, {0: 2, 1: 3}, "Perdalam analisisnya.", score="100")
    assert response.status_code == 302
    with app.app_context():
        task = db.session.get(Task, task_world.task_id)
        expected = rubric_score(Rubric.from_dict(task.rubric), {0: "2", 1: "3"})
    [saved] = _grades(app)
    assert saved.score == expected == Decimal("70.00")  # the forged "score" field changes nothing
    assert f"/tugas/kiriman/{submission_id}/nilai" in grader.get("/tugas/penilaian?filter=dinilai").get_data(
        as_text=True
    )
    assert f"/tugas/kiriman/{submission_id}/nilai" not in grader.get("/tugas/penilaian").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "task.grade")).one()
        assert entry.subject_user_id == task_world.first[0] and entry.details["score"] == "70.00"
    participant = client_for(app, task_world.first[1]).get(f"/tugas/{task_world.task_id}").get_data(as_text=True)
    assert "Nilai: 70" in participant and "Perdalam analisisnya." in participant
    assert "Analisis sebagian benar" in participant and "Jelas dan runtut" in participant


@pytest.mark.parametrize("levels", [{0: 5, 1: 3}, {0: 4}, {0: 4, 1: 3, 2: 1}, {0: "empat", 1: 3}])
def test_a_forged_or_missing_level_is_refused_with_the_rubric_message(app, task_world, submitted, levels):
    submission_id, version_id = submitted
    grader = client_for(app, task_world.grader[1])
    response = grade(grader, submission_id, version_id, levels, "Umpan balik saya")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kriteria" in page.lower()
    assert "Umpan balik saya" in page  # what was typed is kept
    assert _grades(app) == []


def test_a_second_save_is_a_regrade_with_a_reason_audited_with_both_scores(app, task_world, submitted):
    submission_id, version_id = submitted
    grader = client_for(app, task_world.grader[1])
    assert grade(grader, submission_id, version_id, {0: 4, 1: 3}).status_code == 302
    again = grade(grader, submission_id, version_id, {0: 0, 1: 1})  # a stale tab: no regrade intent
    assert again.status_code == 422 and "sudah dinilai" in again.get_data(as_text=True)
    no_reason = grade(grader, submission_id, version_id, {0: 2, 1: 3}, ubah="1")
    assert no_reason.status_code == 422 and "alasan" in no_reason.get_data(as_text=True)
    ok = grade(grader, submission_id, version_id, {0: 2, 1: 3}, ubah="1", reason="Salah pilih level")
    assert ok.status_code == 302
    [saved] = _grades(app)
    assert saved.score == Decimal("70.00") and saved.regraded_at is not None
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "task.regrade")).one()
        assert (entry.reason, entry.details["old_score"], entry.details["new_score"]) == (
            "Salah pilih level",
            "100.00",
            "70.00",
        )


def test_one_grade_per_version_is_a_database_constraint(app, task_world, submitted):
    _submission_id, version_id = submitted
    with app.app_context():
        db.session.add(Grade(version_id=version_id, grader_id=None, levels={}, score=Decimal(50), feedback=""))
        db.session.commit()
        db.session.add(Grade(version_id=version_id, grader_id=None, levels={}, score=Decimal(60), feedback=""))
        with pytest.raises(Exception, match="(?i)unique|duplicate"):
            db.session.commit()
        db.session.rollback()
        version = db.session.get(SubmissionVersion, version_id)
        with pytest.raises(GradeRefused, match="sudah dinilai"):
            grade_version(version, task_world.grader[0], GradeInput({0: "4", 1: "3"}, ""))


@pytest.mark.parametrize("who", ["colleague", "outsider", "coordinator", "first"])
def test_a_grade_on_another_widyaiswaras_task_is_refused(app, task_world, submitted, who):
    submission_id, version_id = submitted
    client = client_for(app, getattr(task_world, who)[1])
    response = grade(client, submission_id, version_id, {0: 4, 1: 3})
    assert response.status_code in (403, 404)
    assert client.get(f"/tugas/kiriman/{submission_id}/nilai").status_code in (403, 404)
    assert _grades(app) == []


def test_a_group_grade_counts_for_every_member(app, task_world):
    with app.app_context():
        db.session.get(Task, task_world.task_id).per_group = True
        db.session.commit()
    send(client_for(app, task_world.first[1]), task_world.task_id, text="Kerja kelompok")
    with app.app_context():
        version = db.session.scalars(select(SubmissionVersion)).one()
        submission_id, version_id = version.submission_id, version.id
        assert db.session.get(Submission, submission_id).tutor_group_id == task_world.group_id
    grade(client_for(app, task_world.grader[1]), submission_id, version_id, {0: 4, 1: 3}, "Bagus")
    for member in (task_world.first, task_world.second):
        page = client_for(app, member[1]).get(f"/tugas/{task_world.task_id}").get_data(as_text=True)
        assert "Nilai: 100" in page and "Bagus" in page
    with app.app_context():
        subjects = set(db.session.scalars(select(AuditEntry.subject_user_id).where(AuditEntry.action == "task.grade")))
    assert subjects == {task_world.first[0], task_world.second[0]}


def test_grading_an_older_version_is_refused(app, task_world, submitted):
    submission_id, version_id = submitted
    send(client_for(app, task_world.first[1]), task_world.task_id, text="Versi kedua")
    response = grade(client_for(app, task_world.grader[1]), submission_id, version_id, {0: 4, 1: 3})
    assert response.status_code == 409
    assert _grades(app) == []
