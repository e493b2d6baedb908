"""Which phases are open to a participant, and if not, exactly why.

A phase opens when the angkatan's schedule has opened it and the phase before it is open and,
if that phase has required quizzes, completed (its quizzes passed and its material read, or excused
by a coordinator; lms.quiz.completion keeps the completion). The facts
come in as plain values, so the rule is tested without a database.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from lms.core.i18n import local_date


@dataclass(frozen=True)
class PhaseFacts:
    phase_id: int
    code: str
    name: str
    position: int
    jp: int
    requires_completion: bool
    opens_on: date | None
    closes_on: date | None
    completed: bool


@dataclass
class PhaseState:
    facts: PhaseFacts
    unlocked: bool
    reasons: list[str] = field(default_factory=list)
    closed: bool = False

    @property
    def phase(self) -> PhaseFacts:
        return self.facts

    @property
    def opens_on(self) -> date | None:
        return self.facts.opens_on

    @property
    def closes_on(self) -> date | None:
        return self.facts.closes_on

    @property
    def reason(self) -> str | None:
        return " ".join(self.reasons) if self.reasons else None


def phase_states(
    facts: list[PhaseFacts], today: date, unmet: dict[int, list[str]] | None = None, upto: int | None = None
) -> list[PhaseState]:
    """unmet: for a gated phase not yet completed, what is missing (said by the quiz feature).
    upto: stop after this phase id (a page about one phase need not word the later phases' locks)."""
    unmet = unmet or {}
    states: list[PhaseState] = []
    previous: PhaseState | None = None
    for phase in sorted(facts, key=lambda f: f.position):
        if upto is not None and previous is not None and previous.facts.phase_id == upto:
            break
        reasons: list[str] = []
        if previous is not None:
            if not previous.unlocked:
                reasons.append(_("Selesaikan dulu fase %(name)s.", name=previous.facts.name))
            elif previous.facts.requires_completion and not previous.facts.completed:
                reasons.extend(
                    unmet.get(previous.facts.phase_id)
                    or [_("Lulus semua evaluasi wajib fase %(name)s.", name=previous.facts.name)]
                )
        if phase.opens_on is None:
            reasons.append(_("Jadwal fase ini belum ditetapkan penyelenggara."))
        elif today < phase.opens_on:
            reasons.append(_("Fase ini dibuka pada %(date)s.", date=local_date(phase.opens_on)))
        state = PhaseState(
            phase, unlocked=not reasons, reasons=reasons, closed=bool(phase.closes_on and today > phase.closes_on)
        )
        states.append(state)
        previous = state
    return states


def today_in(tz_name: str, now: datetime | None = None) -> date:
    now = now or datetime.now(ZoneInfo("UTC"))
    return now.astimezone(ZoneInfo(tz_name)).date()
