"""The one place a phase is completed by meeting its requirements: every feature that owns a requirement (content:
the reading; quiz: the evaluations; attendance; tasks) says what is still unmet through EXPLAIN_UNMET, and when none
does, the completion is written once."""

from sqlalchemy import select

from lms.auth.models import User
from lms.core import audit
from lms.core.extensions import db
from lms.phases.ledger_values import record_completion
from lms.phases.models import COMPLETED_BY_REQUIREMENTS, Phase, PhaseCompletion
from lms.phases.progress import EXPLAIN_UNMET


def completion_id(user_id: int, phase_id: int) -> int | None:
    return db.session.scalar(
        select(PhaseCompletion.id).where(PhaseCompletion.user_id == user_id, PhaseCompletion.phase_id == phase_id)
    )


def unmet_requirements(user_id: int, phase_id: int, first_only: bool = False) -> list[str]:
    """What the participant still lacks for the phase, in every feature's words (for staff). first_only: stop at
    the first feature that reports something (enough to know the phase is not complete, and cheaper: a check-in
    in the middle of PJJ stops at the unpassed evaluation)."""
    messages: list[str] = []
    for receiver in EXPLAIN_UNMET.receivers():
        messages.extend(receiver(user_id, [phase_id], for_staff=True).get(phase_id, []))
        if first_only and messages:
            break
    return messages


def complete_if_due(user_id: int, phase_id: int, **details) -> bool:
    """After something that may complete a gated phase happened (a grade, a last lesson, a check-in, a submission):
    record the completion if every requirement is now met. True if it was recorded now.

    The user's row is locked first: a last lesson and a last passing grade arriving together then see each other,
    and whichever commits second completes the phase. `details` go into the audit entry (e.g. the phase score)."""
    phase = db.session.get(Phase, phase_id)
    if phase is None or not phase.gated:
        return False
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    if completion_id(user_id, phase_id) is not None:
        return False  # the other one came first (read again after the lock: a new statement sees its commit)
    if unmet_requirements(user_id, phase_id, first_only=True):
        return False
    db.session.add(PhaseCompletion(user_id=user_id, phase_id=phase_id, source=COMPLETED_BY_REQUIREMENTS))
    audit.record("phase.complete", "phase", phase_id, subject_user_id=user_id, actor_id=None, **details)
    record_completion("phase.complete", user_id, phase_id, COMPLETED_BY_REQUIREMENTS)
    return True
