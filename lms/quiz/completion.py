"""How quizzes drive gating: the phase score, the standing on each required quiz, the lock explanations, and the
moment a grade may complete the phase (lms.phases.completion decides with every other requirement: the reading,
attendance, tasks); or a coordinator's exception."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.i18n import local_moment
from lms.phases.completion import complete_if_due, completion_id
from lms.phases.ledger_values import record_completion
from lms.phases.models import MET_SOURCES, Phase, PhaseCompletion
from lms.quiz import grading, ledger_values
from lms.quiz.models import Attempt, PhaseRequirement, PhaseResult, Quiz, QuizResult
from lms.quiz.standing import Standing, Tally, standing


@dataclass
class RequirementResult:
    """A quiz a phase requires, with its weight and the participant's standing on it."""

    quiz: Quiz
    weight: Decimal
    standing: Standing

    @property
    def counted(self) -> grading.GradedAttempt | None:
        return self.standing.counted

    @property
    def attempts_used(self) -> int:
        return self.standing.used

    @property
    def attempts_left(self) -> int | None:  # None: unlimited
        return self.standing.attempts_left

    @property
    def next_start_at(self) -> datetime | None:
        return self.standing.next_start_at

    @property
    def passed(self) -> bool:
        return self.standing.passed


def awaiting_grade(user_id: int) -> set[int]:
    """The quizzes where the participant has a submitted attempt whose essay still waits for its grader
    ("menunggu penilaian"), so a results page does not show them as simply not done."""
    return set(
        db.session.scalars(
            select(Attempt.quiz_id).where(Attempt.user_id == user_id, Attempt.status == "pending").distinct()
        )
    )


def requirement_results(user_id: int, phase_id: int) -> list[RequirementResult]:
    """Each required quiz of the phase with the participant's counted attempt, in two queries."""
    requirements = _requirements(phase_id)
    if not requirements:
        return []
    return _results_from(requirements, _attempts_at(user_id, [q.id for q, _w in requirements]))


def _requirements(phase_id: int) -> list[tuple[Quiz, Decimal]]:
    return db.session.execute(
        select(Quiz, PhaseRequirement.weight)
        .join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)
        .where(PhaseRequirement.phase_id == phase_id)
        .order_by(Quiz.agenda, Quiz.slug)
    ).all()


def _attempts_at(user_id: int, quiz_ids: list[int]) -> list[Attempt]:
    return db.session.scalars(
        select(Attempt).where(Attempt.user_id == user_id, Attempt.quiz_id.in_(quiz_ids)).order_by(Attempt.number)
    ).all()


def _results_from(
    requirements: list[tuple[Quiz, Decimal]], attempts: list[Attempt], now: datetime | None = None
) -> list[RequirementResult]:
    now = now or utcnow()
    return [
        RequirementResult(quiz, Decimal(weight), _standing_on(quiz, attempts, now)) for quiz, weight in requirements
    ]


def _standing_on(quiz: Quiz, attempts: list[Attempt], now: datetime) -> Standing:
    """The standing on `quiz` from the participant's attempts (at this and other quizzes)."""
    return standing(quiz, Tally.of([a for a in attempts if a.quiz_id == quiz.id], quiz.score_policy), now)


def phase_score(results: list[RequirementResult]) -> Decimal | None:
    """The weighted average of the counted scores, once every required quiz has one."""
    if not results or any(r.counted is None for r in results):
        return None
    return grading.weighted_average([(r.counted.score, r.weight) for r in results])


def refresh_standing(user_id: int, quiz: Quiz) -> None:
    """After an attempt starts, is graded or regraded: the participant's quiz result, phase score and
    the completion that opens the next phase, all in the caller's transaction."""
    now = utcnow()
    # One query for the attempts of this quiz and of the phase's required ones (usually it is one of them).
    requirements = _requirements(quiz.phase_id)
    attempts = _attempts_at(user_id, list({quiz.id} | {q.id for q, _w in requirements}))
    mine = _standing_on(quiz, attempts, now)
    _upsert(
        QuizResult,
        (user_id, quiz.id),
        counted_score=mine.counted.score if mine.counted else None,
        passed=mine.passed,
        attempts_used=mine.used,
        last_attempt_at=mine.last_graded_at,
    )
    if not requirements:
        return
    results = _results_from(requirements, attempts, now)
    score = phase_score(results)
    row = _upsert(PhaseResult, (user_id, quiz.phase_id), quizzes_passed=sum(r.passed for r in results))
    if row.score != score:  # the phase score is a component of the final result: each change is in the ledger
        row.score = score
        ledger_values.record_phase_result(user_id, quiz.phase_id, score)
    existing = db.session.scalar(
        select(PhaseCompletion).where(PhaseCompletion.user_id == user_id, PhaseCompletion.phase_id == quiz.phase_id)
    )
    all_passed = all(r.passed for r in results)
    if all_passed and existing is None:
        complete_if_due(user_id, quiz.phase_id, score=str(phase_score(results)))
    elif not all_passed and existing is not None and existing.source in MET_SOURCES:
        db.session.execute(delete(PhaseCompletion).where(PhaseCompletion.id == existing.id))
        audit.record(
            "phase.complete.withdrawn",
            "phase",
            quiz.phase_id,
            subject_user_id=user_id,
            reason="penilaian ulang: evaluasi wajib tidak lagi lulus",
        )
        record_completion("phase.complete.withdrawn", user_id, quiz.phase_id, None)


def complete_after_reading(user_id: int, phase_id: int) -> None:
    """A lesson was marked done (lms.content.progress.AFTER_LESSON_DONE): if the phase's required quizzes
    are already passed and this was the last unread lesson, the phase is completed now. A completion
    is never withdrawn for reading, so one made under the old rule (quizzes only) stays."""
    if completion_id(user_id, phase_id) is not None:
        return
    passed = (
        db.session.execute(
            select(QuizResult.passed)
            .select_from(PhaseRequirement)
            .outerjoin(QuizResult, (QuizResult.quiz_id == PhaseRequirement.quiz_id) & (QuizResult.user_id == user_id))
            .where(PhaseRequirement.phase_id == phase_id)
        )
        .scalars()
        .all()
    )
    if not passed or not all(passed):
        return
    result = db.session.get(PhaseResult, (user_id, phase_id))
    complete_if_due(user_id, phase_id, score=str(result.score if result else None))


def _upsert(model, key: tuple, **values):
    row = db.session.get(model, key)
    if row is None:
        row = model(user_id=key[0], **{("quiz_id" if model is QuizResult else "phase_id"): key[1]})
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def grant_exception(user_id: int, phase_id: int, reason: str, actor_id: int) -> bool:
    """A coordinator opens the next phase for one participant. Always with a reason; always audited."""
    if not reason or len(reason.strip()) < 10:
        raise ValueError("Alasan pengecualian wajib diisi (minimal 10 karakter).")
    existing = db.session.scalar(
        select(PhaseCompletion).where(PhaseCompletion.user_id == user_id, PhaseCompletion.phase_id == phase_id)
    )
    if existing is not None:
        return False
    db.session.add(PhaseCompletion(user_id=user_id, phase_id=phase_id, source="exception", reason=reason.strip()))
    audit.record(
        "phase.exception", "phase", phase_id, subject_user_id=user_id, actor_id=actor_id, reason=reason.strip()
    )
    record_completion("phase.exception", user_id, phase_id, "exception", actor_id=actor_id)
    return True


def explain_unmet(user_id: int, phase_ids: list[int], for_staff: bool = False) -> dict[int, list[str]]:
    """The lock reason for the phase after each of these: which quiz, what score, what is left; addressed
    to the participant, or about them for staff (who must not read "your best score" or "contact the
    coordinator")."""
    messages: dict[int, list[str]] = {}
    names = dict(db.session.execute(select(Phase.id, Phase.name).where(Phase.id.in_(phase_ids))).all())
    for phase_id in phase_ids:
        for result in requirement_results(user_id, phase_id):
            if result.passed:
                continue
            messages.setdefault(phase_id, []).append(_describe(result, names.get(phase_id, ""), for_staff))
    return messages


def _describe(result: RequirementResult, phase_name: str, for_staff: bool) -> str:
    quiz = result.quiz
    parts = []
    if result.counted is not None:
        score = _number(result.counted.score)
        if quiz.score_policy != "highest":
            parts.append(_("nilai yang dihitung %(score)s", score=score))
        elif for_staff:
            parts.append(_("nilai terbaik %(score)s", score=score))
        else:
            parts.append(_("nilai terbaik Anda %(score)s", score=score))
    if result.attempts_left is not None:
        parts.append(
            ngettext("sisa %(n)d percobaan", "sisa %(n)d percobaan", result.attempts_left, n=result.attempts_left)
        )
    if result.next_start_at is not None:
        parts.append(_("dapat dicoba lagi %(when)s", when=local_moment(result.next_start_at)))
    detail = f" ({', '.join(parts)})" if parts else ""
    if result.attempts_left == 0 and for_staff:
        return _(
            "Lulus %(quiz)s dengan nilai minimal %(min)s%(detail)s. Kesempatan sudah habis.",
            quiz=quiz.title,
            min=_number(quiz.pass_threshold),
            detail=detail,
        )
    if result.attempts_left == 0:
        return _(
            "Lulus %(quiz)s dengan nilai minimal %(min)s%(detail)s. Kesempatan sudah habis: hubungi penyelenggara.",
            quiz=quiz.title,
            min=_number(quiz.pass_threshold),
            detail=detail,
        )
    return _(
        "Lulus %(quiz)s dengan nilai minimal %(min)s%(detail)s.",
        quiz=quiz.title,
        min=_number(quiz.pass_threshold),
        detail=detail,
    )


def _number(value: Decimal) -> str:
    """70.00 -> 70, 64.50 -> 64,5 (Indonesian decimal comma)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")
