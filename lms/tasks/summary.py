"""What tasks say about many participants at once, in a fixed number of queries: each one's task statuses,
and the summary the PJJ gate, the dashboards and the at-risk list read (task_summary)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.tasks.models import Grade, Submission, SubmissionVersion, Task
from lms.tasks.submitting import DINILAI, TERKUMPUL, TERLAMBAT


@dataclass(frozen=True)
class Summary:
    """One participant's tasks of a phase: `due` tasks whose due time has passed, `submitted` tasks with a
    submission (due or not), `missing` due tasks without one, `graded` tasks whose counted version is graded,
    `late` tasks whose counted version came late, `mean_score` the mean of the graded ones (None without);
    `total` every task set for them in the phase."""

    due: int = 0
    submitted: int = 0
    missing: int = 0
    graded: int = 0
    late: int = 0
    mean_score: Decimal | None = None
    total: int = 0


@dataclass(frozen=True)
class Counted:
    """A submission's counted (latest) version with its grade, if any."""

    submission_id: int
    version_id: int
    number: int
    submitted_at: datetime
    late: bool
    score: Decimal | None

    @property
    def status(self) -> str:
        if self.score is not None:
            return DINILAI
        return TERLAMBAT if self.late else TERKUMPUL


def latest_versions_clause():
    """Selects only each submission's newest version."""
    newest = (
        select(SubmissionVersion.submission_id, func.max(SubmissionVersion.number).label("number"))
        .group_by(SubmissionVersion.submission_id)
        .subquery()
    )
    return newest, and_(
        SubmissionVersion.submission_id == newest.c.submission_id, SubmissionVersion.number == newest.c.number
    )


def counted_by_owner(task_ids) -> dict[tuple[int, str, int], Counted]:
    """(task id, "u" or "g", user or group id) -> the counted version of that owner's submission. One query."""
    newest, on_newest = latest_versions_clause()
    rows = db.session.execute(
        select(
            Submission.task_id,
            Submission.user_id,
            Submission.tutor_group_id,
            SubmissionVersion.submission_id,
            SubmissionVersion.id,
            SubmissionVersion.number,
            SubmissionVersion.submitted_at,
            SubmissionVersion.late,
            Grade.score,
        )
        .join(SubmissionVersion, SubmissionVersion.submission_id == Submission.id)
        .join(newest, on_newest)
        .outerjoin(Grade, Grade.version_id == SubmissionVersion.id)
        .where(Submission.task_id.in_(task_ids))
    ).all()
    found = {}
    for task_id, user_id, group_id, *counted in rows:
        owner = ("u", user_id) if user_id is not None else ("g", group_id)
        found[(task_id, *owner)] = Counted(*counted)
    return found


def counted_for(task: Task, enrolment_user_id: int, group_id: int | None, counted: dict) -> Counted | None:
    if task.per_group:
        return counted.get((task.id, "g", group_id)) if group_id is not None else None
    return counted.get((task.id, "u", enrolment_user_id))


def task_summary(user_ids, phase_id: int, now: datetime | None = None, enrolments=None) -> dict[int, Summary]:
    """{user_id: Summary} of the tasks of each participant's angkatan in the phase; three queries whatever the
    number of participants. Participants without an enrolment are left out."""
    now = now or utcnow()
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    if enrolments is None:  # or the caller's (user_id, angkatan_id, tutor_group_id) rows of these users
        enrolments = db.session.execute(
            select(Enrolment.user_id, Enrolment.angkatan_id, Enrolment.tutor_group_id).where(
                Enrolment.user_id.in_(user_ids)
            )
        ).all()
    angkatan_ids = {row.angkatan_id for row in enrolments}
    tasks = db.session.scalars(
        select(Task).where(Task.angkatan_id.in_(angkatan_ids), Task.phase_id == phase_id).order_by(Task.id)
    ).all()
    by_angkatan: dict[int, list[Task]] = {}
    for task in tasks:
        by_angkatan.setdefault(task.angkatan_id, []).append(task)
    counted = counted_by_owner([t.id for t in tasks]) if tasks else {}
    result = {}
    for user_id, angkatan_id, group_id in enrolments:
        due = submitted = missing = graded = late = 0
        scores = []
        own_tasks = by_angkatan.get(angkatan_id, [])
        for task in own_tasks:
            mine = counted_for(task, user_id, group_id, counted)
            is_due = task.due_at <= now
            due += is_due
            if mine is None:
                missing += is_due
                continue
            submitted += 1
            late += mine.late
            if mine.score is not None:
                graded += 1
                scores.append(mine.score)
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP) if scores else None
        result[user_id] = Summary(due, submitted, missing, graded, late, mean, len(own_tasks))
    return result


def participant_statuses(tasks: list[Task], user_id: int, group_id: int | None) -> dict[int, Counted | None]:
    """task id -> the participant's counted version (None: nothing sent), in one query."""
    counted = counted_by_owner([t.id for t in tasks]) if tasks else {}
    return {task.id: counted_for(task, user_id, group_id, counted) for task in tasks}


def queue_filter(kind: str):
    """The WHERE clause of a grading queue filter: belum dinilai (default), dinilai, terlambat."""
    if kind == "dinilai":
        return Grade.id.is_not(None)
    if kind == "terlambat":
        return SubmissionVersion.late.is_(True)
    return Grade.id.is_(None)


def queue_query(task_ids_clause, kind: str, load: bool = True):
    """The counted versions to grade of the tasks a clause selects, oldest first."""
    newest, on_newest = latest_versions_clause()
    query = (
        select(SubmissionVersion, Submission, Task, Grade)
        .join(newest, on_newest)
        .join(Submission, Submission.id == SubmissionVersion.submission_id)
        .join(Task, Task.id == Submission.task_id)
        .outerjoin(Grade, Grade.version_id == SubmissionVersion.id)
        .where(task_ids_clause, queue_filter(kind))
        .order_by(SubmissionVersion.submitted_at, SubmissionVersion.id)
    )
    # Each row names its participant or group: loaded with the rows, not one query per row.
    return query.options(joinedload(Submission.user), joinedload(Submission.tutor_group)) if load else query
