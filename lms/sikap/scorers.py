"""Who scores whom on the attitude instruments: THE rule (`scorer_roles`), the facts it reads, and the participants
a scorer sees, for one participant or all of theirs at once.

- widyaiswara: an instructor assigned to the participant's angkatan, or the tutor of one of its tutor groups;
- committee: a committee member (role committee) of the participant's angkatan;
- coach: the participant's coach; mentor: the participant's mentor (Enrolment.coach_id, Enrolment.mentor_id).

Relations are read from the database at each request, never from the request."""

from dataclasses import dataclass

from sqlalchemy import false, or_, select, union

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import AngkatanCommittee, AngkatanInstructor, Enrolment, TutorGroup
from lms.program.spec import INSTRUMENT_SCORERS, Instrument


@dataclass(frozen=True)
class Relation:
    """What the rule needs to know of one participant."""

    angkatan_id: int
    coach_id: int | None
    mentor_id: int | None


@dataclass(frozen=True)
class ScorerScope:
    """What the rule needs to know of one scorer: the angkatan they teach or tutor, and those whose committee
    they sit on."""

    user_id: int
    role: str
    teaches: frozenset[int]
    committee_of: frozenset[int]


def scorer_roles(scorer: ScorerScope, relation: Relation) -> tuple[str, ...]:
    """THE rule: the scorer roles `scorer` holds for a participant, in the program's order of scorers. A user may
    hold several (a widyaiswara of the angkatan who also coaches the participant)."""
    held = set()
    if scorer.role == Role.INSTRUCTOR.value:
        if relation.angkatan_id in scorer.teaches:
            held.add("widyaiswara")
        if relation.coach_id == scorer.user_id:
            held.add("coach")
    if scorer.role == Role.COMMITTEE.value and relation.angkatan_id in scorer.committee_of:
        held.add("committee")
    if scorer.role == Role.MENTOR.value and relation.mentor_id == scorer.user_id:
        held.add("mentor")
    return tuple(r for r in INSTRUMENT_SCORERS if r in held)


def role_for(instrument: Instrument, held: tuple[str, ...]) -> str | None:
    """The role in which a scorer scores this instrument: the first of its scorers they hold (someone holding two
    of them scores it once, so one person never counts twice)."""
    return next((r for r in instrument.scorers if r in held), None)


def teaching_angkatan(user_id: int):
    """The angkatan a widyaiswara teaches or tutors in, as a subquery."""
    return union(
        select(AngkatanInstructor.angkatan_id).where(AngkatanInstructor.user_id == user_id),
        select(TutorGroup.angkatan_id).where(TutorGroup.tutor_id == user_id),
    )


def scope_of(user: User) -> ScorerScope:
    """The scorer's scope (one statement for an instructor or a committee member, none for anyone else)."""
    teaches: set[int] = set()
    committee_of: set[int] = set()
    if user.role == Role.INSTRUCTOR.value:
        teaches = set(db.session.scalars(teaching_angkatan(user.id)))
    elif user.role == Role.COMMITTEE.value:
        committee_of = set(
            db.session.scalars(select(AngkatanCommittee.angkatan_id).where(AngkatanCommittee.user_id == user.id))
        )
    return ScorerScope(user.id, user.role, frozenset(teaches), frozenset(committee_of))


def scored_enrolment_clause(scope: ScorerScope):
    """A WHERE clause on Enrolment selecting every participant `scorer_roles` gives the scorer a role for (the
    same facts, for a list)."""
    clauses = []
    if scope.role == Role.INSTRUCTOR.value:
        clauses += [Enrolment.angkatan_id.in_(scope.teaches), Enrolment.coach_id == scope.user_id]
    elif scope.role == Role.COMMITTEE.value:
        clauses.append(Enrolment.angkatan_id.in_(scope.committee_of))
    elif scope.role == Role.MENTOR.value:
        clauses.append(Enrolment.mentor_id == scope.user_id)
    return or_(*clauses) if clauses else false()


def relation_of(enrolment: Enrolment) -> Relation:
    return Relation(enrolment.angkatan_id, enrolment.coach_id, enrolment.mentor_id)
