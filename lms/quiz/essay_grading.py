"""Essays graded by hand: a grade from the question's rubric, exactly once per answer; the attempt's score once
its last essay is graded; a later change is a regrade with a reason. Audited; the standing refreshed as for any
grade (lms.quiz.completion.refresh_standing).

Exactly once: the attempt row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
serialises writers), so a second grader of the same answer waits and then finds the first one's grade; the
unique key of essay_grades stands behind the lock, and the attempt is claimed by a conditional UPDATE.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import Rubric, RubricError, rubric_score
from lms.quiz import grading, ledger_values
from lms.quiz.completion import refresh_standing
from lms.quiz.models import Attempt, AttemptQuestion, EssayGrade, Question

HUNDRED = Decimal(100)
REASON_MIN = 10


class GradeRefused(Exception):
    """The grade cannot be recorded; message is for the grader (Indonesian). Nothing is written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GradeOutcome:
    score: Decimal  # the essay's score 0-100 from the rubric
    attempt_done: bool  # this grade was the attempt's last essay: the attempt now has its score


def rubric_of(question: Question) -> Rubric:
    return Rubric.from_dict(question.rubric)


def chosen_levels(rubric: Rubric, form_values: dict[str, str]) -> dict[int, str]:
    """The points chosen per criterion from the form's `kriteria-<index>` values (any other index too, so a
    forged one is refused by rubric_score rather than ignored)."""
    chosen = {}
    for name, value in form_values.items():
        if name.startswith("kriteria-") and name[9:].isdigit():
            chosen[int(name[9:])] = value
    return chosen


def _locked(item_id: int) -> tuple[Attempt, AttemptQuestion]:
    attempt = db.session.scalar(
        select(Attempt)
        .join(AttemptQuestion, AttemptQuestion.attempt_id == Attempt.id)
        .where(AttemptQuestion.id == item_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    item = db.session.scalar(
        select(AttemptQuestion).where(AttemptQuestion.id == item_id).execution_options(populate_existing=True)
    )
    return attempt, item


def _score(item: AttemptQuestion, chosen: dict[int, str]) -> Decimal:
    try:
        return rubric_score(rubric_of(item.question), chosen)
    except RubricError as error:
        raise GradeRefused(error.message) from None


def grade_essay(
    item_id: int, grader_id: int, chosen: dict[int, str], feedback: str, now: datetime | None = None
) -> GradeOutcome:
    """Record the first grade of one essay answer; when it is the attempt's last, grade the attempt."""
    now = now or utcnow()
    attempt, item = _locked(item_id)
    existing = db.session.scalar(select(EssayGrade.id).where(EssayGrade.attempt_question_id == item_id))
    if existing is not None or item.credit is not None or attempt.status != "pending":
        raise GradeRefused(
            "Esai ini sudah dinilai (mungkin oleh penilai lain baru saja). Nilainya hanya dapat diubah "
            "lewat penilaian ulang dengan alasan."
        )
    score = _score(item, chosen)
    levels = [str(chosen[index]) for index in sorted(chosen)]
    try:
        with db.session.begin_nested():
            db.session.add(
                EssayGrade(
                    attempt_question_id=item_id,
                    grader_id=grader_id,
                    levels=levels,
                    score=score,
                    feedback=feedback.strip(),
                    graded_at=now,
                )
            )
            db.session.flush()
    except IntegrityError:
        raise GradeRefused("Esai ini sudah dinilai oleh penilai lain; nilainya tidak dicatat dua kali.") from None
    item.credit = score / HUNDRED
    audit.record(
        "essay.graded",
        "attempt_question",
        item_id,
        subject_user_id=attempt.user_id,
        actor_id=grader_id,
        attempt=attempt.id,
        levels=levels,
        score=str(score),
    )
    ledger_values.record_essay("essay.graded", item_id, attempt.user_id, score, levels, grader_id)
    return GradeOutcome(score, _finish_if_graded(attempt, grader_id, now))


def _finish_if_graded(attempt: Attempt, grader_id: int, now: datetime) -> bool:
    items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)).all()
    if any(item.credit is None for item in items):
        return False
    quiz = attempt.quiz
    score = grading.attempt_score(item.credit for item in items)
    passed = grading.passes(
        score, attempt.threshold_used if attempt.threshold_used is not None else quiz.pass_threshold
    )
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == "pending")
        .values(status="graded", score=score, passed=passed, graded_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        return False
    audit.record(
        "attempt.graded",
        "attempt",
        attempt.id,
        subject_user_id=attempt.user_id,
        actor_id=grader_id,
        quiz=quiz.slug,
        number=attempt.number,
        score=str(score),
        passed=passed,
        by="essay",
    )
    ledger_values.record_attempt("attempt.graded", attempt, score, passed, actor_id=grader_id)
    refresh_standing(attempt.user_id, quiz)
    return True


def regrade_essay(
    item_id: int, grader_id: int, chosen: dict[int, str], feedback: str, reason: str, now: datetime | None = None
) -> GradeOutcome:
    """Change an essay's grade: with a reason, audited with the old and new values; a graded attempt's score
    follows, audited as a regrade, and the standing is refreshed."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise GradeRefused(f"Alasan penilaian ulang wajib diisi (minimal {REASON_MIN} karakter).")
    attempt, item = _locked(item_id)
    grade = db.session.scalar(
        select(EssayGrade).where(EssayGrade.attempt_question_id == item_id).execution_options(populate_existing=True)
    )
    if grade is None:
        raise GradeRefused("Esai ini belum dinilai; nilai dulu sebelum penilaian ulang.")
    score = _score(item, chosen)
    levels = [str(chosen[index]) for index in sorted(chosen)]
    old = {"levels": grade.levels, "score": str(grade.score), "feedback": grade.feedback}
    grade.levels, grade.score, grade.feedback = levels, score, feedback.strip()
    grade.grader_id, grade.updated_at = grader_id, now
    item.credit = score / HUNDRED
    audit.record(
        "essay.regrade",
        "attempt_question",
        item_id,
        reason=reason,
        subject_user_id=attempt.user_id,
        actor_id=grader_id,
        attempt=attempt.id,
        old_levels=old["levels"],
        new_levels=levels,
        old_score=old["score"],
        new_score=str(score),
        old_feedback=old["feedback"],
        new_feedback=grade.feedback,
    )
    ledger_values.record_essay("essay.regrade", item_id, attempt.user_id, score, levels, grader_id)
    if attempt.status == "graded":
        _rescore(attempt, grader_id, reason)
    return GradeOutcome(score, attempt.status == "graded")


def _rescore(attempt: Attempt, grader_id: int, reason: str) -> None:
    items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)).all()
    score = grading.attempt_score(item.credit or grading.ZERO for item in items)
    passed = grading.passes(score, attempt.threshold_used)
    if score == attempt.score and passed == attempt.passed:
        return
    audit.record(
        "attempt.regrade",
        "attempt",
        attempt.id,
        subject_user_id=attempt.user_id,
        actor_id=grader_id,
        reason=reason,
        old_score=str(attempt.score),
        new_score=str(score),
        old_passed=bool(attempt.passed),
        new_passed=passed,
    )
    ledger_values.record_attempt("attempt.regrade", attempt, score, passed, actor_id=grader_id)
    attempt.score, attempt.passed = score, passed
    refresh_standing(attempt.user_id, attempt.quiz)
