"""The life of an attempt, on the server: start, save each answer, grade exactly once.

Concurrency: starting relies on two database constraints (one open attempt per participant and
quiz; unique attempt numbers). Saving and grading lock the attempt row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers), and grading claims the attempt with a
conditional UPDATE, so double clicks, two tabs and retries produce one grade.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from lms.content.models import Module, ModuleRevision
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.quiz import answer_rules, grading, ledger_values
from lms.quiz.answer_rules import (
    CHOICE_KINDS,
    HAND_KINDS,
    AnswerInvalid,
    KeyOption,
    read_response,
    same_response,
)
from lms.quiz.completion import refresh_standing
from lms.quiz.drawing import draw_questions, option_order
from lms.quiz.models import Attempt, AttemptQuestion, Question, QuestionOption, Quiz
from lms.quiz.standing import Standing, Tally, standing


class QuizRefused(Exception):
    """The request breaks a rule; message is for the participant. status: the HTTP status to answer."""

    def __init__(self, message: str, status: int = 409, keep_changes: bool = False):
        super().__init__(message)
        # keep_changes: what the request did before refusing (grading an expired attempt) stands.
        self.message, self.status, self.keep_changes = message, status, keep_changes


class AnswerRefused(QuizRefused):
    """What was typed is not an answer to this question (not a number, too long): the page shows it again
    with the message, so nothing typed is lost."""

    def __init__(self, message: str, typed: list[str]):
        super().__init__(message, status=400)
        self.typed = typed


@dataclass
class QuizStatus:
    """What the quiz pages show of one participant's attempts at one quiz."""

    graded: list[Attempt]
    open_attempt: Attempt | None
    standing: Standing
    pending: list[Attempt] = ()  # submitted, an essay awaiting its grader ("menunggu penilaian")

    @property
    def used(self) -> int:
        return self.standing.used

    @property
    def counted(self) -> grading.GradedAttempt | None:
        return self.standing.counted

    @property
    def attempts_left(self) -> int | None:  # None: unlimited
        return self.standing.attempts_left

    @property
    def next_start_at(self) -> datetime | None:  # when the wait between attempts ends
        return self.standing.next_start_at

    @property
    def passed(self) -> bool:
        return self.standing.passed


def quiz_status(quiz: Quiz, user_id: int, now: datetime | None = None) -> QuizStatus:
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.user_id == user_id).order_by(Attempt.number)
    )
    return status_from(quiz, list(attempts), now)


def status_from(quiz: Quiz, attempts: list[Attempt], now: datetime | None = None) -> QuizStatus:
    """The status of one quiz from the participant's attempts at it, in number order."""
    return QuizStatus(
        [a for a in attempts if a.status == "graded"],
        next((a for a in attempts if a.status == "in_progress"), None),
        standing(quiz, Tally.of(attempts, quiz.score_policy), now or utcnow()),
        [a for a in attempts if a.status == "pending"],
    )


def start_attempt(quiz: Quiz, user_id: int, now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """Resume the open attempt, or start a new one with its questions and option order fixed."""
    now, rng = now or utcnow(), rng or random.SystemRandom()
    status = quiz_status(quiz, user_id, now)
    if status.open_attempt is not None:
        return status.open_attempt
    if status.attempts_left == 0:
        raise QuizRefused("Kesempatan mengerjakan evaluasi ini sudah habis.")
    if status.next_start_at is not None:
        raise QuizRefused("Anda harus menunggu sebelum mencoba lagi.")
    pools = _question_pools(quiz)
    if not pools:
        raise QuizRefused("Evaluasi ini belum memiliki soal.", status=503)
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    attempt = Attempt(quiz_id=quiz.id, user_id=user_id, number=status.used + 1, started_at=now, deadline_at=deadline)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
            db.session.flush()
    except IntegrityError:
        # Another request (a double click, a second tab) started it first: resume that one.
        existing = quiz_status(quiz, user_id, now).open_attempt
        if existing is None:
            raise QuizRefused("Kesempatan mengerjakan evaluasi ini sudah habis.") from None
        return existing
    chosen = draw_questions(pools, quiz.questions_per_attempt, rng, quiz.shuffle_questions)
    options = _option_ids([qid for qid in chosen])
    matching = set(db.session.scalars(select(Question.id).where(Question.id.in_(chosen), Question.kind == "matching")))
    for position, question_id in enumerate(chosen, start=1):
        # A matching question's answers in file order would sit beside their subquestions: always shuffled.
        shuffle = quiz.shuffle_options or question_id in matching
        db.session.add(
            AttemptQuestion(
                attempt_id=attempt.id,
                position=position,
                question_id=question_id,
                option_order=option_order(options[question_id], rng, shuffle),
            )
        )
    audit.record(
        "attempt.start",
        "attempt",
        attempt.id,
        subject_user_id=user_id,
        actor_id=user_id,
        quiz=quiz.slug,
        number=attempt.number,
    )
    refresh_standing(user_id, quiz)
    return attempt


def _question_pools(quiz: Quiz) -> dict[int, list[int]]:
    rows = db.session.execute(
        select(Question.module_id, Question.id)
        .join(Module, Module.id == Question.module_id)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .where(ModuleRevision.quiz_slug == quiz.slug, Question.active.is_(True))
        .order_by(Question.module_id, Question.position)
    )
    pools: dict[int, list[int]] = {}
    for module_id, question_id in rows:
        pools.setdefault(module_id, []).append(question_id)
    return pools


def _option_ids(question_ids: list[int]) -> dict[int, list[int]]:
    rows = db.session.execute(
        select(QuestionOption.question_id, QuestionOption.id)
        .where(QuestionOption.question_id.in_(question_ids))
        .order_by(QuestionOption.position)
    )
    options: dict[int, list[int]] = {qid: [] for qid in question_ids}
    for question_id, option_id in rows:
        options[question_id].append(option_id)
    return options


# Kept, as lms.auth.sessions.user_by_session_token: every answer saved runs these two.
@cache
def own_attempt_locked_query():
    quiz_id = select(Quiz.id).where(Quiz.slug == bindparam("quiz_slug")).scalar_subquery()
    return (
        select(Attempt)
        .where(
            Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"), Attempt.quiz_id == quiz_id
        )
        .with_for_update()
    )


@cache
def answer_row_query():
    return (
        select(AttemptQuestion, Question.kind)
        .join(Question, Question.id == AttemptQuestion.question_id)
        .where(AttemptQuestion.attempt_id == bindparam("attempt_id"), AttemptQuestion.position == bindparam("position"))
    )


def lock_attempt(attempt_id: int, user_id: int, quiz_slug: str) -> Attempt:
    """The participant's own attempt at the quiz the URL names, locked: checked and locked in one query."""
    attempt = db.session.scalar(
        own_attempt_locked_query(), {"attempt_id": attempt_id, "user_id": user_id, "quiz_slug": quiz_slug}
    )
    if attempt is None:
        raise QuizRefused("Percobaan tidak ditemukan.", status=404)
    return attempt


def parse_selection(raw_values: list[str], kind: str, option_order: list[int]) -> list[int]:
    """Map the submitted choices to option ids, or refuse with 400.

    The browser only ever sees positions 1..n in this attempt's shuffled order, never option ids
    (ids follow the bank file, where the right answer is often written first)."""
    try:
        positions = [int(value) for value in raw_values]
    except (TypeError, ValueError):
        raise QuizRefused("Jawaban tidak valid.", status=400) from None
    if len(set(positions)) != len(positions) or any(not 1 <= p <= len(option_order) for p in positions):
        raise QuizRefused("Jawaban tidak valid untuk soal ini.", status=400)
    if kind in ("single", "truefalse", "missingword") and len(positions) > 1:
        raise QuizRefused("Soal ini hanya boleh satu jawaban.", status=400)
    return [option_order[p - 1] for p in positions]


def save_answer(
    quiz_slug: str,
    attempt_id: int,
    user_id: int,
    position: int,
    raw_values: list[str],
    rev: str | None,
    now: datetime | None = None,
) -> AttemptQuestion:
    now = now or utcnow()
    attempt = lock_attempt(attempt_id, user_id, quiz_slug)
    if attempt.status != "in_progress":
        raise QuizRefused("Percobaan ini sudah dinilai; jawaban tidak diubah.")
    if attempt.deadline_at is not None and now > attempt.deadline_at:
        grade_locked(attempt, now, by="deadline")
        raise QuizRefused(
            "Waktu pengerjaan sudah habis; jawaban setelah batas waktu tidak disimpan.", keep_changes=True
        )
    found = db.session.execute(answer_row_query(), {"attempt_id": attempt.id, "position": position}).first()
    if found is None:
        raise QuizRefused("Soal tidak ditemukan dalam percobaan ini.", status=400)
    item, kind = found
    if kind in CHOICE_KINDS:
        chosen = parse_selection(raw_values, kind, item.option_order)
    else:
        try:
            chosen = read_response(
                kind, raw_values, key_options([item.question_id])[item.question_id], item.option_order
            )
        except AnswerInvalid as invalid:
            raise AnswerRefused(invalid.message, raw_values) from None
    if same_response(kind, item.selected, chosen) and item.answered_at is not None:
        # Already saved: the autosave got there before the "Simpan dan lanjut" it raced, or this is
        # a retry of a save whose answer was lost on the way. Nothing changes, so nothing conflicts
        # (a stale revision only guards against overwriting a *different* answer).
        return item
    if rev is None or not rev.isdigit() or int(rev) != item.answer_rev:
        raise QuizRefused("Jawaban soal ini sudah diubah di tab atau perangkat lain. Muat ulang halaman.")
    item.selected, item.answer_rev, item.answered_at = chosen, item.answer_rev + 1, now
    return item


def grade_attempt(attempt_id: int, now: datetime | None = None, by: str = "submit") -> bool:
    """Grade once. Returns False when the attempt was already graded (by another request)."""
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id).with_for_update())
    return attempt is not None and grade_locked(attempt, now, by)


def grade_locked(attempt: Attempt, now: datetime | None = None, by: str = "submit") -> bool:
    """grade_attempt for an attempt this transaction has already locked (lock_attempt, with_for_update).

    Past the deadline every path (a late submit, a late save, the next visit, grade-overdue) records
    the same grading: at the deadline, by the deadline. Which request happens to arrive first must not
    change what the participant's record says, and a submit after time is up is not a normal submit.

    An attempt with an essay answered in time is graded in its automatic part only and waits as "pending"
    (no score, not passed, not counted) until a grader grades its last essay (lms.quiz.essay_grading)."""
    now = now or utcnow()
    if attempt.status != "in_progress":
        return False
    if attempt.deadline_at is not None and now > attempt.deadline_at:
        now, by = attempt.deadline_at, "deadline"
    quiz = attempt.quiz
    items = list(db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)))
    keys = _answer_keys([item.question_id for item in items])
    waiting = False
    for item in items:
        in_time = attempt.deadline_at is None or (
            item.answered_at is not None and item.answered_at <= attempt.deadline_at
        )
        selected = item.selected if in_time else []
        hand_graded = keys[item.question_id][0] in HAND_KINDS and bool(selected)
        waiting = waiting or hand_graded
        item.credit = None if hand_graded else item_credit(*keys[item.question_id], selected)
    if waiting:
        values = dict(status="pending", submitted_at=now, graded_by=by, threshold_used=quiz.pass_threshold)
        score = passed = None
    else:
        score = grading.attempt_score(item.credit for item in items)
        passed = grading.passes(score, quiz.pass_threshold)
        values = dict(
            status="graded", score=score, passed=passed, graded_at=now, graded_by=by, threshold_used=quiz.pass_threshold
        )
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == "in_progress")
        .values(**values)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        return False
    audit.record(
        "attempt.pending" if waiting else "attempt.graded",
        "attempt",
        attempt.id,
        subject_user_id=attempt.user_id,
        actor_id=attempt.user_id,
        quiz=quiz.slug,
        number=attempt.number,
        score=None if score is None else str(score),
        passed=passed,
        by=by,
        pending=waiting,
    )
    if not waiting:
        ledger_values.record_attempt("attempt.graded", attempt, score, passed, actor_id=attempt.user_id)
    refresh_standing(attempt.user_id, quiz)
    return True


def item_credit(kind: str, options: list[KeyOption], selected: list) -> Decimal:
    """Credit 0..1 for one answer, whatever the question's kind."""
    if kind in CHOICE_KINDS:
        return grading.question_credit(kind, {o.id: o.fraction for o in options}, selected)
    return answer_rules.response_credit(kind, options, selected)


def key_options(question_ids) -> dict[int, list[KeyOption]]:
    """Each question's options as grading reads them, in their order."""
    rows = db.session.execute(
        select(
            QuestionOption.question_id,
            QuestionOption.id,
            QuestionOption.text_md,
            QuestionOption.fraction,
            QuestionOption.match_text,
        )
        .where(QuestionOption.question_id.in_(list(question_ids)))
        .order_by(QuestionOption.question_id, QuestionOption.position)
    )
    options: dict[int, list[KeyOption]] = {question_id: [] for question_id in question_ids}
    for question_id, option_id, text, fraction, match in rows:
        options[question_id].append(KeyOption(option_id, text or "", Decimal(fraction), match))
    return options


def _answer_keys(question_ids: list[int]) -> dict[int, tuple[str, list[KeyOption]]]:
    kinds = dict(db.session.execute(select(Question.id, Question.kind).where(Question.id.in_(question_ids))).all())
    options = key_options(question_ids)
    return {question_id: (kind, options[question_id]) for question_id, kind in kinds.items()}


def grade_overdue(user_id: int | None = None, now: datetime | None = None) -> int:
    """Grade attempts left open past their deadline (on the next touch, or from the CLI)."""
    now = now or utcnow()
    query = select(Attempt.id).where(
        Attempt.status == "in_progress", Attempt.deadline_at.is_not(None), Attempt.deadline_at < now
    )
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    return sum(grade_attempt(attempt_id, now, by="deadline") for attempt_id in db.session.scalars(query).all())
