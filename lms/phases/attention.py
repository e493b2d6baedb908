"""Where many participants stand today, in a fixed number of queries: each one's phase states (the gating
rule of lms.phases.gating), the phase the schedule puts them in, and whether it needs someone's attention."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.extensions import db
from lms.core.i18n import TIMEZONES, local_date
from lms.people.models import Angkatan, Enrolment
from lms.phases.gating import PhaseFacts, PhaseState, phase_states, today_in
from lms.phases.models import Phase, PhaseCompletion, PhaseSchedule

OPEN, LOCKED, LATE = "open", "locked", "late"


@dataclass(frozen=True)
class Standing:
    """The phase the schedule puts a participant in today and its state for them."""

    state: PhaseState | None  # None when the program has no phases
    status: str  # OPEN, LOCKED or LATE
    attention: str | None  # why someone should look today, or None

    @property
    def phase_name(self) -> str | None:
        return self.state.facts.name if self.state else None

    @property
    def reason(self) -> str:
        return (self.state.reason if self.state else None) or ""


def scheduled_state(states: list[PhaseState], today: date) -> PhaseState | None:
    """The phase whose dates contain today, else the latest one that has opened, else the first."""
    opened = [s for s in states if s.opens_on is not None and s.opens_on <= today]
    for state in opened:
        if state.closes_on is not None and today <= state.closes_on:
            return state
    return opened[-1] if opened else (states[0] if states else None)


def standing_today(states: list[PhaseState], today: date) -> Standing:
    """The one rule of "needs attention": the scheduled phase is still locked although it has opened
    (an earlier phase is not completed), or it has closed with its required evaluations not completed."""
    state = scheduled_state(states, today)
    if state is None:
        return Standing(None, LOCKED, None)
    facts = state.facts
    if not state.unlocked:
        opened = facts.opens_on is not None and facts.opens_on <= today
        attention = None
        if opened:
            attention = _(
                "Fase %(name)s sudah dibuka %(date)s tetapi masih terkunci.",
                name=facts.name,
                date=local_date(facts.opens_on),
            )
        return Standing(state, LOCKED, attention)
    if state.closed and facts.requires_completion and not facts.completed:
        attention = _(
            "Fase %(name)s ditutup %(date)s dan belum selesai.", name=facts.name, date=local_date(facts.closes_on)
        )
        return Standing(state, LATE, attention)
    return Standing(state, OPEN, None)


def standings(enrolments: list[Enrolment]) -> dict[int, Standing]:
    """{enrolment id: Standing} for every enrolment given (anything with id, user_id and angkatan_id), in
    four queries whatever their number; participants standing alike share one Standing (read it, never change
    it). Lock reasons are the gating rule's own words, without the per-participant detail of each evaluation."""
    if not enrolments:
        return {}
    phases = db.session.scalars(select(Phase).order_by(Phase.position)).all()
    angkatan_ids = {e.angkatan_id for e in enrolments}
    dates = {
        (angkatan_id, phase_id): (opens, closes)
        for angkatan_id, phase_id, opens, closes in db.session.execute(
            select(
                PhaseSchedule.angkatan_id, PhaseSchedule.phase_id, PhaseSchedule.opens_on, PhaseSchedule.closes_on
            ).where(PhaseSchedule.angkatan_id.in_(angkatan_ids))
        )
    }
    done = {
        (user_id, phase_id)
        for user_id, phase_id in db.session.execute(
            select(PhaseCompletion.user_id, PhaseCompletion.phase_id).where(
                PhaseCompletion.user_id.in_({e.user_id for e in enrolments})
            )
        )
    }
    zones = {
        angkatan_id: zone
        for angkatan_id, zone in db.session.execute(
            select(Angkatan.id, Angkatan.timezone).where(Angkatan.id.in_(angkatan_ids))
        )
    }
    todays = {angkatan_id: today_in(TIMEZONES[zone]) for angkatan_id, zone in zones.items()}
    # A standing depends only on the angkatan (its schedule, its day) and the phases the participant completed:
    # a few hundred employees share a few dozen, and wording each one's lock reasons again took the instansi
    # viewer's home 70 ms at 500 employees (the translations' lookups, mostly).
    shared: dict[tuple[int, frozenset[int]], Standing] = {}
    result = {}
    for enrolment in enrolments:
        completed = frozenset(p.id for p in phases if (enrolment.user_id, p.id) in done)
        key = (enrolment.angkatan_id, completed)
        if key not in shared:
            facts = [
                PhaseFacts(
                    p.id,
                    p.code,
                    p.name,
                    p.position,
                    p.jp,
                    p.gated,
                    *dates.get((enrolment.angkatan_id, p.id), (None, None)),
                    p.id in completed,
                )
                for p in phases
            ]
            today = todays[enrolment.angkatan_id]
            shared[key] = standing_today(phase_states(facts, today), today)
        result[enrolment.id] = shared[key]
    return result
