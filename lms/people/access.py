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
from lms.core.database import utcnow
from lms.core.extensions import db, login_manager
from lms.core.outbox import OutboxMessage
from lms.core.security_events import refuse_hidden
from lms.people.models import (
    Angkatan,
    AngkatanCommittee,
    AngkatanInstructor,
    CoordinatorLembaga,
    Enrolment,
    Instansi,
    InstansiViewer,
    Lembaga,
    SeminarExaminer,
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
instansi_viewer_required = role_required(Role.INSTANSI_VIEWER)
mentor_required = role_required(Role.MENTOR)
committee_required = role_required(Role.COMMITTEE, Role.COORDINATOR, Role.ADMIN)
head_required = role_required(Role.HEAD)
# Who may open a participant record at all; which records is get_participant_or_404's relation check
# (instansi viewers their employees, mentors their mentees; both read-only).
record_readers_required = role_required(
    Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN, Role.INSTANSI_VIEWER, Role.MENTOR
)


def visible_angkatan_clause(user: User):
    """A WHERE clause selecting the angkatan the user may see."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role in (Role.COORDINATOR.value, Role.HEAD.value):
        return Angkatan.lembaga_id.in_(coordinator_lembaga_ids(user))
    if user.role == Role.COMMITTEE.value:
        return Angkatan.id.in_(select(AngkatanCommittee.angkatan_id).where(AngkatanCommittee.user_id == user.id))
    if user.role == Role.INSTRUCTOR.value:
        return or_(
            Angkatan.id.in_(select(AngkatanInstructor.angkatan_id).where(AngkatanInstructor.user_id == user.id)),
            Angkatan.id.in_(select(TutorGroup.angkatan_id).where(TutorGroup.tutor_id == user.id)),
        )
    if user.role == Role.PARTICIPANT.value:
        return Angkatan.id.in_(select(Enrolment.angkatan_id).where(Enrolment.user_id == user.id))
    return false()


def related_enrolment_clause(user: User):
    """A WHERE clause on Enrolment selecting the participants the user sees through a relation, whatever
    angkatan they are in: a coach their coachees, a mentor their mentees, a penguji the participants of the
    seminars they are assigned to, from the moment of assignment on."""
    if user.role == Role.MENTOR.value:
        return Enrolment.mentor_id == user.id
    if user.role == Role.INSTRUCTOR.value:
        return or_(
            Enrolment.coach_id == user.id,
            Enrolment.id.in_(
                select(SeminarExaminer.enrolment_id).where(
                    SeminarExaminer.examiner_id == user.id, SeminarExaminer.assigned_at <= utcnow()
                )
            ),
        )
    return false()


def coordinator_lembaga_ids(user: User):
    """The lembaga a coordinator works for (or a head leads), as a subquery."""
    return select(CoordinatorLembaga.lembaga_id).where(CoordinatorLembaga.user_id == user.id)


def viewer_instansi_ids(user: User):
    """The instansi whose employees an instansi viewer follows, as a subquery."""
    return select(InstansiViewer.instansi_id).where(InstansiViewer.user_id == user.id)


def visible_lembaga_clause(user: User):
    """A WHERE clause selecting the lembaga whose angkatan a user may create and manage."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.COORDINATOR.value:
        return Lembaga.id.in_(coordinator_lembaga_ids(user))
    return false()


def visible_instansi_clause(user: User):
    """The instansi a user may pick for a participant: any, for people managers (participants of every
    instansi join any angkatan); an instansi viewer's own, to filter by."""
    if user.role in (Role.ADMIN.value, Role.COORDINATOR.value):
        return true()
    if user.role == Role.INSTANSI_VIEWER.value:
        return Instansi.id.in_(viewer_instansi_ids(user))
    return false()


def visible_enrolment_clause(user: User):
    """A WHERE clause (over Enrolment joined to Angkatan) selecting the participants a user may see: those of
    the angkatan in their scope and those related to them (coach, mentor, penguji), or, for an instansi viewer,
    their instansi's employees in any angkatan."""
    if user.role == Role.INSTANSI_VIEWER.value:
        return Enrolment.instansi_id.in_(viewer_instansi_ids(user))
    return or_(visible_angkatan_clause(user), related_enrolment_clause(user))


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
    """A participant the current user may see: themselves, one enrolled in an angkatan in scope, one related
    to them (coach, mentor, penguji: related_enrolment_clause), or (for an instansi viewer) an employee of their
    instansi. Only coordinators and admins manage."""
    if current_user.role == Role.PARTICIPANT.value and user_id != current_user.id:
        _not_found(User, user_id)
    user = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(User.id == user_id, User.role == Role.PARTICIPANT.value, visible_enrolment_clause(current_user))
    )
    if user is None:
        _not_found(User, user_id)
    if manage and not can_manage_people(current_user):
        abort(403)
    return user


def visible_outbox_clause(user: User):
    """A WHERE clause selecting the outbox messages the user may read: an admin every one; a coordinator
    those to a person they can see (a participant of an angkatan in scope, or the mentor of one: the mentor's
    set-up link); a message to no account is the admin's alone."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.COORDINATOR.value:
        in_scope = (
            select(Enrolment).join(Angkatan, Angkatan.id == Enrolment.angkatan_id).where(visible_angkatan_clause(user))
        )
        return or_(
            OutboxMessage.recipient_id.in_(in_scope.with_only_columns(Enrolment.user_id)),
            OutboxMessage.recipient_id.in_(in_scope.with_only_columns(Enrolment.mentor_id)),
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


def get_own_batch_or_404(model, batch_id: int):
    """An uploaded CSV awaiting review (participants, coaches and mentors): only its uploader opens it; anyone
    else's answers 404, recorded as a refusal."""
    batch = db.session.get(model, batch_id)
    if batch is None or batch.created_by_id != current_user.id:
        _not_found(model, batch_id)
    return batch
