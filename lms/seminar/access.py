"""Who may open a seminar, and as whom: the one load-or-abort place for the seminar pages.

Coordinators of the angkatan's lembaga (and admins) manage it. Its penguji scores every participant in it;
a participant's coach and mentor see the seminars they are invited to and score their own participant when the
rubric names them (`scorers`). Anyone else gets a 404, recorded as a refusal."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import get_angkatan_or_404, role_required
from lms.people.models import Enrolment
from lms.seminar.models import Seminar, SeminarPlace

# Penguji, coaches (widyaiswara) and mentors; the management pages use people.access.coordinator_required.
scorers_required = role_required(Role.INSTRUCTOR, Role.MENTOR)


def get_managed_seminar_or_404(seminar_id: int) -> Seminar:
    """A seminar the current coordinator (or admin) manages: one of an angkatan of their lembaga."""
    seminar = db.session.get(Seminar, seminar_id)
    if seminar is None:
        abort(404)
    get_angkatan_or_404(seminar.angkatan_id, manage=True)  # 404 recorded outside their lembaga
    return seminar


def role_for(user: User, seminar: Seminar, enrolment: Enrolment) -> str | None:
    """The scorer role `user` holds for this participant in this seminar (the penguji's first), or None."""
    if seminar.examiner_id == user.id:
        return "penguji"
    if enrolment.coach_id == user.id and "coach" in seminar.scorers:
        return "coach"
    if enrolment.mentor_id == user.id and "mentor" in seminar.scorers:
        return "mentor"
    return None


def invited_to(user: User, seminar: Seminar, enrolment: Enrolment) -> bool:
    return user.id in (seminar.examiner_id, enrolment.coach_id, enrolment.mentor_id)


@dataclass(frozen=True)
class ScorerView:
    seminar: Seminar
    places: list  # (SeminarPlace, the viewer's scorer role or None: invited, not scoring)


def my_seminars_clause(user: User):
    """Seminars the user examines or is invited to as a participant's coach or mentor."""
    related = select(SeminarPlace.seminar_id).join(Enrolment, Enrolment.id == SeminarPlace.enrolment_id)
    related = related.where(or_(Enrolment.coach_id == user.id, Enrolment.mentor_id == user.id))
    return or_(Seminar.examiner_id == user.id, Seminar.id.in_(related))


def get_scorer_view_or_404(seminar_id: int) -> ScorerView:
    """The seminar as its penguji (every participant) or an invited coach or mentor (their own) sees it."""
    seminar = db.session.scalar(select(Seminar).where(Seminar.id == seminar_id, my_seminars_clause(current_user)))
    if seminar is None:
        if db.session.get(Seminar, seminar_id) is not None:
            refuse_hidden()
        abort(404)
    places = [
        (place, role_for(current_user, seminar, place.enrolment))
        for place in seminar.places
        if invited_to(current_user, seminar, place.enrolment)
    ]
    return ScorerView(seminar, places)


def get_scoring_or_404(seminar_id: int, enrolment_id: int) -> tuple[Seminar, SeminarPlace, str]:
    """A participant of the seminar the current user scores, and as whom; 404 (recorded) for a participant not in
    the seminar, or not theirs to score."""
    view = get_scorer_view_or_404(seminar_id)
    for place, role in view.places:
        if place.enrolment_id == enrolment_id and role is not None:
            return view.seminar, place, role
    refuse_hidden()
