"""Who grades which essays, and the queue they grade from: the instructors teaching the participant's angkatan
and the coordinators of its lembaga (admins: all). The one load-or-abort place for an essay answer is
`get_essay_or_404`; the queue lists what awaits grading per quiz, oldest first, with the participant's name or,
for a quiz graded anonymously, a stable "Peserta N"."""

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import false, func, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment
from lms.quiz.answer_rules import HAND_KINDS
from lms.quiz.models import Attempt, AttemptQuestion, EssayGrade, Question, Quiz

GRADERS = (Role.INSTRUCTOR.value, Role.COORDINATOR.value, Role.ADMIN.value)
RECENT = 50  # graded essays listed under the queue, for a regrade


def gradable_clause(user: User):
    """A WHERE clause over Angkatan: the angkatan whose participants' essays the user grades (an instructor
    those they teach or tutor, a coordinator those of their lembaga, an admin all); nobody else any."""
    if user.role not in GRADERS:
        return false()
    return visible_angkatan_clause(user)


def _essays(user: User):
    """Essay answers of attempts the user may grade: AttemptQuestion, Attempt, Quiz, Question, the name."""
    return (
        select(AttemptQuestion, Attempt, Quiz, Question, User.name)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Question, Question.id == AttemptQuestion.question_id)
        .join(User, User.id == Attempt.user_id)
        .join(Enrolment, Enrolment.user_id == Attempt.user_id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(Question.kind.in_(HAND_KINDS), Attempt.status.in_(("pending", "graded")), gradable_clause(user))
    )


@dataclass(frozen=True)
class EssayItem:
    item: AttemptQuestion
    attempt: Attempt
    quiz: Quiz
    question: Question
    who: str  # the participant's name, or "Peserta N" when the quiz is graded anonymously
    grade: EssayGrade | None

    @property
    def answer(self) -> str:
        return str(self.item.selected[0]) if self.item.selected else ""


def anonymous_numbers(quiz_id: int, attempt_ids) -> dict[int, int]:
    """Each attempt's number among the quiz's attempts in the order they were started: stable (attempts are
    never deleted), small, and telling nothing of who made it."""
    wanted = set(attempt_ids)
    ids = db.session.scalars(select(Attempt.id).where(Attempt.quiz_id == quiz_id).order_by(Attempt.id)).all()
    return {attempt_id: n for n, attempt_id in enumerate(ids, start=1) if attempt_id in wanted}


def _who(quiz: Quiz, attempt_id: int, name: str, numbers: dict[int, int]) -> str:
    return f"Peserta {numbers[attempt_id]}" if quiz.anonymous_grading else name


def get_essay_or_404(item_id: int) -> EssayItem:
    """An essay answer the current user may grade, or 404 (recorded as a refusal when it exists)."""
    row = db.session.execute(_essays(current_user).where(AttemptQuestion.id == item_id)).first()
    if row is None:
        if db.session.get(AttemptQuestion, item_id) is not None:
            refuse_hidden()
        abort(404)
    item, attempt, quiz, question, name = row
    grade = db.session.scalar(select(EssayGrade).where(EssayGrade.attempt_question_id == item.id))
    numbers = anonymous_numbers(quiz.id, [attempt.id]) if quiz.anonymous_grading else {}
    return EssayItem(item, attempt, quiz, question, _who(quiz, attempt.id, name, numbers), grade)


@dataclass(frozen=True)
class QuizCount:
    quiz: Quiz
    waiting: int
    oldest: datetime | None


def queue_counts(user: User) -> list[QuizCount]:
    """Per quiz, the essays awaiting grading and since when the oldest waits."""
    waiting = (
        _essays(user)
        .where(Attempt.status == "pending", AttemptQuestion.credit.is_(None))
        .with_only_columns(Quiz.id, func.count(), func.min(Attempt.submitted_at))
        .group_by(Quiz.id)
    )
    counts = {quiz_id: (n, oldest) for quiz_id, n, oldest in db.session.execute(waiting)}
    if not counts:
        return []
    quizzes = db.session.scalars(select(Quiz).where(Quiz.id.in_(counts)).order_by(Quiz.title)).all()
    return [QuizCount(q, *counts[q.id]) for q in quizzes]


def waiting_essays(user: User, quiz: Quiz) -> list[EssayItem]:
    """The essays of one quiz awaiting grading, the longest waiting first."""
    rows = db.session.execute(
        _essays(user)
        .where(Quiz.id == quiz.id, Attempt.status == "pending", AttemptQuestion.credit.is_(None))
        .order_by(Attempt.submitted_at, Attempt.id, AttemptQuestion.position)
    ).all()
    numbers = anonymous_numbers(quiz.id, [row[1].id for row in rows]) if quiz.anonymous_grading else {}
    return [EssayItem(i, a, q, qu, _who(q, a.id, name, numbers), None) for i, a, q, qu, name in rows]


def graded_essays(user: User, quiz: Quiz) -> list[EssayItem]:
    """The most recently graded essays of one quiz (to open one again for a regrade)."""
    rows = db.session.execute(
        _essays(user)
        .add_columns(EssayGrade)
        .join(EssayGrade, EssayGrade.attempt_question_id == AttemptQuestion.id)
        .where(Quiz.id == quiz.id)
        .order_by(EssayGrade.graded_at.desc())
        .limit(RECENT)
    ).all()
    numbers = anonymous_numbers(quiz.id, [row[1].id for row in rows]) if quiz.anonymous_grading else {}
    return [EssayItem(i, a, q, qu, _who(q, a.id, name, numbers), g) for i, a, q, qu, name, g in rows]


def gradable_quiz_or_404(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        abort(404)
    return quiz
