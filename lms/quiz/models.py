"""Quizzes, their question banks, and attempts.

Questions are immutable versions: editing a question adds a version, so an attempt always shows
and grades exactly what the participant saw. One in-progress attempt per participant and quiz,
and unique attempt numbers, are held by the database itself.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.quiz import review as review_rules

SCORE_POLICIES = ("highest", "last", "first")
ATTEMPT_STATES = ("in_progress", "graded", "pending")


class Quiz(db.Model):
    __tablename__ = "quizzes"
    __table_args__ = (
        CheckConstraint("pass_threshold >= 0 AND pass_threshold <= 100", name="threshold"),
        CheckConstraint(f"score_policy IN {SCORE_POLICIES}", name="score_policy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    agenda: Mapped[int | None]
    pass_threshold: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    # Opens only once the participant has read every lesson of its agenda's modules (lms.quiz.prerequisites).
    requires_reading: Mapped[bool] = mapped_column(default=False, server_default=false())
    questions_per_attempt: Mapped[int | None]  # None: every active question of the bank
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    max_attempts: Mapped[int | None]  # None: unlimited
    time_limit_minutes: Mapped[int | None]
    wait_minutes: Mapped[int] = mapped_column(default=0)
    score_policy: Mapped[str] = mapped_column(String(10), default="highest")
    # Essays are graded without the participant's name ("Peserta 17"): the `quiz:` block's anonymous_grading.
    anonymous_grading: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Review options: per item, a bitmask of the moments it is shown (lms.quiz.review).
    review_score: Mapped[int] = mapped_column(default=review_rules.DEFAULT_MASKS["score"])
    review_correctness: Mapped[int] = mapped_column(default=review_rules.DEFAULT_MASKS["correctness"])
    review_correct_option: Mapped[int] = mapped_column(default=review_rules.DEFAULT_MASKS["correct_option"])
    review_feedback: Mapped[int] = mapped_column(default=review_rules.DEFAULT_MASKS["feedback"])
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    phase = relationship("Phase")

    @property
    def review(self) -> dict[str, list[str]]:
        """The review options as the `quiz:` block writes them: item -> the moments it is shown."""
        return {item: review_rules.from_mask(mask) for item, mask in self.review_masks.items()}

    @review.setter
    def review(self, value: dict | str) -> None:
        if isinstance(value, str):  # an old single-word mode, as files and fixtures before review options wrote it
            value = review_rules.LEGACY[value]
        for item, moments in review_rules.canonical(value).items():
            setattr(self, f"review_{item}", review_rules.to_mask(moments))

    @property
    def review_masks(self) -> dict[str, int]:
        return {item: getattr(self, f"review_{item}") for item in review_rules.ITEMS}


class PhaseRequirement(db.Model):
    """A quiz a phase requires; the phase score is the weighted average of their counted scores."""

    __tablename__ = "phase_requirements"

    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), primary_key=True)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))

    quiz: Mapped[Quiz] = relationship()


class Question(db.Model):
    """One version of a question of a module's bank. Never changed once written."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("module_id", "key", "version", name="uq_questions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[str] = mapped_column(String(12))
    text_md: Mapped[str] = deferred(mapped_column(Text))
    text_html: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Essays: the rubric that grades them (lms.core.rubric.Rubric.as_dict()); None for other kinds.
    rubric: Mapped[dict | None] = deferred(mapped_column(JSON))

    options: Mapped[list["QuestionOption"]] = relationship(
        order_by="QuestionOption.position", back_populates="question"
    )


class QuestionOption(db.Model):
    __tablename__ = "question_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    position: Mapped[int]
    text_md: Mapped[str] = deferred(mapped_column(Text))
    text_html: Mapped[str] = mapped_column(Text)
    fraction: Mapped[Decimal] = mapped_column(Numeric(6, 5))
    feedback_html: Mapped[str] = mapped_column(Text, default="")
    feedback_md: Mapped[str | None] = deferred(mapped_column(Text))  # kept so a bank can be exported
    # Matching questions: the answer this subquestion is matched to (plain text); None for other kinds.
    match_text: Mapped[str | None] = mapped_column(Text)

    question: Mapped[Question] = relationship(back_populates="options")


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "number", name="uq_attempts_number"),
        Index(
            "uq_attempts_one_open",
            "user_id",
            "quiz_id",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
        Index("ix_attempts_quiz_user", "quiz_id", "user_id"),
        # pending: submitted, its automatic part graded, an essay still awaiting a grader ("menunggu penilaian").
        CheckConstraint(f"status IN {ATTEMPT_STATES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    graded_by: Mapped[str | None] = mapped_column(String(12))  # "submit", "deadline", "regrade"
    # When it was submitted (or closed by its deadline) while an essay still awaited grading; graded_at is
    # then set when the last essay is graded.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool | None]
    threshold_used: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))

    quiz: Mapped[Quiz] = relationship()
    questions: Mapped[list["AttemptQuestion"]] = relationship(
        order_by="AttemptQuestion.position", back_populates="attempt"
    )


class AttemptQuestion(db.Model):
    """A question fixed into an attempt at its start, with the option order the participant sees."""

    __tablename__ = "attempt_questions"
    __table_args__ = (UniqueConstraint("attempt_id", "position", name="uq_attempt_questions_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    position: Mapped[int]
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    option_order: Mapped[list] = mapped_column(JSON)
    # The answer, saved as it is chosen, when, and a revision number for stale tabs. A JSON list whatever
    # the kind (lms.quiz.answer_rules.read_response): option ids for choice questions; [typed text] for
    # short answer and numerical; for matching one option id (the answer chosen) or null per subquestion.
    selected: Mapped[list] = mapped_column(JSON, default=list)
    answer_rev: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credit: Mapped[Decimal | None] = mapped_column(Numeric(6, 5))

    attempt: Mapped[Attempt] = relationship(back_populates="questions")
    question: Mapped[Question] = relationship()
    essay_grade: Mapped["EssayGrade | None"] = relationship(viewonly=True, uselist=False)


class EssayGrade(db.Model):
    """The grade of one essay answer: a level per rubric criterion, the feedback, who graded it. One per
    answer (the unique key), so two graders at once make one grade; a later change is a regrade, audited."""

    __tablename__ = "essay_grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_question_id: Mapped[int] = mapped_column(
        ForeignKey("attempt_questions.id", ondelete="CASCADE"), unique=True
    )
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    levels: Mapped[list] = mapped_column(JSON)  # the points chosen per criterion, as strings, in rubric order
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2))  # lms.core.rubric.rubric_score
    feedback: Mapped[str] = mapped_column(Text, default="")
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BankSource(db.Model):
    """A bank file of a module as last imported. Export writes it back byte for byte while the
    module's active questions are still exactly what it holds, so the team's git diff stays quiet."""

    __tablename__ = "bank_sources"
    __table_args__ = (UniqueConstraint("module_id", "filename", name="uq_bank_sources_file"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = deferred(mapped_column(Text))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class QuizResult(db.Model):
    """A participant's standing in one quiz, kept in step with every grade (same transaction), so
    dashboards read one row per participant and quiz instead of every attempt."""

    __tablename__ = "quiz_results"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), primary_key=True, index=True)
    counted_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool] = mapped_column(default=False)
    attempts_used: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhaseResult(db.Model):
    """A participant's phase score: the weighted average of the required quizzes' counted scores,
    set once every required quiz has one."""

    __tablename__ = "phase_results"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"), primary_key=True, index=True)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    quizzes_passed: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
