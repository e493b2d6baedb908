"""A phase's completion in the score ledger (lms.core.ledger): by its requirements, by a coordinator's exception, or
withdrawn by a regrade; the participant's key to the next phase, so every change of it is chained."""

from sqlalchemy import String, cast, select, tuple_

from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_readers import Reader, split_id, sql_values
from lms.phases.models import PhaseCompletion

COMPLETION = "phase_completion"
WITHDRAWN = {"source": None}  # no row: not completed


def completion_id(user_id: int, phase_id: int) -> str:
    return f"{user_id}:{phase_id}"


def record_completion(kind: str, user_id: int, phase_id: int, source: str | None, actor_id=None) -> None:
    """source: how it was completed (PhaseCompletion.source); None: it was withdrawn."""
    key = completion_id(user_id, phase_id)
    ledger.append(kind, COMPLETION, key, participant_id=user_id, values={"source": source}, actor_id=actor_id)


def _key():
    return cast(PhaseCompletion.user_id, String) + ":" + cast(PhaseCompletion.phase_id, String)


def _current(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(PhaseCompletion.user_id, PhaseCompletion.phase_id, PhaseCompletion.source).where(
            tuple_(PhaseCompletion.user_id, PhaseCompletion.phase_id).in_([split_id(i) for i in ids])
        )
    )
    return {completion_id(user_id, phase_id): {"source": source} for user_id, phase_id, source in rows}


def readers() -> list[Reader]:
    """lms.core.ledger_readers.CURRENT_VALUES."""
    return [
        Reader(
            COMPLETION,
            _current,
            lambda: select(_key(), PhaseCompletion.user_id),
            lambda: select(_key(), sql_values(source=PhaseCompletion.source)),
            absent=WITHDRAWN,
        )
    ]
