"""Load-or-abort for sessions: who sees a session (its angkatan's people, and its widyaiswara), who takes its
attendance (its widyaiswara, the angkatan's coordinators, admins; a klasikal session's: the angkatan's committee,
its coordinators, admins), who manages the schedule (coordinators of the lembaga, admins). Outside the scope is a
recorded 404; in scope without the power, a 403."""

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import or_, select

from lms.attendance.klasikal import klasikal_phase_id
from lms.attendance.klasikal_pass import user_of_token
from lms.attendance.models import TrainingSession
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import can_manage_people, role_required, visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment

# The klasikal schedule of an angkatan: its widyaiswara read it, the committee, coordinators and admins take its
# attendance (committee_required, lms.people.access).
klasikal_staff_required = role_required(Role.INSTRUCTOR, Role.COMMITTEE, Role.COORDINATOR, Role.ADMIN)


def _not_found(model, object_id: int):
    """404 either way; an object that exists outside the user's scope is recorded as a refusal."""
    if db.session.get(model, object_id) is not None:
        refuse_hidden()
    abort(404)


def visible_session_clause(user: User):
    """A WHERE clause over TrainingSession joined to Angkatan."""
    clause = visible_angkatan_clause(user)
    if user.role == Role.INSTRUCTOR.value:
        clause = or_(clause, TrainingSession.widyaiswara_id == user.id)
    return clause


def can_take_attendance(user: User, session: TrainingSession) -> bool:
    """The session's widyaiswara, or a coordinator or admin whose scope holds the session."""
    return can_manage_people(user) or (user.role == Role.INSTRUCTOR.value and session.widyaiswara_id == user.id)


def get_session_or_404(session_id: int, *, take: bool = False, manage: bool = False) -> TrainingSession:
    """A session the current user may see; take=True: also open codes and correct; manage=True: edit or delete."""
    session = db.session.scalar(
        select(TrainingSession)
        .join(Angkatan, Angkatan.id == TrainingSession.angkatan_id)
        .where(TrainingSession.id == session_id, visible_session_clause(current_user))
    )
    if session is None:
        _not_found(TrainingSession, session_id)
    if manage and not can_manage_people(current_user):
        abort(403)
    if take and not can_take_attendance(current_user, session):
        abort(403)
    return session


def get_session_participant_or_404(session: TrainingSession, user_id: int) -> User:
    """A participant of the session's angkatan (whose attendance in it may be corrected)."""
    user = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(User.id == user_id, Enrolment.angkatan_id == session.angkatan_id)
    )
    if user is None:
        _not_found(User, user_id)
    return user


def can_record_klasikal(user: User) -> bool:
    """The committee of the angkatan, its coordinators and admins (the scope is the load-or-abort's)."""
    return user.role in (Role.COMMITTEE.value, Role.COORDINATOR.value, Role.ADMIN.value)


def get_klasikal_session_or_404(session_id: int) -> TrainingSession:
    """A klasikal session of an angkatan in the user's scope; a session of another phase is not one (404)."""
    session = get_session_or_404(session_id)
    if session.phase_id != klasikal_phase_id():
        abort(404)
    return session


def get_pass_holder_or_404(token: str) -> tuple[User, Enrolment]:
    """The participant whose QR was scanned, if their angkatan is in the user's scope (its committee, its
    coordinators, admins). A token nobody was given is a plain 404; a real one outside the scope is recorded."""
    user_id = user_of_token(token, current_app.secret_key)
    if user_id is None:
        abort(404)
    found = db.session.execute(
        select(User, Enrolment)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(User.id == user_id, User.role == Role.PARTICIPANT.value, visible_angkatan_clause(current_user))
    ).first()
    if found is None:
        _not_found(User, user_id)
    return found[0], found[1]
