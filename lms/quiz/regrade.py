"""Regrading: an explicit instructor action. First a preview of whose score and pass/fail would
change under the current threshold and answer key; then, only if confirmed, the change, audited."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from lms import audit
from lms.auth.models import User
from lms.extensions import db
from lms.quiz import grading
from lms.quiz.completion import refresh_standing
from lms.quiz.models import Attempt, AttemptQuestion, Question, QuestionOption, Quiz


@dataclass
class RegradeChange:
    attempt_id: int
    user_id: int
    user_name: str
    number: int
    old_score: Decimal
    new_score: Decimal
    old_passed: bool
    new_passed: bool

    @property
    def pass_changes(self) -> bool:
        return self.old_passed != self.new_passed


def _current_keys(quiz_question_ids: set[int]) -> dict[int, tuple[str, dict[int, Decimal]]]:
    """For each question version used, the latest version of the same question: kind and fraction by
    option position (positions are how answers carry over between versions)."""
    used = db.session.execute(
        select(Question.id, Question.module_id, Question.key).where(Question.id.in_(quiz_question_ids))
    ).all()
    latest_ids = {}
    for question_id, module_id, key in used:
        latest_ids[question_id] = db.session.scalar(
            select(Question.id)
            .where(Question.module_id == module_id, Question.key == key)
            .order_by(Question.version.desc())
            .limit(1)
        )
    keys = {}
    rows = db.session.execute(
        select(Question.id, Question.kind, QuestionOption.position, QuestionOption.fraction)
        .join(QuestionOption)
        .where(Question.id.in_(set(latest_ids.values())))
    )
    by_latest: dict[int, tuple[str, dict[int, Decimal]]] = {}
    for question_id, kind, position, fraction in rows:
        by_latest.setdefault(question_id, (kind, {}))[1][position] = Decimal(fraction)
    for used_id, latest_id in latest_ids.items():
        keys[used_id] = by_latest[latest_id]
    return keys


def plan_regrade(quiz: Quiz) -> list[RegradeChange]:
    attempts = db.session.execute(
        select(Attempt, User.name)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.status == "graded")
        .order_by(User.name, Attempt.number)
    ).all()
    if not attempts:
        return []
    items = db.session.scalars(
        select(AttemptQuestion).where(AttemptQuestion.attempt_id.in_([a.id for a, _n in attempts]))
    ).all()
    positions = dict(
        db.session.execute(
            select(QuestionOption.id, QuestionOption.position).where(
                QuestionOption.question_id.in_({i.question_id for i in items})
            )
        ).all()
    )
    keys = _current_keys({i.question_id for i in items})
    by_attempt: dict[int, list[AttemptQuestion]] = {}
    for item in items:
        by_attempt.setdefault(item.attempt_id, []).append(item)
    changes = []
    for attempt, name in attempts:
        credits = []
        for item in by_attempt.get(attempt.id, []):
            kind, fractions = keys[item.question_id]
            in_time = attempt.deadline_at is None or (item.answered_at and item.answered_at <= attempt.deadline_at)
            chosen = [positions[o] for o in item.selected] if in_time else []
            credits.append(grading.question_credit(kind, fractions, chosen))
        new_score = grading.attempt_score(credits)
        new_passed = grading.passes(new_score, quiz.pass_threshold)
        if new_score != attempt.score or new_passed != attempt.passed:
            changes.append(
                RegradeChange(
                    attempt.id,
                    attempt.user_id,
                    name,
                    attempt.number,
                    attempt.score,
                    new_score,
                    bool(attempt.passed),
                    new_passed,
                )
            )
    return changes


def apply_regrade(quiz: Quiz, actor_id: int, reason: str) -> list[RegradeChange]:
    changes = plan_regrade(quiz)
    for change in changes:
        attempt = db.session.get(Attempt, change.attempt_id)
        attempt.score, attempt.passed, attempt.threshold_used = change.new_score, change.new_passed, quiz.pass_threshold
        audit.record(
            "attempt.regrade",
            "attempt",
            attempt.id,
            subject_user_id=attempt.user_id,
            actor_id=actor_id,
            reason=reason,
            old_score=str(change.old_score),
            new_score=str(change.new_score),
            old_passed=change.old_passed,
            new_passed=change.new_passed,
        )
    for user_id in {c.user_id for c in changes}:
        refresh_standing(user_id, quiz)
    audit.record(
        "quiz.regrade",
        "quiz",
        quiz.id,
        actor_id=actor_id,
        reason=reason,
        changed=len(changes),
        threshold=str(quiz.pass_threshold),
    )
    return changes
