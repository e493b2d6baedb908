"""Role decorators and the load-or-abort functions that apply each user's scope.

Scope always comes from the database (assignments, enrolment), never from request parameters.
Objects outside a user's scope answer 404, so their existence is not revealed; such a 404 is
recorded as a refusal (lms.core.security_events), an object that does not exist is not.
"""

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import false, or_, select, true

from lms.auth.models import Role, User
from lms.core.extensions import db, login_manager
from lms.core.outbox import OutboxMessage
from lms.core.security_events import refuse_hidden
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


def _not_found(model, object_id: int):
    """404 either way; only an object that exists, outside the user's scope, is a refusal. The extra
    lookup runs on this path alone, never on a page that is shown."""
    if db.session.get(model, object_id) is not None:
        refuse_hidden()
    abort(404)


def get_instansi_or_404(instansi_id: int) -> Instansi:
    instansi = db.session.scalar(
        select(Instansi).where(Instansi.id == instansi_id, visible_instansi_clause(current_user))
    )
    if instansi is None:
        _not_found(Instansi, instansi_id)
    return instansi


def get_angkatan_or_404(angkatan_id: int, *, manage: bool = False) -> Angkatan:
    """The angkatan if the current user may see it; with manage=True, also change it."""
    angkatan = db.session.scalar(
        select(Angkatan).where(Angkatan.id == angkatan_id, visible_angkatan_clause(current_user))
    )
    if angkatan is None:
        _not_found(Angkatan, angkatan_id)
    if manage and not can_manage_people(current_user):
        abort(403)
    return angkatan


def get_participant_or_404(user_id: int, *, manage: bool = False) -> User:
    """A participant the current user may see: themselves, or one enrolled in an angkatan in scope."""
    if current_user.role == Role.PARTICIPANT.value and user_id != current_user.id:
        _not_found(User, user_id)
    user = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(User.id == user_id, User.role == Role.PARTICIPANT.value, visible_angkatan_clause(current_user))
    )
    if user is None:
        _not_found(User, user_id)
    if manage and not can_manage_people(current_user):
        abort(403)
    return user


def visible_outbox_clause(user: User):
    """A WHERE clause selecting the outbox messages the user may read: an admin every one; a coordinator
    those to a person they can see (a participant of an angkatan in scope); a message to no account is
    the admin's alone."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.COORDINATOR.value:
        return OutboxMessage.recipient_id.in_(
            select(Enrolment.user_id)
            .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
            .where(visible_angkatan_clause(user))
        )
    return false()


def get_outbox_message_or_404(message_id: int) -> OutboxMessage:
    """An outbox message the current user may read (and, being staff who manage people, hand over)."""
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.id == message_id, visible_outbox_clause(current_user))
    )
    if message is None:
        _not_found(OutboxMessage, message_id)
    return message
