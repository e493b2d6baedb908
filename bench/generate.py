"""Benchmark data: top up a migrated (and demo-seeded) database to a given scale with bulk SQL.

`generate(database_url, scale)` imports the curriculum if it is missing (through the app's own importer),
then runs every step of GENERATOR_STEPS in order, in one transaction. Each step is a function `step(ctx)`
that reads `ctx.scale`, writes with `ctx.insert_many` (executemany, when it needs the new ids back) or
`ctx.bulk` (COPY on PostgreSQL, executemany on SQLite: the big tables), and may leave ids for later steps
in `ctx.state`. Steps only add what is missing to reach the scale, so they can run after `lms seed-demo`;
activity is generated only for participants who have none yet.

Also `flask --app wsgi lms generate-data --scale NAME` (lms/cli.py) and `python bench/generate.py`.

Every generated account has the demo password; one password hash is computed once and shared.
Re-running `lms import-content` afterwards drops the extra quizzes from the MOOC's requirements.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

import sqlalchemy as sa

CHUNK = 1000  # rows per executemany with RETURNING
BULK_CHUNK = 20000  # rows per COPY / executemany of ctx.bulk


@dataclass(frozen=True)
class Scale:
    instansi: int = 3
    angkatan: int = 25  # in total, spread round-robin over the instansi
    per_angkatan: int = 40  # participants in each angkatan
    coordinators: int = 4  # each sees every instansi of the scale, like the demo coordinator
    big_angkatan: int = 0  # one more angkatan of this size (capacity raised), for the angkatan page at 400
    open_angkatan: int = 2  # the first new angkatan: MOOC opened 3 days ago, nobody has taken a quiz yet
    extra_quizzes: int = 0  # more required MOOC quizzes on top of the curriculum's three (max 10 attempts)
    attempts_per_quiz: float = 2.9  # mean graded attempts on each quiz a participant has reached (<= max_attempts)
    detail_participants: int = 40  # participants whose attempts also get attempt_questions (participant record)
    # Discussion (a later issue): posts per angkatan, replies per thread, ...

    @property
    def participants(self) -> int:
        return self.angkatan * self.per_angkatan + self.big_angkatan


SCALES = {
    # 3 instansi, 25 angkatan of 40 (1,000 participants) plus one angkatan of 400: 1,400 participants and
    # about 10,000 graded attempts (the curriculum's 3 quizzes allow 3 attempts each).
    "default": Scale(big_angkatan=400),
    # The overview of one instansi with 10,000 participants, 12 required quizzes each, 5 attempts on average
    # on each (3 at most on the curriculum's three): about 450,000 attempts.
    "instansi10k": Scale(instansi=1, angkatan=250, extra_quizzes=9, attempts_per_quiz=5.0),
    # The admin overview, and the lesson page, over 100,000 participants in 50 instansi with the same 12
    # quizzes, one attempt on each reached quiz: about 1,000,000 attempts.
    "national100k": Scale(instansi=50, angkatan=2500, extra_quizzes=9, attempts_per_quiz=1.0),
}


class Bulk:
    """Rows appended as tuples (in `columns` order), written in chunks: COPY ... FROM STDIN on PostgreSQL,
    executemany on SQLite, in ctx.conn's transaction. Values go through the columns' own bind processing
    (JSON, Numeric, ...), except datetimes, which must be UTC: PostgreSQL takes them as they are, and on
    SQLite they are written in SQLAlchemy's storage format directly (the generic path is slow)."""

    def __init__(self, ctx: Context, table: str, columns: tuple[str, ...]):
        tbl, dialect = ctx.t(table), ctx.conn.dialect
        self.conn, self.table, self.columns = ctx.conn, table, columns
        self.convert = []  # (index, function) of the columns whose values need converting
        for i, name in enumerate(columns):
            kind = tbl.c[name].type
            if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
                fn = None if dialect.name == "postgresql" else _sqlite_datetime
            else:
                fn = kind.dialect_impl(dialect).bind_processor(dialect)
            if fn:
                self.convert.append((i, fn))
        self.rows: list = []
        self.count = 0

    def add(self, *values) -> None:
        self.rows.append(values)
        if len(self.rows) >= BULK_CHUNK:
            self.flush()

    def extend(self, rows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= BULK_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        if self.convert:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, fn in self.convert:
                    row[i] = fn(row[i])
        cols = ", ".join(self.columns)
        cursor = self.conn.connection.dbapi_connection.cursor()
        try:
            if self.conn.dialect.name == "postgresql":
                with cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(self.columns))
                cursor.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        finally:
            cursor.close()
        self.count += len(rows)
        self.rows = []


def _sqlite_datetime(value: datetime | None) -> str | None:
    """SQLAlchemy's SQLite storage format, 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC, no offset)."""
    return None if value is None else value.isoformat(" ", "microseconds")[:26]


@dataclass
class Context:
    conn: sa.Connection
    tables: dict[str, sa.Table]
    scale: Scale
    rng: random.Random
    password_hash: str
    today: date
    now: datetime
    state: dict = field(default_factory=dict)
    log: Callable[[str], None] = print

    def t(self, name: str) -> sa.Table:
        return self.tables[name]

    def scalar(self, stmt):
        return self.conn.execute(stmt).scalar()

    def rows(self, sql: str, **params) -> list:
        return self.conn.execute(sa.text(sql), params).all()

    def insert_many(self, table: str, rows: list[dict], returning: str | None = None) -> list:
        """Insert rows in chunks; with `returning`, give back that column in the order of `rows`."""
        tbl = self.t(table)
        out = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if returning:
                stmt = tbl.insert().returning(tbl.c[returning], sort_by_parameter_order=True)
                out.extend(r[0] for r in self.conn.execute(stmt, chunk))
            else:
                self.conn.execute(tbl.insert(), chunk)
        return out

    def bulk(self, table: str, *columns: str) -> Bulk:
        return Bulk(self, table, columns)


# --- steps -------------------------------------------------------------------------------------


def step_instansi(ctx: Context) -> None:
    t = ctx.t("instansi")
    existing = [r[0] for r in ctx.conn.execute(sa.select(t.c.id).order_by(t.c.id))]
    missing = max(0, ctx.scale.instansi - len(existing))
    new = ctx.insert_many(
        "instansi",
        [{"name": f"Pemerintah Kabupaten Bench {len(existing) + n + 1}"} for n in range(missing)],
        returning="id",
    )
    ctx.state["instansi_ids"] = (existing + new)[: ctx.scale.instansi]


def _schedule(start: date) -> list[tuple[str, date, date]]:
    mooc_close = start + timedelta(days=21)
    pjj_close = mooc_close + timedelta(days=31)
    akt_close = pjj_close + timedelta(days=42)
    return [
        ("mooc", start, mooc_close),
        ("pjj", mooc_close + timedelta(days=1), pjj_close),
        ("aktualisasi", pjj_close + timedelta(days=1), akt_close),
        ("klasikal", akt_close + timedelta(days=1), akt_close + timedelta(days=8)),
    ]


def step_angkatan(ctx: Context) -> None:
    """Angkatan with a phase schedule, four tutor groups and the demo instructors assigned. The first
    `open_angkatan` new ones are 3 days into the MOOC, the rest 0 to 59 days (most past the MOOC, where
    the quizzes are); the big one (if any) is 20 days in, at the end of its MOOC."""
    a, users, phases = ctx.t("angkatan"), ctx.t("users"), ctx.t("phases")
    instansi_ids, scale = ctx.state["instansi_ids"], ctx.scale
    sizes = dict(
        ctx.conn.execute(
            sa.select(a.c.id, a.c.capacity).where(a.c.instansi_id.in_(instansi_ids)).order_by(a.c.id)
        ).all()
    )
    regular = [i for i, cap in sizes.items() if not scale.big_angkatan or cap != scale.big_angkatan]
    big = [i for i, cap in sizes.items() if scale.big_angkatan and cap == scale.big_angkatan]
    phase_ids = dict(ctx.conn.execute(sa.select(phases.c.code, phases.c.id)).all())
    instructors = [r[0] for r in ctx.conn.execute(sa.select(users.c.id).where(users.c.role == "instructor"))]
    numbers = dict(
        ctx.conn.execute(sa.select(a.c.instansi_id, sa.func.max(a.c.number)).group_by(a.c.instansi_id)).all()
    )
    plan = []  # (instansi_id, capacity, MOOC start)
    for n in range(max(0, scale.angkatan - len(regular))):
        offset = 3 if n < scale.open_angkatan else (n * 13) % 60  # days since the MOOC opened
        plan.append((instansi_ids[n % len(instansi_ids)], scale.per_angkatan, ctx.today - timedelta(days=offset)))
    if scale.big_angkatan and not big:
        plan.append((instansi_ids[0], scale.big_angkatan, ctx.today - timedelta(days=20)))
    rows = []
    for instansi_id, capacity, _start in plan:
        number = numbers.get(instansi_id, 0) + 1
        numbers[instansi_id] = number
        rows.append(
            {
                "instansi_id": instansi_id,
                "number": number,
                "year": ctx.today.year,
                "name": f"Angkatan {number} Tahun {ctx.today.year}",
                "capacity": max(40, capacity),
                "timezone": "WIB",
            }
        )
    new = ctx.insert_many("angkatan", rows, returning="id")
    schedules, groups, assignments = [], [], []
    for angkatan_id, (_i, capacity, start) in zip(new, plan, strict=True):
        sizes[angkatan_id] = capacity
        for code, opens, closes in _schedule(start):
            if code in phase_ids:
                schedules.append(
                    {"angkatan_id": angkatan_id, "phase_id": phase_ids[code], "opens_on": opens, "closes_on": closes}
                )
        for g in range(1, 5):
            tutor = instructors[g % len(instructors)] if instructors else None
            groups.append({"angkatan_id": angkatan_id, "name": f"Kelompok {g}", "tutor_id": tutor})
        assignments += [{"angkatan_id": angkatan_id, "user_id": u} for u in instructors]
    ctx.insert_many("phase_schedules", schedules)
    ctx.insert_many("tutor_groups", groups)
    ctx.insert_many("angkatan_instructors", assignments)
    # Target size of every angkatan of the scale (the big one keeps its own).
    ctx.state["angkatan_sizes"] = {
        i: (cap if scale.big_angkatan and cap == scale.big_angkatan else scale.per_angkatan) for i, cap in sizes.items()
    }


def bench_nip(k: int, female: bool) -> str:
    """A valid, unique NIP for generated participant k (CPNS from July 2024, unlike the demo's 2025)."""
    born = date(1985, 1, 1) + timedelta(days=k // 999)
    return f"{born:%Y%m%d}202407{2 if female else 1}{k % 999 + 1:03d}"


def step_participants(ctx: Context) -> None:
    """Fill every angkatan up to its size, each participant enrolled in one of its tutor groups."""
    e, tg, users = ctx.t("enrolments"), ctx.t("tutor_groups"), ctx.t("users")
    sizes = ctx.state["angkatan_sizes"]
    counts = dict(
        ctx.conn.execute(
            sa.select(e.c.angkatan_id, sa.func.count())
            .where(e.c.angkatan_id.in_(list(sizes)))
            .group_by(e.c.angkatan_id)
        ).all()
    )
    groups: dict[int, list[int]] = {}
    for gid, aid in ctx.conn.execute(sa.select(tg.c.id, tg.c.angkatan_id).order_by(tg.c.id)):
        groups.setdefault(aid, []).append(gid)
    k = ctx.scalar(sa.select(sa.func.count()).select_from(users).where(sa.func.substr(users.c.nip, 9, 6) == "202407"))
    from lms.people.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES  # the demo's names, not a second list

    user_rows, slots = [], []
    for angkatan_id, size in sizes.items():
        for n in range(max(0, size - counts.get(angkatan_id, 0))):
            female = ctx.rng.random() < 0.55
            first = ctx.rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            user_rows.append(
                {
                    "nip": bench_nip(k, female),
                    "name": f"{first} {ctx.rng.choice(LAST_NAMES)}",
                    "role": "participant",
                    "active": True,
                    "password_hash": ctx.password_hash,
                    "locale": "id",
                }
            )
            gs = groups.get(angkatan_id) or [None]
            slots.append((angkatan_id, gs[n % len(gs)]))
            k += 1
    user_ids = ctx.insert_many("users", user_rows, returning="id")
    enrol = ctx.bulk("enrolments", "user_id", "angkatan_id", "tutor_group_id", "enrolled_at")
    for user_id, (angkatan_id, group_id) in zip(user_ids, slots, strict=True):
        enrol.add(user_id, angkatan_id, group_id, ctx.now)
    enrol.flush()


def step_coordinators(ctx: Context) -> None:
    """Coordinator accounts up to the scale, every coordinator linked to every instansi of the scale."""
    users, ci = ctx.t("users"), ctx.t("coordinator_instansi")
    existing = [r[0] for r in ctx.conn.execute(sa.select(users.c.id).where(users.c.role == "coordinator"))]
    rows = [
        {
            "nip": f"19800101201001{1 + n % 2}{n + 1:03d}",
            "name": f"Koordinator Bench {n + 1}",
            "email": f"koordinator{n + 1}@bench.test",
            "role": "coordinator",
            "active": True,
            "password_hash": ctx.password_hash,
            "locale": "id",
        }
        for n in range(max(0, ctx.scale.coordinators - len(existing)))
    ]
    ids = existing + ctx.insert_many("users", rows, returning="id")
    linked = set(ctx.conn.execute(sa.select(ci.c.user_id, ci.c.instansi_id)).tuples())
    ctx.insert_many(
        "coordinator_instansi",
        [{"user_id": u, "instansi_id": i} for u in ids for i in ctx.state["instansi_ids"] if (u, i) not in linked],
    )


def step_quizzes(ctx: Context) -> None:
    """The extra required MOOC quizzes of the bigger scales (settings of Evaluasi Agenda I, no question bank)."""
    from lms.quiz.review import DEFAULT_MASKS

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
    from lms.quiz.grading import weighted_average

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
    from lms.quiz.drawing import draw_questions
    from lms.quiz.grading import attempt_score, question_credit

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
    from lms.content.models import PhaseProgress
    from lms.content.progress import jp_done_rows

    ctx.conn.execute(sa.delete(PhaseProgress.__table__))
    ctx.conn.execute(sa.insert(PhaseProgress.__table__).from_select(["user_id", "phase_id", "jp_done"], jp_done_rows()))


# Run in this order; later steps go after the ones whose ids they use.
GENERATOR_STEPS: list[Callable[[Context], None]] = [
    step_instansi,
    step_angkatan,
    step_participants,
    step_coordinators,
    step_quizzes,
    step_answer_keys,
    step_activity,
    step_phase_progress,
    # Discussion (a later issue): step_threads (threads and replies per angkatan) goes here.
]


# --- entry points ------------------------------------------------------------------------------


def _tables() -> dict[str, sa.Table]:
    """The application's own table definitions (with their Python-side defaults, e.g. created_at)."""
    import lms.models  # noqa: F401  (registers every model on the metadata)
    from lms.core.extensions import db

    return dict(db.metadata.tables)


def shared_password_hash() -> str:
    from werkzeug.security import generate_password_hash

    from lms.people.demo import DEMO_PASSWORD

    return generate_password_hash(DEMO_PASSWORD)  # scrypt, as production; computed once per run


def ensure_content(engine: sa.Engine, log=print) -> None:
    """Import the shipped curriculum (content/) with the app's importer if the database has no quizzes."""
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT count(*) FROM quizzes")).scalar():
            return
    from pathlib import Path

    from flask import current_app, has_app_context

    from lms.content.importer import import_content
    from lms.core.extensions import db

    def run() -> None:
        report = import_content(Path(current_app.config["LMS_CONTENT_DIR"]))
        if report.problems:
            db.session.rollback()
            raise RuntimeError("content/ has problems: " + "; ".join(map(str, report.problems[:5])))
        db.session.commit()
        log(f"  generate: curriculum imported ({len(report.created)} modules)")

    if has_app_context():
        run()
    else:
        from lms.app import create_app

        with create_app({"SQLALCHEMY_DATABASE_URI": engine.url.render_as_string(hide_password=False)}).app_context():
            run()


def _fast_load(conn: sa.Connection) -> None:
    """PostgreSQL: skip the foreign-key triggers for this transaction only (SET LOCAL), as a bulk load
    does; the generator writes consistent ids. Needs a superuser (the bench's postgres); else no-op."""
    if (
        conn.dialect.name == "postgresql"
        and conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    ):
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))


def generate(database_url: str, scale: Scale | str = "default", seed: int = 2026, log=print) -> dict[str, int]:
    """Top the database up to `scale`; returns row counts per table."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    import lms.core.database  # noqa: F401  (SQLite pragmas and BEGIN IMMEDIATE, as the app uses)

    engine = sa.create_engine(database_url)
    try:
        ensure_content(engine, log)
        tables = _tables()
        with engine.begin() as conn:
            _fast_load(conn)
            ctx = Context(
                conn=conn,
                tables=tables,
                scale=scale,
                rng=random.Random(seed),
                password_hash=shared_password_hash(),
                today=date.today(),
                now=datetime.now(UTC),
                log=log,
            )
            for step in GENERATOR_STEPS:
                started = time.monotonic()
                step(ctx)
                log(f"  generate: {step.__name__} {time.monotonic() - started:.1f}s")
        if engine.dialect.name == "postgresql":
            started = time.monotonic()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))  # what autovacuum would soon do on a live server
            log(f"  generate: VACUUM ANALYZE {time.monotonic() - started:.1f}s")
        return counts(engine)
    finally:
        engine.dispose()


COUNTED_TABLES = (
    "instansi", "angkatan", "users", "enrolments", "tutor_groups", "coordinator_instansi", "modules", "lessons",
    "quizzes", "phase_requirements", "lesson_progress", "attempts", "attempt_questions", "quiz_results",
    "phase_results", "phase_completions", "phase_progress",
)  # fmt: skip


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        out = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTED_TABLES}  # noqa: S608
        out["participants"] = conn.execute(sa.text("SELECT count(*) FROM users WHERE role = 'participant'")).scalar()
        out["graded_attempts"] = conn.execute(sa.text("SELECT count(*) FROM attempts WHERE status = 'graded'")).scalar()
    return out


def main(argv=None) -> None:
    import argparse
    import json
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's package, when run as a script
    parser = argparse.ArgumentParser(description="Top a migrated database up to a benchmark scale.")
    parser.add_argument("--scale", choices=list(SCALES), default="default")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    result = generate(args.database_url, args.scale, log=lambda m: print(m, flush=True))
    print("BENCH_JSON " + json.dumps(result), flush=True)  # read by bench/run.py


if __name__ == "__main__":
    main()
