"""A phase's completion in the score ledger (lms.core.ledger): by its requirements, by a coordinator's exception, or
withdrawn by a regrade; the participant's key to the next phase, so every change of it is chained."""

from sqlalchemy import String, cast, select, tuple_

from lms.core import ledger
from lms.core.extensions import db
from lms.phases.models import PhaseCompletion

COMPLETION = "phase_completion"


def completion_id(user_id: int, phase_id: int) -> str:
    return f"{user_id}:{phase_id}"


def record_completion(kind: str, user_id: int, phase_id: int, source: str | None, actor_id=None) -> None:
    """source: how it was completed (PhaseCompletion.source); None: it was withdrawn."""
    ledger.append(
        kind,
        COMPLETION,
        completion_id(user_id, phase_id),
        participant_id=user_id,
        values={"source": source},
        actor_id=actor_id,
    )


def _current(ids: list[str]) -> dict:
    keys = [ledger.split_id(i) for i in ids]
    found = dict.fromkeys(ids, {"source": None})  # no row: not completed (withdrawn)
    rows = db.session.execute(
        select(PhaseCompletion.user_id, PhaseCompletion.phase_id, PhaseCompletion.source).where(
            tuple_(PhaseCompletion.user_id, PhaseCompletion.phase_id).in_(keys)
        )
    )
    for user_id, phase_id, source in rows:
        found[completion_id(user_id, phase_id)] = {"source": source}
    return found


def readers() -> list[ledger.Reader]:
    """lms.core.ledger.CURRENT_VALUES."""
    return [
        ledger.Reader(
            COMPLETION,
            _current,
            lambda: select(
                cast(PhaseCompletion.user_id, String) + ":" + cast(PhaseCompletion.phase_id, String),
                PhaseCompletion.user_id,
            ),
        )
    ]
