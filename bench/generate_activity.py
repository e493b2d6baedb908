"""Generator steps for the activity: the extra quizzes, lessons read, graded attempts and the results the
dashboards read, computed by the app's own rules."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

import sqlalchemy as sa
from generate_bulk import Context

from lms.content.models import PhaseProgress
from lms.content.progress import jp_done_rows
from lms.quiz.drawing import draw_questions
from lms.quiz.grading import attempt_score, question_credit, weighted_average
from lms.quiz.review import DEFAULT_MASKS


def step_quizzes(ctx: Context) -> None:
    """The extra required MOOC quizzes of the bigger scales (settings of Evaluasi Agenda I, no question bank)."""
    q = ctx.t("quizzes")
    mooc = ctx.scalar(sa.text("SELECT id FROM phases WHERE code = 'mooc'"))
    have = set(ctx.conn.execute(sa.select(q.c.slug)).scalars())
    rows = [
        {
            "slug": f"evaluasi-tambahan-{n:02d}",
            "title": f"Evaluasi Tambahan {n}",
            "phase_id": mooc,
            "agenda": 1 + (n - 1) % 3,
            "pass_threshold": Decimal(70),
            "questions_per_attempt": 20,
            "max_attempts": 10,
            "time_limit_minutes": 30,
            "wait_minutes": 60,
            "score_policy": "highest",
            **{f"review_{item}": mask for item, mask in DEFAULT_MASKS.items()},
        }
        for n in range(1, ctx.scale.extra_quizzes + 1)
        if f"evaluasi-tambahan-{n:02d}" not in have
    ]
    ids = ctx.insert_many("quizzes", rows, returning="id")
    ctx.insert_many("phase_requirements", [{"phase_id": mooc, "quiz_id": i, "weight": Decimal(1)} for i in ids])
    if ids:
        ctx.conn.execute(sa.text("UPDATE phases SET requires_completion = :t WHERE id = :id"), {"t": True, "id": mooc})


@dataclass
class QuizInfo:
    id: int
    threshold: Decimal
    max_attempts: int
    questions: int
    minutes: int
    weight: Decimal
    pool: dict[int, list[int]]  # module -> question ids (empty for the extra quizzes)


def _mooc_facts(ctx: Context):
    lessons = ctx.rows(
        "SELECT m.id, l.slug FROM modules m JOIN module_revisions r ON r.id = m.current_revision_id "
        "JOIN lessons l ON l.revision_id = r.id JOIN phases p ON p.id = m.phase_id WHERE p.code = 'mooc' "
        "ORDER BY m.agenda, m.position, l.position"
    )
    quizzes = [
        QuizInfo(i, Decimal(t), m or 3, n or 20, mins or 30, Decimal(w), {})
        for i, t, m, n, mins, w in ctx.rows(
            "SELECT q.id, q.pass_threshold, q.max_attempts, q.questions_per_attempt, q.time_limit_minutes, pr.weight "
            "FROM quizzes q JOIN phase_requirements pr ON pr.quiz_id = q.id JOIN phases p ON p.id = pr.phase_id "
            "WHERE p.code = 'mooc' ORDER BY q.agenda, q.slug"
        )
    ]
    by_id = {quiz.id: quiz for quiz in quizzes}
    for quiz_id, module_id, question_id in ctx.rows(
        "SELECT qz.id, qu.module_id, qu.id FROM questions qu JOIN modules m ON m.id = qu.module_id "
        "JOIN module_revisions r ON r.id = m.current_revision_id JOIN quizzes qz ON qz.slug = r.quiz_slug "
        "WHERE qu.active ORDER BY qu.module_id, qu.position"
    ):
        if quiz_id in by_id:
            by_id[quiz_id].pool.setdefault(module_id, []).append(question_id)
    return lessons, quizzes


def step_activity(ctx: Context) -> None:
    """Lessons read and graded attempts of every participant who has neither yet, with the results the
    dashboards read (quiz_results, phase_results, phase_completions) computed by the app's rules: the
    counted score is the highest, the phase score the weighted average of every required quiz's counted
    score, a completion when every required quiz is passed.

    Pace: an angkatan d days into the MOOC has read about d/16 of the lessons; quiz q of Q is reached at
    day 5 + 14q/Q and taken by everyone; each further attempt comes a day later (never in the future).
    Attempts on a quiz: 1 to max_attempts, attempts_per_quiz on average (participants retake to raise a
    pass, policy highest)."""
    lessons, quizzes = _mooc_facts(ctx)
    mooc = ctx.scalar(sa.text("SELECT id FROM phases WHERE code = 'mooc'"))
    people = ctx.rows(
        "SELECT e.user_id, ps.opens_on FROM enrolments e JOIN users u ON u.id = e.user_id "
        "LEFT JOIN phase_schedules ps ON ps.angkatan_id = e.angkatan_id AND ps.phase_id = :mooc "
        "WHERE u.role = 'participant' AND NOT EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = u.id) "
        "AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id) ORDER BY e.user_id",
        mooc=mooc,
    )
    if not people or not quizzes:
        return

    def day_of(opens_on) -> int | None:
        if opens_on is None:
            return None
        opens_on = date.fromisoformat(opens_on) if isinstance(opens_on, str) else opens_on
        return (ctx.today - opens_on).days

    def quiz_day(q: int) -> float:
        return 5 + 14 * q / len(quizzes)

    m = ctx.scale.attempts_per_quiz
    retry = {q.id: min(1.0, max(0.0, (m - 1) / max(1, q.max_attempts - 1))) for q in quizzes}
    ctx.log(f"  generate: activity of {len(people)} participants, {len(quizzes)} required quizzes")

    detail = {u for u, opens in people[: ctx.scale.detail_participants * 20] if (day_of(opens) or 0) >= 14}
    detail = set(sorted(detail)[: ctx.scale.detail_participants])
    progress = ctx.bulk("lesson_progress", "user_id", "module_id", "lesson_slug", "completed_at")
    attempts = ctx.bulk(
        "attempts",
        "quiz_id", "user_id", "number", "status", "started_at", "deadline_at",
        "graded_at", "graded_by", "score", "passed", "threshold_used",
    )  # fmt: skip
    results = ctx.bulk(
        "quiz_results", "user_id", "quiz_id", "counted_score", "passed", "attempts_used", "last_attempt_at"
    )
    phase_results = ctx.bulk("phase_results", "user_id", "phase_id", "score", "quizzes_passed", "updated_at")
    completions = ctx.bulk("phase_completions", "user_id", "phase_id", "completed_at", "source")
    details: list[tuple[dict, list]] = []  # (attempt row, its questions) of the detail sample
    rng, latest = ctx.rng, ctx.now - timedelta(minutes=5)
    scores = {}  # (correct, questions) -> Decimal score, as grading.attempt_score rounds it
    stamps = {}  # (day, lessons read) -> when each was read: spread evenly since the MOOC opened

    def read_at(d: int, read: int) -> list[datetime]:
        if (d, read) not in stamps:
            start = datetime.combine(ctx.today - timedelta(days=d), dtime(1, 0), UTC)
            step = timedelta(hours=max(1, d * 24 - 2) / read)
            stamps[d, read] = [min(latest, start + j * step) for j in range(read)]
        return stamps[d, read]

    for user_id, opens in people:
        d = day_of(opens)
        if d is None or d < 0:
            continue
        start = datetime.combine(ctx.today - timedelta(days=d), dtime(1, 0), UTC)
        read = round(len(lessons) * min(1.0, max(0.0, rng.gauss(min(1.0, d / 16), 0.15))))
        if read:
            progress.extend((user_id, m, slug, at) for (m, slug), at in zip(lessons, read_at(d, read), strict=False))
        ability = rng.uniform(0.45, 0.98)
        counted, passed_at = [], []
        for q, quiz in enumerate(quizzes):
            if d < quiz_day(q):
                continue
            n = 1 + sum(rng.random() < retry[quiz.id] for _ in range(quiz.max_attempts - 1))
            best, first_pass, last = None, None, None
            for number in range(1, n + 1):
                began = start + timedelta(days=quiz_day(q) + number - 1, hours=rng.uniform(1, 12))
                if began > latest - timedelta(hours=1):
                    break
                p = min(1.0, max(0.0, ability + 0.07 * (number - 1) + rng.gauss(0, 0.06)))
                nq = quiz.questions
                correct = round(min(nq, max(0, rng.gauss(nq * p, math.sqrt(nq * p * (1 - p)) or 0.1))))
                score = scores.setdefault((correct, nq), (Decimal(100 * correct) / nq).quantize(Decimal("0.01")))
                graded = began + timedelta(minutes=rng.uniform(8, quiz.minutes - 1))
                row = (quiz.id, user_id, number, "graded", began, began + timedelta(minutes=quiz.minutes), graded)
                row += ("submit", score, score >= quiz.threshold, quiz.threshold)
                if user_id in detail and quiz.pool:
                    score, questions = _attempt_questions(rng, quiz, correct, ctx.state["keys"])
                    row = row[:8] + (score, score >= quiz.threshold, quiz.threshold)
                    details.append((dict(zip(attempts.columns, row, strict=True)), questions))
                else:
                    attempts.add(*row)
                passed = row[9]
                if best is None or score > best[0]:
                    best = (score, passed)
                if passed and first_pass is None:
                    first_pass = graded
                last = (number, graded)
            if last is None:
                continue
            results.add(user_id, quiz.id, best[0], best[1], last[0], last[1])
            counted.append((best[0], quiz.weight, best[1]))
            passed_at.append(first_pass if best[1] else None)
        if not counted:
            continue
        whole = len(counted) == len(quizzes)
        score = weighted_average([(s, w) for s, w, _p in counted]) if whole else None
        phase_results.add(user_id, mooc, score, sum(p for _s, _w, p in counted), ctx.now)
        if whole and all(passed_at):
            completions.add(user_id, mooc, max(passed_at), "quiz")

    for writer in (progress, attempts, results, phase_results, completions):
        writer.flush()
    ids = ctx.insert_many("attempts", [row for row, _q in details], returning="id")
    questions = ctx.bulk(
        "attempt_questions", "attempt_id", "position", "question_id", "option_order", "selected",
        "answer_rev", "answered_at", "credit",
    )  # fmt: skip
    for attempt_id, (row, items) in zip(ids, details, strict=True):
        for position, (question_id, order, selected, credit) in enumerate(items, start=1):
            answered = row["started_at"] + timedelta(minutes=position / 2)
            questions.add(attempt_id, position, question_id, order, selected, 1, answered, credit)
    questions.flush()
    ctx.log(
        f"  generate: {progress.count} lessons read, {attempts.count + len(ids)} graded attempts "
        f"({questions.count} attempt questions for {len(detail)} participants), {results.count} quiz results, "
        f"{completions.count} MOOC completions"
    )


def _attempt_questions(rng: random.Random, quiz: QuizInfo, correct: int, keys: dict) -> tuple[Decimal, list]:
    """Questions drawn as the app draws them, `correct` of them answered right; the score from their credits."""
    chosen = draw_questions(quiz.pool, quiz.questions, rng, True)
    items, credits = [], []
    for position, question_id in enumerate(chosen):
        kind, fractions = keys[question_id]
        order = list(fractions)
        rng.shuffle(order)
        right = [o for o in order if fractions[o] > 0]
        wrong = [o for o in order if fractions[o] <= 0] or order[:1]
        selected = (right if kind == "multiple" else right[:1]) if position < correct else wrong[:1]
        credit = question_credit(kind, fractions, selected)
        credits.append(credit)
        items.append((question_id, order, selected, credit))
    return attempt_score(credits), items


def step_answer_keys(ctx: Context) -> None:
    """The kind and option fractions of every question (for the detailed attempts)."""
    keys: dict[int, tuple[str, dict[int, Decimal]]] = {}
    for question_id, kind, option_id, fraction in ctx.rows(
        "SELECT q.id, q.kind, o.id, o.fraction FROM questions q JOIN question_options o ON o.question_id = q.id "
        "ORDER BY q.id, o.position"
    ):
        keys.setdefault(question_id, (kind, {}))[1][option_id] = Decimal(str(fraction))
    ctx.state["keys"] = keys


def step_phase_progress(ctx: Context) -> None:
    """The stored JP done per participant and phase, recounted from every lesson read (as the app does)."""
    ctx.conn.execute(sa.delete(PhaseProgress.__table__))
    ctx.conn.execute(sa.insert(PhaseProgress.__table__).from_select(["user_id", "phase_id", "jp_done"], jp_done_rows()))
