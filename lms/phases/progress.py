"""Loads the facts gating needs for one participant, in one query."""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import and_, bindparam, select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.hooks import Hook
from lms.people.models import Enrolment
from lms.phases.gating import PhaseFacts, PhaseState, phase_states, today_in
from lms.phases.models import Phase, PhaseCompletion, PhaseSchedule

EXPLAIN_UNMET = Hook(
    "phases.explain_unmet",
    "f(user_id, phase_ids, for_staff=...) -> {phase_id: [message, ...]}: why a gated phase is not completed"
    " (content: the reading; quiz: the evaluations), addressed to the participant or, for staff, about them."
    " Pages that show lock reasons call it, and phases.completion.complete_if_due: no message means complete.",
)


@cache  # built once, as lms.auth.sessions.user_by_session_token: nearly every participant page gates on it
def phase_facts_query():
    return (
        select(Phase, PhaseSchedule.opens_on, PhaseSchedule.closes_on, PhaseCompletion.id)
        .outerjoin(
            PhaseSchedule,
            and_(PhaseSchedule.phase_id == Phase.id, PhaseSchedule.angkatan_id == bindparam("angkatan_id")),
        )
        .outerjoin(
            PhaseCompletion,
            and_(PhaseCompletion.phase_id == Phase.id, PhaseCompletion.user_id == bindparam("user_id")),
        )
        .order_by(Phase.position)
    )


def phase_facts(enrolment: Enrolment) -> list[PhaseFacts]:
    rows = db.session.execute(phase_facts_query(), {"angkatan_id": enrolment.angkatan_id, "user_id": enrolment.user_id})
    return [
        PhaseFacts(p.id, p.code, p.name, p.position, p.jp, p.gated, opens, closes, done is not None)
        for p, opens, closes, done in rows
    ]


def states_for_participant(
    enrolment: Enrolment, explain: bool = True, upto: int | None = None, for_staff: bool = False
) -> list[PhaseState]:
    facts = phase_facts(enrolment)
    unmet: dict[int, list[str]] = {}
    if explain:
        waiting = [f.phase_id for f in facts if f.requires_completion and not f.completed]
        for answer in EXPLAIN_UNMET.call(enrolment.user_id, waiting, for_staff=for_staff) if waiting else ():
            for phase_id, messages in answer.items():
                unmet.setdefault(phase_id, []).extend(messages)
    return phase_states(facts, today_in(enrolment.angkatan.tz_name), unmet, upto=upto)


def state_of(states: list[PhaseState], phase_id: int) -> PhaseState | None:
    return next((s for s in states if s.facts.phase_id == phase_id), None)


@dataclass(frozen=True)
class PhaseAccess:
    """Whether a user may work in a phase now, and the participant's state of it (its lock reason)."""

    open: bool
    state: PhaseState | None  # None for staff (every phase is open to them) and for a participant without an enrolment

    @property
    def reason(self) -> str:
        return (self.state.reason if self.state else None) or ""


def phase_access(
    user, *, phase_id: int | None = None, code: str | None = None, explain: bool = False, states=None
) -> PhaseAccess:
    """The one answer to "is this phase open for this user, and if not, why", for every feature.

    Name the phase by id or by code. Staff pass; a participant passes once the phase is unlocked for them.
    explain=True words why a gated phase still waits (the lock page); `states` reuses the participant's
    states a page has already loaded (the home page)."""
    if user.role != Role.PARTICIPANT.value:
        return PhaseAccess(True, None)
    if states is None:
        if user.enrolment is None:
            return PhaseAccess(False, None)
        states = states_for_participant(user.enrolment, explain=explain, upto=phase_id)
    state = next((s for s in states if s.facts.phase_id == phase_id or (code and s.facts.code == code)), None)
    return PhaseAccess(state is not None and state.unlocked, state)
