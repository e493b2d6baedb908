"""Role decorators and the load-or-abort functions that apply each user's scope.

Scope always comes from the database (assignments, enrolment), never from request parameters.
Objects outside a user's scope answer 404, so their existence is not revealed.
"""

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import false, or_, select, true

from lms.auth.models import Role, User
from lms.extensions import db, login_manager
from lms.people.models import (
    Angkatan,
    AngkatanInstructor,
    CoordinatorInstansi,
    Enrolment,
    Instansi,
    TutorGroup,
)


def role_required(*roles: Role):
    allowed = {r.value for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.lms_roles = frozenset(allowed)  # read by the access tests over the URL map
        return wrapped

    return decorator


# One decorator per role; admins pass the staff ones because they administer everything.
participant_required = role_required(Role.PARTICIPANT)
instructor_required = role_required(Role.INSTRUCTOR, Role.ADMIN)
coordinator_required = role_required(Role.COORDINATOR, Role.ADMIN)
admin_required = role_required(Role.ADMIN)
staff_required = role_required(Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN)


def visible_angkatan_clause(user: User):
    """A WHERE clause selecting the angkatan the user may see."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.COORDINATOR.value:
        return Angkatan.instansi_id.in_(
            select(CoordinatorInstansi.instansi_id).where(CoordinatorInstansi.user_id == user.id)
        )
    if user.role == Role.INSTRUCTOR.value:
        return or_(
            Angkatan.id.in_(select(AngkatanInstructor.angkatan_id).where(AngkatanInstructor.user_id == user.id)),
            Angkatan.id.in_(select(TutorGroup.angkatan_id).where(TutorGroup.tutor_id == user.id)),
        )
    if user.role == Role.PARTICIPANT.value:
        return Angkatan.id.in_(select(Enrolment.angkatan_id).where(Enrolment.user_id == user.id))
    return false()


def visible_instansi_clause(user: User):
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.COORDINATOR.value:
        return Instansi.id.in_(select(CoordinatorInstansi.instansi_id).where(CoordinatorInstansi.user_id == user.id))
    return false()


def can_manage_people(user: User) -> bool:
    return user.role in (Role.COORDINATOR.value, Role.ADMIN.value)


def get_instansi_or_404(instansi_id: int) -> Instansi:
    instansi = db.session.scalar(
        select(Instansi).where(Instansi.id == instansi_id, visible_instansi_clause(current_user))
    )
    if instansi is None:
        abort(404)
    return instansi


def get_angkatan_or_404(angkatan_id: int, *, manage: bool = False) -> Angkatan:
    """The angkatan if the current user may see it; with manage=True, also change it."""
    angkatan = db.session.scalar(
        select(Angkatan).where(Angkatan.id == angkatan_id, visible_angkatan_clause(current_user))
    )
    if angkatan is None:
        abort(404)
    if manage and not can_manage_people(current_user):
        abort(403)
    return angkatan


def get_participant_or_404(user_id: int, *, manage: bool = False) -> User:
    """A participant the current user may see: themselves, or one enrolled in an angkatan in scope."""
    if current_user.role == Role.PARTICIPANT.value and user_id != current_user.id:
        abort(404)
    user = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(User.id == user_id, User.role == Role.PARTICIPANT.value, visible_angkatan_clause(current_user))
    )
    if user is None:
        abort(404)
    if manage and not can_manage_people(current_user):
        abort(403)
    return user
