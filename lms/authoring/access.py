"""Who may edit what: admins every module and quiz; instructors the modules assigned to them and
the quizzes those modules feed. Objects outside that scope answer 404, like every scope check."""

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, false, select, true

from lms.auth.models import Role, User
from lms.authoring.models import ModuleAssignment
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from lms.quiz.models import Quiz


def editable_modules_clause(user: User):
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.INSTRUCTOR.value:
        return Module.id.in_(select(ModuleAssignment.module_id).where(ModuleAssignment.user_id == user.id))
    return false()


def editable_quizzes_clause(user: User):
    """A quiz draws from the banks of every module whose published revision names it; an
    instructor of any one of those modules sets the quiz (threshold, attempts, ...)."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.role != Role.INSTRUCTOR.value:
        return false()
    return exists(
        select(Module.id)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .where(ModuleRevision.quiz_slug == Quiz.slug, editable_modules_clause(user))
    )


def can_edit_module(user: User, module_id: int) -> bool:
    return bool(db.session.scalar(select(Module.id).where(Module.id == module_id, editable_modules_clause(user))))


def get_module_for_edit_or_404(slug: str) -> Module:
    module = db.session.scalar(select(Module).where(Module.slug == slug, editable_modules_clause(current_user)))
    if module is None:
        abort(404)
    return module


def get_quiz_for_edit_or_404(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug, editable_quizzes_clause(current_user)))
    if quiz is None:
        abort(404)
    return quiz
