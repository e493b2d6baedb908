"""Who may open a participant's plan, and as whom: the one load-or-abort place for the plan pages.

The participant themselves, their coach, their mentor, the penguji of their seminar rancangan (from the moment
of assignment) and the coordinators of their angkatan's lembaga (admins too). A widyaiswara who only teaches the
angkatan, an instansi viewer and everyone else are refused (404 recorded, or 403 by role)."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.models import Plan
from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import get_participant_or_404, role_required
from lms.people.models import Enrolment, SeminarExaminer

# Instansi viewers follow their employees' progress, not their plans' texts.
plan_readers_required = role_required(Role.PARTICIPANT, Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN, Role.MENTOR)


@dataclass(frozen=True)
class PlanAccess:
    person: User
    enrolment: Enrolment
    plan: Plan | None
    actors: frozenset[str]  # lms.aktualisasi.workflow.ACTORS the current user holds for this participant


def plan_actors(viewer: User, enrolment: Enrolment, *, examines: bool) -> frozenset[str]:
    """The workflow roles `viewer` holds for the participant of `enrolment` (scope already checked)."""
    actors = set()
    if viewer.id == enrolment.user_id:
        actors.add("participant")
    if enrolment.coach_id == viewer.id:
        actors.add("coach")
    if enrolment.mentor_id == viewer.id:
        actors.add("mentor")
    if examines:
        actors.add("penguji")
    if viewer.role in (Role.COORDINATOR.value, Role.ADMIN.value):
        actors.add("coordinator")
    return frozenset(actors)


def examines_rancangan(viewer_id: int, enrolment_id: int) -> bool:
    return (
        db.session.scalar(
            select(SeminarExaminer.id).where(
                SeminarExaminer.enrolment_id == enrolment_id,
                SeminarExaminer.examiner_id == viewer_id,
                SeminarExaminer.kind == "rancangan",
                SeminarExaminer.assigned_at <= utcnow(),
            )
        )
        is not None
    )


def get_plan_access_or_404(user_id: int, *, lock: bool = False) -> PlanAccess:
    """The participant's plan and the current user's roles on it; 404 (recorded) outside them."""
    person = get_participant_or_404(user_id)  # scope: angkatan, relation, self
    enrolment = person.enrolment
    examines = current_user.role == Role.INSTRUCTOR.value and examines_rancangan(current_user.id, enrolment.id)
    actors = plan_actors(current_user, enrolment, examines=examines)
    if not actors:  # in scope (e.g. teaches the angkatan) but no part in this plan
        refuse_hidden()
    return PlanAccess(person, enrolment, plan_of(user_id, lock=lock), actors)


def own_enrolment_or_404() -> Enrolment:
    """The signed-in participant's enrolment (the plan editor is theirs alone)."""
    enrolment = current_user.enrolment
    if enrolment is None:
        abort(404)
    return enrolment
