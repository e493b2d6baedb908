"""Form 3G for many participants at once: each instrument's score and the sikap score, from the submitted scores of
their current angkatan, in four statements whatever their number; and the sikap component source of the program."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, union

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.models import AngkatanCommittee, AngkatanInstructor, Enrolment, TutorGroup
from lms.program.spec import Program
from lms.sikap.composition import SikapResult, sikap_result
from lms.sikap.models import SikapScore
from lms.sikap.programs import programs_for


def _angkatan_with_widyaiswara(angkatan_ids: set[int]) -> set[int]:
    taught = union(
        select(AngkatanInstructor.angkatan_id)
        .join(User, User.id == AngkatanInstructor.user_id)
        .where(AngkatanInstructor.angkatan_id.in_(angkatan_ids), User.role == Role.INSTRUCTOR.value),
        select(TutorGroup.angkatan_id)
        .join(User, User.id == TutorGroup.tutor_id)
        .where(TutorGroup.angkatan_id.in_(angkatan_ids), User.role == Role.INSTRUCTOR.value),
    )
    return set(db.session.scalars(taught))


def _angkatan_with_committee(angkatan_ids: set[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(AngkatanCommittee.angkatan_id)
            .join(User, User.id == AngkatanCommittee.user_id)
            .where(AngkatanCommittee.angkatan_id.in_(angkatan_ids), User.role == Role.COMMITTEE.value)
            .distinct()
        )
    )


def present_roles(enrolment_row, widyaiswara: set[int], committee: set[int]) -> set[str]:
    """The scorer roles a participant has: their angkatan's widyaiswara and committee (when it has any), their own
    coach and mentor (when assigned)."""
    _user_id, angkatan_id, coach_id, mentor_id = enrolment_row
    present = set()
    if angkatan_id in widyaiswara:
        present.add("widyaiswara")
    if angkatan_id in committee:
        present.add("committee")
    if coach_id is not None:
        present.add("coach")
    if mentor_id is not None:
        present.add("mentor")
    return present


def sikap_results(user_ids, program: Program) -> dict[int, SikapResult]:
    """Each enrolled participant's form 3G under `program` (participants without an enrolment are left out)."""
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    enrolments = db.session.execute(
        select(Enrolment.user_id, Enrolment.angkatan_id, Enrolment.coach_id, Enrolment.mentor_id).where(
            Enrolment.user_id.in_(user_ids)
        )
    ).all()
    angkatan_ids = {row[1] for row in enrolments}
    widyaiswara = _angkatan_with_widyaiswara(angkatan_ids) if angkatan_ids else set()
    committee = _angkatan_with_committee(angkatan_ids) if angkatan_ids else set()
    submitted: dict[int, dict[str, dict[str, list[Decimal]]]] = {}
    rows = db.session.execute(
        select(SikapScore.user_id, SikapScore.instrument, SikapScore.role, SikapScore.score)
        .join(
            Enrolment,
            (Enrolment.user_id == SikapScore.user_id) & (Enrolment.angkatan_id == SikapScore.angkatan_id),
        )
        .where(SikapScore.user_id.in_(user_ids), SikapScore.submitted_at.is_not(None))
        .order_by(SikapScore.id)
    )
    for user_id, code, role, score in rows:
        submitted.setdefault(user_id, {}).setdefault(code, {}).setdefault(role, []).append(Decimal(score))
    return {
        row[0]: sikap_result(program, present_roles(row, widyaiswara, committee), submitted.get(row[0], {}))
        for row in enrolments
    }


def sikap_scores(user_ids, program: Program) -> dict[int, Decimal | None]:
    """The `sikap` component source (lms.program.sources.COMPONENT_SOURCES): each participant's sikap score, None
    while an instrument they should have is unscored (lms.sikap.composition.sikap_result says how)."""
    return {user_id: result.score for user_id, result in sikap_results(user_ids, program).items()}


def component_sources() -> dict:
    """lms.program.sources.COMPONENT_SOURCES."""
    return {"sikap": sikap_scores}


@dataclass(frozen=True)
class RecapRow:
    user_id: int
    name: str
    nip: str | None
    ndh: int | None
    result: SikapResult


@dataclass(frozen=True)
class AngkatanRecap:
    """An angkatan's form 3G: None for program when no program was imported yet."""

    program: Program | None
    rows: tuple[RecapRow, ...] = ()

    @property
    def complete(self) -> int:
        return sum(1 for r in self.rows if r.result.score is not None)


def angkatan_recap(angkatan_id: int) -> AngkatanRecap:
    """Every participant of the angkatan (attendance-list order) with their form 3G, in a fixed number of
    statements."""
    found = programs_for([angkatan_id]).get(angkatan_id)
    if found is None:
        return AngkatanRecap(None)
    program = found[1]
    people = db.session.execute(
        select(User.id, User.name, User.nip, Enrolment.ndh)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .order_by(Enrolment.ndh.is_(None), Enrolment.ndh, User.name, User.id)
    ).all()
    results = sikap_results([p.id for p in people], program)
    return AngkatanRecap(program, tuple(RecapRow(*p, results[p.id]) for p in people))
