"""Who may see, set, grade and download what of a task: one load-or-abort function per object, each with
the role and the relation check. Outside one's scope is a 404 (recorded as a refusal when the object exists);
a participant never sees a task before it opens nor one of another angkatan."""

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select

from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import coordinator_lembaga_ids, get_angkatan_or_404
from lms.people.models import Angkatan, AngkatanInstructor, Enrolment
from lms.tasks.models import Submission, SubmissionVersion, Task


def _not_found(model, object_id: int):
    if db.session.get(model, object_id) is not None:
        refuse_hidden()
    abort(404)


def teaches(user: User, angkatan_id: int) -> bool:
    return (
        db.session.scalar(
            select(AngkatanInstructor.user_id).where(
                AngkatanInstructor.user_id == user.id, AngkatanInstructor.angkatan_id == angkatan_id
            )
        )
        is not None
    )


def may_set_tasks(user: User, angkatan: Angkatan) -> bool:
    """A widyaiswara teaching the angkatan, a coordinator of its lembaga (get_angkatan_or_404 checked the
    scope already), an admin."""
    if user.role in (Role.ADMIN.value, Role.COORDINATOR.value):
        return True
    return user.role == Role.INSTRUCTOR.value and teaches(user, angkatan.id)


def get_task_angkatan_or_404(angkatan_id: int) -> Angkatan:
    """An angkatan whose tasks the current user may list and set."""
    angkatan = get_angkatan_or_404(angkatan_id)
    if not may_set_tasks(current_user, angkatan):
        refuse_hidden()
        abort(404)
    return angkatan


def staff_task_clause(user: User):
    """The tasks a staff member may open: an admin all; a coordinator those of their lembaga's angkatan; a
    widyaiswara those they grade or set."""
    if user.role == Role.ADMIN.value:
        return Task.id.is_not(None)
    if user.role == Role.COORDINATOR.value:
        return Task.angkatan_id.in_(select(Angkatan.id).where(Angkatan.lembaga_id.in_(coordinator_lembaga_ids(user))))
    if user.role == Role.INSTRUCTOR.value:
        return or_(Task.grader_id == user.id, Task.created_by_id == user.id)
    return Task.id.is_(None)


def get_staff_task_or_404(task_id: int) -> Task:
    """A task the current staff member may open, edit and export (not another widyaiswara's)."""
    task = db.session.scalar(select(Task).where(Task.id == task_id, staff_task_clause(current_user)))
    if task is None:
        _not_found(Task, task_id)
    return task


def is_grader(user: User, task: Task) -> bool:
    return user.role == Role.INSTRUCTOR.value and task.grader_id == user.id


def get_participant_task_or_404(task_id: int) -> tuple[Task, Enrolment]:
    """A task of the current participant's angkatan that has opened, with their enrolment."""
    enrolment = current_user.enrolment
    task = db.session.get(Task, task_id)
    if task is None:
        abort(404)
    if enrolment is None or task.angkatan_id != enrolment.angkatan_id or task.opens_at > utcnow():
        refuse_hidden()
        abort(404)
    return task, enrolment


def may_read_submission(user: User, submission: Submission) -> bool:
    """The submitter, a member of the submitting group, the task's grader, a coordinator of its angkatan's
    lembaga, an admin."""
    task = submission.task
    if user.role == Role.PARTICIPANT.value:
        enrolment = user.enrolment
        if enrolment is None or enrolment.angkatan_id != task.angkatan_id:
            return False
        if submission.user_id is not None:
            return submission.user_id == user.id
        return enrolment.tutor_group_id == submission.tutor_group_id
    if user.role == Role.INSTRUCTOR.value:
        return task.grader_id == user.id
    if user.role == Role.ADMIN.value:
        return True
    if user.role == Role.COORDINATOR.value:
        lembaga_id = db.session.scalar(select(Angkatan.lembaga_id).where(Angkatan.id == task.angkatan_id))
        return lembaga_id in set(db.session.scalars(coordinator_lembaga_ids(user)))
    return False


def get_version_or_404(version_id: int) -> SubmissionVersion:
    """A submission version the current user may read (and download the file of)."""
    version = db.session.get(SubmissionVersion, version_id)
    if version is None:
        abort(404)
    if not may_read_submission(current_user, version.submission):
        refuse_hidden()
        abort(404)
    return version


def get_gradable_submission_or_404(submission_id: int) -> Submission:
    """A submission the current user grades: only the task's grader; anyone else 404 (recorded)."""
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    if not is_grader(current_user, submission.task):
        refuse_hidden()
        abort(404)
    return submission
