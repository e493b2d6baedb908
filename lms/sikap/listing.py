"""A scorer's lists: per angkatan and instrument, how many participants wait for their score (the index, whatever
the number of angkatan a widyaiswara has taught), and in one angkatan the participants themselves with the state of
their own score (belum, draf, terkirim). A fixed number of statements whatever the number of participants."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseSchedule
from lms.sikap.models import SikapScore
from lms.sikap.programs import programs_for
from lms.sikap.scorers import Relation, ScorerScope, role_for, scope_of, scored_enrolment_clause, scorer_roles

# Attitude is scored over the whole training, but the scorers are reminded (their home's count, the index's order)
# once the angkatan's aktualisasi phase has opened: by then PJJ, where widyaiswara and coach have seen the
# participants, is behind them, and the mentor has them at work. An angkatan without a date for it counts too.
REMIND_FROM_PHASE = "aktualisasi"
STATUSES = ("belum", "draf", "terkirim")
SCORER_ACCOUNT_ROLES = (Role.INSTRUCTOR.value, Role.MENTOR.value, Role.COMMITTEE.value)


@dataclass(frozen=True)
class Row:
    user_id: int
    name: str
    ndh: int | None
    role: str  # the role the user scores them in
    status: str  # one of STATUSES
    score: Decimal | None


@dataclass(frozen=True)
class InstrumentList:
    code: str
    name: str
    roles: tuple[str, ...]  # the roles the user scores it in here
    counts: dict  # status -> how many participants
    rows: tuple[Row, ...] = ()  # the participants (one angkatan's page only)

    @property
    def waiting(self) -> int:
        return self.counts.get("belum", 0) + self.counts.get("draf", 0)


@dataclass(frozen=True)
class AngkatanList:
    angkatan: Angkatan
    due: bool  # its aktualisasi phase has opened (or it has no date for it)
    has_program: bool
    instruments: tuple[InstrumentList, ...] = ()

    @property
    def waiting(self) -> int:
        return sum(i.waiting for i in self.instruments)


def _due(angkatan: list[Angkatan]) -> set[int]:
    """The angkatan whose reminder phase has opened today in their own time zone, or that have no date for it."""
    opens = dict(
        db.session.execute(
            select(PhaseSchedule.angkatan_id, PhaseSchedule.opens_on)
            .join(Phase, Phase.id == PhaseSchedule.phase_id)
            .where(Phase.code == REMIND_FROM_PHASE, PhaseSchedule.angkatan_id.in_([a.id for a in angkatan]))
        ).all()
    )
    due = set()
    for a in angkatan:
        opens_on: date | None = opens.get(a.id)
        if opens_on is None or opens_on <= today_in(a.tz_name):
            due.add(a.id)
    return due


def _frame(user_id: int, angkatan_ids) -> tuple[list[Angkatan], dict, set[int], dict[tuple, list]]:
    """The angkatan (due ones first, newest first), their programs, which are due, and the user's own scores there
    by (angkatan, instrument), each with the participant's coach and mentor (their roles may have moved on)."""
    angkatan = list(db.session.scalars(select(Angkatan).where(Angkatan.id.in_(set(angkatan_ids)))))
    due = _due(angkatan)
    angkatan.sort(key=lambda a: (a.id not in due, -a.year, -a.number, a.id))
    mine: dict[tuple, list] = {}
    for score in db.session.execute(
        select(
            SikapScore.user_id,
            SikapScore.angkatan_id,
            SikapScore.instrument,
            SikapScore.role,
            SikapScore.score,
            SikapScore.submitted_at,
            Enrolment.coach_id,
            Enrolment.mentor_id,
        )
        .join(Enrolment, (Enrolment.user_id == SikapScore.user_id) & (Enrolment.angkatan_id == SikapScore.angkatan_id))
        .where(SikapScore.scorer_id == user_id, SikapScore.angkatan_id.in_([a.id for a in angkatan]))
    ):
        mine.setdefault((score.angkatan_id, score.instrument), []).append(score)
    return angkatan, programs_for(a.id for a in angkatan), due, mine


class _Roles:
    """THE rule asked once per shape of participant (angkatan; the user their coach or not; their mentor or not),
    not once per participant: a widyaiswara may score thousands."""

    def __init__(self, scope: ScorerScope):
        self.scope, self.known = scope, {}

    def held(self, angkatan_id: int, coach_id, mentor_id) -> tuple[str, ...]:
        me = self.scope.user_id
        shape = (angkatan_id, coach_id == me, mentor_id == me)
        if shape not in self.known:
            relation = Relation(angkatan_id, me if shape[1] else None, me if shape[2] else None)
            self.known[shape] = scorer_roles(self.scope, relation)
        return self.known[shape]


def _status(score) -> str:
    return "belum" if score is None else ("terkirim" if score.submitted_at else "draf")


def scorer_index(user: User) -> list[AngkatanList]:
    """Every angkatan in which `user` scores someone, due ones first, newest first, with how many participants are at
    each state per instrument: counted in the database (how many participants of each shape), less the user's own
    scores, so it costs the same for a mentor with four mentees and a widyaiswara who taught thirty angkatan."""
    scope = scope_of(user)
    is_coach = case((Enrolment.coach_id == user.id, 1), else_=0)
    is_mentor = case((Enrolment.mentor_id == user.id, 1), else_=0)
    shapes = db.session.execute(
        select(Enrolment.angkatan_id, is_coach, is_mentor, func.count())
        .where(scored_enrolment_clause(scope))
        .group_by(Enrolment.angkatan_id, is_coach, is_mentor)
    ).all()
    if not shapes:
        return []
    roles = _Roles(scope)
    sizes: dict[int, Counter] = {}
    for angkatan_id, coach, mentor, n in shapes:
        held = roles.held(angkatan_id, user.id if coach else None, user.id if mentor else None)
        sizes.setdefault(angkatan_id, Counter())[held] += n
    angkatan, programs, due, mine = _frame(user.id, sizes)
    lists = []
    for a in angkatan:
        found = programs.get(a.id)
        instruments = []
        for instrument in found[1].instruments if found else ():
            role_of = {held: role_for(instrument, held) for held in sizes[a.id]}
            scoring = tuple(r for r in instrument.scorers if r in role_of.values())
            if not scoring:
                continue
            counts = Counter()
            for score in mine.get((a.id, instrument.code), ()):
                if role_for(instrument, roles.held(a.id, score.coach_id, score.mentor_id)) == score.role:
                    counts[_status(score)] += 1
            total = sum(n for held, n in sizes[a.id].items() if role_of[held])
            counts["belum"] = total - counts["draf"] - counts["terkirim"]
            instruments.append(InstrumentList(instrument.code, instrument.name, scoring, counts))
        lists.append(AngkatanList(a, a.id in due, found is not None, tuple(instruments)))
    return lists


def angkatan_list(user: User, angkatan_id: int) -> AngkatanList | None:
    """The participants `user` scores in one angkatan (attendance-list order) per instrument, with the state and
    score of the user's own score; None when they score nobody there."""
    scope = scope_of(user)
    people = db.session.execute(
        select(User.id, User.name, Enrolment.ndh, Enrolment.coach_id, Enrolment.mentor_id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(scored_enrolment_clause(scope), Enrolment.angkatan_id == angkatan_id)
        .order_by(Enrolment.ndh.is_(None), Enrolment.ndh, User.name, User.id)
    ).all()
    if not people:
        return None
    roles = _Roles(scope)
    [a], programs, due, mine = _frame(user.id, [angkatan_id])
    found = programs.get(a.id)
    instruments = []
    for instrument in found[1].instruments if found else ():
        scored = {(s.user_id, s.role): s for s in mine.get((a.id, instrument.code), ())}
        counts, rows = Counter(), []
        for p in people:
            role = role_for(instrument, roles.held(a.id, p.coach_id, p.mentor_id))
            if role is None:
                continue
            score = scored.get((p.id, role))
            counts[_status(score)] += 1
            rows.append(Row(p.id, p.name, p.ndh, role, _status(score), score.score if score else None))
        if rows:
            scoring = tuple(r for r in instrument.scorers if any(row.role == r for row in rows))
            instruments.append(InstrumentList(instrument.code, instrument.name, scoring, counts, tuple(rows)))
    return AngkatanList(a, a.id in due, found is not None, tuple(instruments))


def waiting_count(user: User) -> int | None:
    """How many (participant, instrument) the user should score and has not submitted, in the angkatan that are
    due; None when the user scores nobody (their home shows nothing)."""
    if user.role not in SCORER_ACCOUNT_ROLES:
        return None
    lists = scorer_index(user)
    if not lists:
        return None
    return sum(a.waiting for a in lists if a.due)
