"""What a mentor, a coach or penguji, and an instansi viewer must look at today: their own participants
(the scope of lms.people.access), each one's standing by lms.phases.attention, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.overview import plan_states
from lms.aktualisasi.workflow import NEXT_STEPS, STATE_LABELS
from lms.attendance.checkin import window_of
from lms.attendance.schedule import has_sessions, sessions_on
from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.access import related_enrolment_clause, visible_enrolment_clause
from lms.people.models import Angkatan, Enrolment, Lembaga, SeminarExaminer
from lms.phases.attention import Standing, standings
from lms.phases.gating import today_in

# A coach guides about ten participants and a mentor a handful: the home lists this many, the rest are on
# /orang/bimbingan. The standings of all of them are still computed, in three queries, to put attention first.
HOME_LIST_LIMIT = 30


@dataclass(frozen=True)
class PersonToday:
    user_id: int
    name: str
    angkatan: str
    standing: Standing


@dataclass(frozen=True)
class Examined:
    user_id: int
    name: str
    angkatan: str
    kind: str
    assigned_at: datetime


@dataclass
class AngkatanSummary:
    name: str
    lembaga: str
    total: int = 0
    attention: int = 0
    phases: Counter = field(default_factory=Counter)  # (position, name) of the current phase -> participants

    @property
    def phase_counts(self) -> list[tuple[str, int]]:
        return [(name, n) for (_position, name), n in sorted(self.phases.items())]


def _people(clause) -> list[PersonToday]:
    rows = db.session.execute(
        select(User.id, User.name, Enrolment, Angkatan.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(clause)
    ).all()
    found = standings([enrolment for _id, _name, enrolment, _a in rows])
    return [PersonToday(uid, name, angkatan, found[enrolment.id]) for uid, name, enrolment, angkatan in rows]


def attention_first(people: list[PersonToday]) -> list[PersonToday]:
    return sorted(people, key=lambda p: (p.standing.attention is None, p.name.casefold(), p.user_id))


def mentees_today(user: User) -> tuple[list[PersonToday], int]:
    """(the first HOME_LIST_LIMIT of the mentor's mentees, those needing attention first; how many in all)."""
    people = attention_first(_people(related_enrolment_clause(user)))
    return people[:HOME_LIST_LIMIT], len(people)


def coachees_needing_attention(user: User) -> tuple[list[PersonToday], int]:
    """(the widyaiswara's coachees needing attention today, at most HOME_LIST_LIMIT; how many they coach)."""
    people = _people(related_enrolment_clause(user) & (Enrolment.coach_id == user.id))
    waiting = [p for p in attention_first(people) if p.standing.attention]
    return waiting[:HOME_LIST_LIMIT], len(people)


def seminars_examined(user: User) -> list[Examined]:
    """The seminars the user examines, from the moment of assignment on (newest first)."""
    rows = db.session.execute(
        select(User.id, User.name, Angkatan.name, SeminarExaminer.kind, SeminarExaminer.assigned_at)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .join(SeminarExaminer, SeminarExaminer.enrolment_id == Enrolment.id)
        .where(
            related_enrolment_clause(user),
            SeminarExaminer.examiner_id == user.id,
            SeminarExaminer.assigned_at <= utcnow(),
        )
        .order_by(SeminarExaminer.assigned_at.desc(), User.name)
        .limit(HOME_LIST_LIMIT)
    ).all()
    return [Examined(*row) for row in rows]


def has_relations(user: User) -> bool:
    return user.role == Role.INSTRUCTOR.value and (
        db.session.scalar(select(Enrolment.id).where(related_enrolment_clause(user)).limit(1)) is not None
    )


def employees_summary(user: User) -> tuple[list[AngkatanSummary], int, int]:
    """(per angkatan holding the viewer's employees: how many, in which phase, how many need attention;
    employees in all; employees needing attention in all)."""
    # The three columns standings() reads, not whole Enrolment objects: a BKPSDM follows hundreds of employees.
    rows = db.session.execute(
        select(Enrolment.id, Enrolment.user_id, Enrolment.angkatan_id, Angkatan.name, Lembaga.name)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .where(visible_enrolment_clause(user))
        .order_by(Angkatan.year.desc(), Angkatan.number, Angkatan.id)
    ).all()
    found = standings(rows)
    summaries: dict[int, AngkatanSummary] = {}
    for row in rows:
        summary = summaries.setdefault(row.angkatan_id, AngkatanSummary(row[3], row[4]))
        standing = found[row.id]
        summary.total += 1
        summary.attention += standing.attention is not None
        if standing.state is not None:
            summary.phases[(standing.state.facts.position, standing.phase_name)] += 1
    result = list(summaries.values())
    return result, len(rows), sum(s.attention for s in result)


@dataclass(frozen=True)
class SessionsToday:
    """A participant's sessions today (PJJ, later klasikal), first on their home, and whether each one's
    check-in is open now."""

    sessions: list
    open_now: dict[int, bool]
    tz_name: str
    has_schedule: bool  # any session at all: then the home links to the whole schedule


def participant_sessions_today(user: User) -> SessionsToday | None:
    enrolment = user.enrolment
    if enrolment is None:
        return None
    tz = enrolment.angkatan.tz_name
    sessions = sessions_on(enrolment.angkatan_id, today_in(tz), tz)
    now = utcnow()
    has_schedule = bool(sessions) or has_sessions(enrolment.angkatan_id)
    return SessionsToday(sessions, {s.id: now in window_of(s) for s in sessions}, tz, has_schedule)


@dataclass(frozen=True)
class PlanToday:
    """The aktualisasi plan's line on a participant's home: its state and next step (a coach's and a mentor's
    counts are lms.home.waiting's)."""

    state_label: str = ""
    next_step: str = ""


def plan_today(user: User, *, show_empty: bool = False) -> PlanToday | None:
    """A participant's plan state and what to do next (None before they start, unless show_empty)."""
    state = plan_states([user.id])[user.id]
    if state == "draft" and not show_empty and plan_of(user.id) is None:
        return None
    return PlanToday(str(STATE_LABELS[state]), str(NEXT_STEPS[state]))
