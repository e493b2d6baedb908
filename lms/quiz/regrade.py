"""Regrading: an explicit instructor action. First a preview of whose score and pass/fail would
change under the current threshold and answer key; then, only if confirmed, the change, audited."""

from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from sqlalchemy import func, select, tuple_

from lms.auth.models import User
from lms.core import audit
from lms.core.extensions import db
from lms.quiz import grading, ledger_values
from lms.quiz.answer_rules import CHOICE_KINDS, HAND_KINDS
from lms.quiz.attempts import item_credit, key_options
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


# How alike a reworded option must stay to be read as the same option (difflib's ratio): a typo fix or a
# clearer phrase keeps well above it, a different answer falls below.
SAME_OPTION = 0.6


def option_map(used: list[tuple[int, int, str]], latest: list[tuple[int, str]]) -> dict[int, int] | None:
    """How an answer given on one version of a question reads on its latest version: option id of the
    used version -> position in the latest. `used` holds (option id, position, text), `latest` (position,
    text). Each used option is the latest option most like it (the same text wherever it moved, or a
    reworded one); None when some option has no clear match or two share one, where no reading of an old
    answer is safe and the version keeps its own key."""
    if len(used) != len(latest):
        return None
    mapping = {}
    for option_id, _position, text in used:
        score, position = max((SequenceMatcher(None, text, other).ratio(), pos) for pos, other in latest)
        if score < SAME_OPTION:
            return None
        mapping[option_id] = position
    return mapping if len(set(mapping.values())) == len(mapping) else None


def _current_keys(used_ids: set[int]) -> dict[int, tuple[str, dict[int, Decimal], dict[int, int]]]:
    """For each question version used: the kind and the fraction by position that grade it now, and how
    its options' ids map to those positions. The latest version of the same question gives the key when
    the answers carry over to it (`option_map`); otherwise the version itself does, as it did at grading."""
    used = db.session.execute(
        select(Question.id, Question.module_id, Question.key).where(Question.id.in_(used_ids))
    ).all()
    newest = (
        select(Question.module_id, Question.key, func.max(Question.version).label("version"))
        .where(tuple_(Question.module_id, Question.key).in_([(m, k) for _id, m, k in used]))
        .group_by(Question.module_id, Question.key)
        .subquery()
    )
    latest_of = {
        (module_id, key): question_id
        for question_id, module_id, key in db.session.execute(
            select(Question.id, Question.module_id, Question.key).join(
                newest,
                (Question.module_id == newest.c.module_id)
                & (Question.key == newest.c.key)
                & (Question.version == newest.c.version),
            )
        )
    }
    latest_ids = {used_id: latest_of[(module_id, key)] for used_id, module_id, key in used}
    options: dict[int, list] = {}
    kinds: dict[int, str] = {}
    rows = db.session.execute(
        select(Question.id, Question.kind, QuestionOption.id, QuestionOption.position, QuestionOption.text_md)
        .add_columns(QuestionOption.fraction)
        .join(QuestionOption)
        .where(Question.id.in_(used_ids | set(latest_ids.values())))
    )
    for question_id, kind, option_id, position, text, fraction in rows:
        kinds[question_id] = kind
        options.setdefault(question_id, []).append((option_id, position, (text or "").strip(), Decimal(fraction)))
    keys = {}
    for used_id, latest_id in latest_ids.items():
        mine = options[used_id]
        mapping = (
            option_map([o[:3] for o in mine], [(o[1], o[2]) for o in options[latest_id]])
            if kinds[latest_id] == kinds[used_id]
            else None
        )
        source = latest_id if mapping is not None else used_id
        fractions = {position: fraction for _id, position, _text, fraction in options[source]}
        keys[used_id] = (kinds[source], fractions, mapping or {o[0]: o[1] for o in mine})
    return keys


def _typed_keys(used_ids: set[int]) -> dict[int, tuple[str, list]]:
    """Typed answers (short answer, numerical) are graded on the latest version of their question when it
    is still of the same kind: an answer accepted since (a synonym, a wider tolerance) then counts. A
    matching answer names the options of its own version, which grades it."""
    if not used_ids:
        return {}
    used = db.session.execute(
        select(Question.id, Question.module_id, Question.key, Question.kind).where(Question.id.in_(used_ids))
    ).all()
    latest = {}
    for question_id, module_id, key, kind in db.session.execute(
        select(Question.id, Question.module_id, Question.key, Question.kind)
        .where(tuple_(Question.module_id, Question.key).in_([(m, k) for _i, m, k, _kind in used]))
        .order_by(Question.version)
    ):
        latest[(module_id, key)] = (question_id, kind)
    source = {}
    for question_id, module_id, key, kind in used:
        newest_id, newest_kind = latest[(module_id, key)]
        source[question_id] = newest_id if kind != "matching" and newest_kind == kind else question_id
    options = key_options(set(source.values()))
    return {used_id: (kind, options[source[used_id]]) for used_id, _m, _k, kind in used}


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
    # An essay keeps the credit its grader gave (changed only by regrading that essay, lms.quiz.essay_grading).
    hand = set(
        db.session.scalars(
            select(Question.id).where(Question.id.in_({i.question_id for i in items}), Question.kind.in_(HAND_KINDS))
        )
    )
    keys = _current_keys({i.question_id for i in items} - hand)
    typed = _typed_keys(
        {i.question_id for i in items if i.question_id not in hand and keys[i.question_id][0] not in CHOICE_KINDS}
    )
    by_attempt: dict[int, list[AttemptQuestion]] = {}
    for item in items:
        by_attempt.setdefault(item.attempt_id, []).append(item)
    changes = []
    for attempt, name in attempts:
        credits = []
        for item in by_attempt.get(attempt.id, []):
            if item.question_id in hand:
                credits.append(item.credit or grading.ZERO)
                continue
            kind, fractions, positions = keys[item.question_id]
            in_time = attempt.deadline_at is None or (item.answered_at and item.answered_at <= attempt.deadline_at)
            if kind in CHOICE_KINDS:
                chosen = [positions[o] for o in item.selected] if in_time else []
                credits.append(grading.question_credit(kind, fractions, chosen))
            else:
                key_kind, key = typed[item.question_id]
                credits.append(item_credit(key_kind, key, item.selected if in_time else []))
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
        ledger_values.record_attempt("attempt.regrade", attempt, change.new_score, change.new_passed, actor_id)
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
