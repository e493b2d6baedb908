"""Who may change a quiz (its settings, its key, a regrade): admins every quiz; an instructor the quizzes
fed by a module they may edit. A quiz outside that scope answers 404, like every scope check. Who may read a
participant's attempt: whoever may read their record."""

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, false, select, true
from sqlalchemy.orm import selectinload

from lms.auth.models import Role, User
from lms.content.access import editable_modules_clause
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from lms.people.access import get_participant_or_404
from lms.quiz.models import Attempt, AttemptQuestion, Question, Quiz


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


def get_participant_attempt_or_404(user_id: int, attempt_id: int) -> tuple[User, Attempt]:
    """(the participant, one of their attempts with its questions and options) for a reader of the participant's
    record: get_participant_or_404's role and relation check; an attempt of anybody else answers 404."""
    person = get_participant_or_404(user_id)
    attempt = db.session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.user_id == person.id)
        .options(
            selectinload(Attempt.quiz),
            selectinload(Attempt.questions).selectinload(AttemptQuestion.question).selectinload(Question.options),
        )
    )
    if attempt is None:
        abort(404)
    return person, attempt
