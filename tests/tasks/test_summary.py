"""task_summary: what the PJJ gate, the dashboards and the at-risk list read, for many participants in a fixed
number of queries."""

from datetime import timedelta
from decimal import Decimal

from lms.auth.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.phases.models import Phase
from lms.tasks.grading import GradeInput, grade_version
from lms.tasks.models import Task
from lms.tasks.submitting import Upload, submit
from lms.tasks.summary import Summary, task_summary
from tests.factories import make_angkatan, make_instansi, make_instructor, make_participant, make_task
from tests.helpers.files import PDF


def _pjj():
    return db.session.scalar(db.select(Phase.id).where(Phase.code == "pjj"))


def test_summary_counts_due_missing_submitted_late_graded_and_the_mean(app, task_world):
    now = utcnow()
    with app.app_context():
        grader = db.session.get(User, task_world.grader[0])
        first = db.session.get(User, task_world.first[0]).enrolment
        open_task = db.session.get(Task, task_world.task_id)
        angkatan = open_task.angkatan
        past = make_task(
            angkatan, grader, opens_at=now - timedelta(days=5), due_at=now - timedelta(days=1), late_allowed=True
        )
        make_task(angkatan, grader, opens_at=now - timedelta(days=5), due_at=now - timedelta(hours=1))
        db.session.commit()
        submit(open_task, first, text="tepat waktu", upload=Upload("a.pdf", PDF))
        late = submit(past, first, text="terlambat", upload=None)
        assert late.late
        grade_version(late, grader.id, GradeInput({0: "4", 1: "3"}, "baik"))
        summary = task_summary([task_world.first[0], task_world.second[0], task_world.stranger[0]], _pjj(), now)
    assert summary[task_world.first[0]] == Summary(
        due=2, submitted=2, missing=1, graded=1, late=1, mean_score=Decimal("100.00"), total=3
    )
    assert summary[task_world.second[0]] == Summary(due=2, missing=2, total=3)
    assert summary[task_world.stranger[0]] == Summary()  # another angkatan: no tasks


def test_summary_runs_a_fixed_number_of_queries(app, count_queries):
    with app.app_context():
        instansi = make_instansi()
        ids = []
        for _ in range(3):
            angkatan = make_angkatan(instansi)
            grader = make_instructor(angkatan)
            tasks = [make_task(angkatan, grader) for _ in range(3)]
            for _ in range(5):
                participant = make_participant(angkatan)
                ids.append(participant.id)
                for task in tasks[:2]:
                    submit(task, participant.enrolment, text="jawaban", upload=None)
        db.session.commit()
        phase_id = _pjj()
        counts = []
        for users in (ids[:2], ids):
            db.session.expire_all()
            with count_queries() as counter:
                result = task_summary(users, phase_id)
            counts.append(counter.count)
            assert all(s.submitted == 2 and s.total == 3 for s in result.values())
    assert counts[0] == counts[1] <= 3
