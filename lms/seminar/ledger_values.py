"""A scorer's seminar score in the score ledger (lms.core.ledger): recorded when it is submitted (locked) and when a
coordinator reopens it; drafts are not scores and are not recorded."""

from sqlalchemy import String, case, cast, false, select, true

from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_readers import Reader, sql_decimal, sql_json, sql_values
from lms.people.models import Enrolment
from lms.seminar.models import SeminarPlace, SeminarScore

SCORE = "seminar_score"


def score_values(submitted: bool, score, levels: dict) -> dict:
    if not submitted:
        return {"submitted": False}  # a draft, or reopened: the scorer's pen, no score yet
    return {"submitted": True, "score": score, "levels": dict(levels)}


def record_score(kind: str, row: SeminarScore, user_id: int, actor_id: int) -> None:
    ledger.append(
        kind,
        SCORE,
        row.id,
        participant_id=user_id,
        values=score_values(row.submitted_at is not None, row.score, row.levels),
        actor_id=actor_id,
    )


def _current(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(SeminarScore.id, SeminarScore.submitted_at, SeminarScore.score, SeminarScore.levels).where(
            SeminarScore.id.in_([int(i) for i in ids])
        )
    )
    return {str(i): score_values(submitted is not None, score, levels) for i, submitted, score, levels in rows}


def _current_sql():
    submitted = sql_values(
        submitted=true(), score=sql_decimal(SeminarScore.score), levels=sql_json(SeminarScore.levels)
    )
    unlocked = sql_values(submitted=false())
    return select(cast(SeminarScore.id, String), case((SeminarScore.submitted_at.is_(None), unlocked), else_=submitted))


def readers() -> list[Reader]:
    """lms.core.ledger_readers.CURRENT_VALUES."""
    return [
        Reader(
            SCORE,
            _current,
            lambda: (
                select(cast(SeminarScore.id, String), Enrolment.user_id)
                .join(SeminarPlace, SeminarPlace.id == SeminarScore.place_id)
                .join(Enrolment, Enrolment.id == SeminarPlace.enrolment_id)
                .where(SeminarScore.submitted_at.is_not(None))
            ),
            _current_sql,
        )
    ]
