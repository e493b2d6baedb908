"""Who may change a quiz (its settings, its key, a regrade): admins every quiz; an instructor the quizzes
fed by a module they may edit. A quiz outside that scope answers 404, like every scope check."""

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, false, select, true

from lms.auth.models import Role, User
from lms.content.access import editable_modules_clause
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from lms.quiz.models import Quiz


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


def get_quiz_for_edit_or_404(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug, editable_quizzes_clause(current_user)))
    if quiz is None:
        abort(404)
    return quiz
