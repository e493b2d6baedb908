"""A task's grade in the score ledger (lms.core.ledger): its score and the levels it came from, recorded at the grade
and at each regrade, once for every participant it counts for (every member of a tutor group)."""

from sqlalchemy import String, cast, select

from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_readers import Reader, sql_decimal, sql_json, sql_values
from lms.tasks.models import Grade, Submission, SubmissionVersion

GRADE = "task_grade"  # its id: the graded version's (as the audit's task_version)


def grade_values(score, levels: dict) -> dict:
    return {"score": score, "levels": dict(levels)}


def record_grade(kind: str, grade: Grade, members: list[int], actor_id: int | None) -> None:
    for user_id in members:
        ledger.append(
            kind,
            GRADE,
            grade.version_id,
            participant_id=user_id,
            values=grade_values(grade.score, grade.levels),
            actor_id=actor_id,
        )


def _current(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(Grade.version_id, Grade.score, Grade.levels).where(Grade.version_id.in_([int(i) for i in ids]))
    )
    return {str(version_id): grade_values(score, levels) for version_id, score, levels in rows}


def readers() -> list[Reader]:
    """lms.core.ledger_readers.CURRENT_VALUES."""
    return [
        Reader(
            GRADE,
            _current,
            lambda: (
                select(cast(Grade.version_id, String), Submission.user_id)
                .join(SubmissionVersion, SubmissionVersion.id == Grade.version_id)
                .join(Submission, Submission.id == SubmissionVersion.submission_id)
            ),
            lambda: select(
                cast(Grade.version_id, String),
                sql_values(score=sql_decimal(Grade.score), levels=sql_json(Grade.levels)),
            ),
        )
    ]
