"""The dashboards' data: an angkatan's matrix in a fixed number of queries, and the overview of
every angkatan in scope with aggregates done by the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import abort
from sqlalchemy import and_, case, func, select, true

from lms.auth.access import visible_angkatan_clause
from lms.auth.models import AuthSession, User
from lms.content.models import Lesson, LessonProgress, Module, ModuleRevision
from lms.dashboard.pace import QuizStanding, current_phase, expected_jp, histogram, risk_reasons
from lms.extensions import db
from lms.people.models import Angkatan, Enrolment, Instansi, PhaseSchedule, TutorGroup
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseCompletion
from lms.quiz.models import PhaseRequirement, PhaseResult, Quiz, QuizResult

# Extra per-participant columns from other features (discussion posts): name -> f(angkatan_id) giving
# a correlated scalar subquery on User.id, so the participants query stays one query.
PARTICIPANT_COLUMNS: dict = {}


@dataclass
class PhaseLine:
    id: int
    code: str
    name: str
    jp: int
    opens_on: date | None
    closes_on: date | None
    gated: bool
    expected_jp: float = 0.0


@dataclass
class QuizCell:
    score: Decimal | None
    passed: bool
    attempts_used: int


@dataclass
class ParticipantRow:
    user_id: int
    name: str
    nip: str
    group: str | None
    jp_done: float
    jp_expected: float
    quizzes: dict[int, QuizCell]
    phase_score: Decimal | None
    completed: bool
    excused: bool
    last_active: object
    extra: dict
    attempts_used: int = 0
    risks: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "lulus" if self.completed and not self.excused else ("pengecualian" if self.excused else "belum")


@dataclass
class QuizLine:
    id: int
    slug: str
    title: str
    threshold: Decimal
    max_attempts: int | None
    weight: Decimal
    pass_rate: float | None = None
    average: Decimal | None = None


@dataclass
class AngkatanReport:
    angkatan: Angkatan
    instansi_name: str
    phases: list[PhaseLine]
    quizzes: list[QuizLine]
    rows: list[ParticipantRow]
    today: date
    current_phase: str | None
    score_phase: PhaseLine | None

    @property
    def scores(self) -> list[Decimal]:
        return [r.phase_score for r in self.rows if r.phase_score is not None]

    @property
    def average(self) -> Decimal | None:
        scores = self.scores
        return (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None

    @property
    def pass_rate(self) -> float | None:
        return sum(r.completed and not r.excused for r in self.rows) / len(self.rows) if self.rows else None

    @property
    def histogram(self) -> list[int]:
        return histogram(self.scores)

    @property
    def at_risk(self) -> list[ParticipantRow]:
        return [r for r in self.rows if r.risks]


def load_angkatan(angkatan_id: int, user) -> tuple[Angkatan, str, list[PhaseLine]]:
    """The angkatan (if in the user's scope), its instansi and every phase with its dates: one query."""
    rows = db.session.execute(
        select(Angkatan, Instansi.name, Phase, PhaseSchedule.opens_on, PhaseSchedule.closes_on)
        .join(Instansi, Instansi.id == Angkatan.instansi_id)
        .join(Phase, true())
        .outerjoin(PhaseSchedule, and_(PhaseSchedule.angkatan_id == Angkatan.id, PhaseSchedule.phase_id == Phase.id))
        .where(Angkatan.id == angkatan_id, visible_angkatan_clause(user))
        .order_by(Phase.position)
    ).all()
    if not rows:
        abort(404)
    phases = [PhaseLine(p.id, p.code, p.name, p.jp, o, c, p.requires_completion) for _a, _i, p, o, c in rows]
    return rows[0][0], rows[0][1], phases


def angkatan_report(angkatan_id: int, user, today: date | None = None) -> AngkatanReport:
    angkatan, instansi_name, phases = load_angkatan(angkatan_id, user)
    today = today or today_in(angkatan.tz_name)
    for phase in phases:
        phase.expected_jp = expected_jp(phase.jp, phase.opens_on, phase.closes_on, today)
    score_phase = next((p for p in phases if p.gated), None)
    quizzes, results = _quiz_results(angkatan.id)
    done_jp, lesson_phase_ids = _lesson_progress(angkatan.id)
    rows = _participants(angkatan.id, score_phase.id if score_phase else None)
    tracked = [p for p in phases if p.id in lesson_phase_ids]
    open_days = {p.id: (today - p.opens_on).days for p in phases if p.opens_on and p.opens_on <= today}
    current = current_phase([(p.name, p.opens_on, p.closes_on) for p in phases], today)
    current_line = next((p for p in tracked if p.name == current), tracked[0] if tracked else None)
    report_rows = []
    for user_id, name, nip, group, score, completion_source, last_active, extra in rows:
        cells = {q.id: results.get((user_id, q.id), QuizCell(None, False, 0)) for q in quizzes}
        jp_done = round(sum(done_jp.get(user_id, {}).get(p.id, 0.0) for p in tracked), 1)
        jp_expected = round(sum(p.expected_jp for p in tracked), 1)
        row = ParticipantRow(
            user_id,
            name,
            nip,
            group,
            jp_done,
            jp_expected,
            cells,
            score,
            completion_source is not None,
            completion_source == "exception",
            last_active,
            extra,
            attempts_used=sum(c.attempts_used for c in cells.values()),
        )
        row.risks = risk_reasons(
            jp_done=jp_done,
            jp_expected=jp_expected,
            phase_open_days=open_days.get(current_line.id) if current_line else None,
            any_activity=jp_done > 0 or row.attempts_used > 0,
            quizzes=[
                QuizStanding(q.title, cells[q.id].passed, cells[q.id].attempts_used, q.max_attempts) for q in quizzes
            ],
            excused=row.excused,
        )
        report_rows.append(row)
    for quiz in quizzes:
        taken = [r.quizzes[quiz.id] for r in report_rows if r.quizzes[quiz.id].score is not None]
        quiz.pass_rate = sum(c.passed for c in taken) / len(report_rows) if report_rows else None
        quiz.average = (sum(c.score for c in taken) / len(taken)).quantize(Decimal("0.01")) if taken else None
    return AngkatanReport(angkatan, instansi_name, phases, quizzes, report_rows, today, current, score_phase)


def _quiz_results(angkatan_id: int) -> tuple[list[QuizLine], dict[tuple[int, int], QuizCell]]:
    """Required quizzes with every result of this angkatan's participants: one query."""
    mine = (
        select(QuizResult)
        .join(Enrolment, Enrolment.user_id == QuizResult.user_id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Quiz.id,
            Quiz.slug,
            Quiz.title,
            Quiz.pass_threshold,
            Quiz.max_attempts,
            PhaseRequirement.weight,
            mine.c.user_id,
            mine.c.counted_score,
            mine.c.passed,
            mine.c.attempts_used,
        )
        .join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)
        .outerjoin(mine, mine.c.quiz_id == Quiz.id)
        .order_by(Quiz.agenda, Quiz.slug)
    ).all()
    quizzes: dict[int, QuizLine] = {}
    results = {}
    for qid, slug, title, threshold, max_attempts, weight, user_id, score, passed, used in rows:
        quizzes.setdefault(qid, QuizLine(qid, slug, title, threshold, max_attempts, weight))
        if user_id is not None:
            results[(user_id, qid)] = QuizCell(score, bool(passed), used)
    return list(quizzes.values()), results


def _lesson_progress(angkatan_id: int) -> tuple[dict[int, dict[int, float]], set[int]]:
    """JP done per participant and phase, from lessons marked done (weighted by module JP): one query."""
    lessons = select(Lesson.revision_id, func.count().label("n")).group_by(Lesson.revision_id).subquery()
    done = (
        select(LessonProgress.user_id, LessonProgress.module_id, func.count().label("n"))
        .join(Enrolment, Enrolment.user_id == LessonProgress.user_id)
        .join(Module, Module.id == LessonProgress.module_id)
        .join(Lesson, and_(Lesson.revision_id == Module.current_revision_id, Lesson.slug == LessonProgress.lesson_slug))
        .where(Enrolment.angkatan_id == angkatan_id)
        .group_by(LessonProgress.user_id, LessonProgress.module_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Module.phase_id, ModuleRevision.jp, lessons.c.n, done.c.user_id, done.c.n)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(lessons, lessons.c.revision_id == ModuleRevision.id)
        .outerjoin(done, done.c.module_id == Module.id)
    ).all()
    by_user: dict[int, dict[int, float]] = {}
    phases = set()
    for phase_id, jp, total, user_id, count in rows:
        phases.add(phase_id)
        if user_id is not None:
            per_phase = by_user.setdefault(user_id, {})
            per_phase[phase_id] = per_phase.get(phase_id, 0.0) + jp * count / total
    return by_user, phases


def _participants(angkatan_id: int, score_phase_id: int | None):
    """One row per participant with group, phase score, completion and last activity: one query."""
    last_lesson = (
        select(func.max(LessonProgress.completed_at))
        .where(LessonProgress.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    last_quiz = (
        select(func.max(QuizResult.last_attempt_at))
        .where(QuizResult.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    last_login = (
        select(func.max(AuthSession.created_at)).where(AuthSession.user_id == User.id).correlate(User).scalar_subquery()
    )
    extra_columns = [f(angkatan_id).label(name) for name, f in PARTICIPANT_COLUMNS.items()]
    rows = db.session.execute(
        select(
            User.id,
            User.name,
            User.nip,
            TutorGroup.name,
            PhaseResult.score,
            PhaseCompletion.source,
            last_lesson,
            last_quiz,
            last_login,
            *extra_columns,
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(TutorGroup, TutorGroup.id == Enrolment.tutor_group_id)
        .outerjoin(PhaseResult, and_(PhaseResult.user_id == User.id, PhaseResult.phase_id == score_phase_id))
        .outerjoin(
            PhaseCompletion, and_(PhaseCompletion.user_id == User.id, PhaseCompletion.phase_id == score_phase_id)
        )
        .where(Enrolment.angkatan_id == angkatan_id)
        .order_by(User.name)
    ).all()
    names = list(PARTICIPANT_COLUMNS)
    result = []
    for row in rows:
        moments = [m for m in row[6:9] if m is not None]
        result.append(
            (
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                max(moments) if moments else None,
                dict(zip(names, row[9:], strict=True)),
            )
        )
    return result


@dataclass
class OverviewLine:
    angkatan: Angkatan
    instansi_name: str
    participants: int
    passed: int
    average: Decimal | None
    scored: int
    current_phase: str | None
    at_risk: int
    bins: list[int] = field(default_factory=lambda: [0] * 10)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.participants if self.participants else None

    @property
    def on_target(self) -> bool:
        return self.average is not None and self.average >= self.angkatan.target_score


def overview(user, today: date | None = None) -> list[OverviewLine]:
    """Every angkatan in scope, aggregated in the database: a handful of queries whatever the size."""
    today = today or date.today()
    score_phase = db.session.scalar(select(Phase).where(Phase.requires_completion.is_(True)).order_by(Phase.position))
    score_phase_id = score_phase.id if score_phase else None
    scope = visible_angkatan_clause(user)
    counts = select(Enrolment.angkatan_id, func.count().label("n")).group_by(Enrolment.angkatan_id).subquery()
    passed = (
        select(Enrolment.angkatan_id, func.count().label("n"))
        .join(
            PhaseCompletion,
            and_(
                PhaseCompletion.user_id == Enrolment.user_id,
                PhaseCompletion.phase_id == score_phase_id,
                PhaseCompletion.source == "quiz",
            ),
        )
        .group_by(Enrolment.angkatan_id)
        .subquery()
    )
    scores = (
        select(Enrolment.angkatan_id, func.avg(PhaseResult.score).label("avg"), func.count().label("n"))
        .join(
            PhaseResult,
            and_(
                PhaseResult.user_id == Enrolment.user_id,
                PhaseResult.phase_id == score_phase_id,
                PhaseResult.score.is_not(None),
            ),
        )
        .group_by(Enrolment.angkatan_id)
        .subquery()
    )
    angkatan_rows = db.session.execute(
        select(
            Angkatan,
            Instansi.name,
            func.coalesce(counts.c.n, 0),
            func.coalesce(passed.c.n, 0),
            scores.c.avg,
            func.coalesce(scores.c.n, 0),
        )
        .join(Instansi, Instansi.id == Angkatan.instansi_id)
        .outerjoin(counts, counts.c.angkatan_id == Angkatan.id)
        .outerjoin(passed, passed.c.angkatan_id == Angkatan.id)
        .outerjoin(scores, scores.c.angkatan_id == Angkatan.id)
        .where(scope)
        .order_by(Instansi.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    if not angkatan_rows:
        return []
    ids = [row[0].id for row in angkatan_rows]
    schedules: dict[int, list] = {}
    for angkatan_id, name, opens, closes in db.session.execute(
        select(PhaseSchedule.angkatan_id, Phase.name, PhaseSchedule.opens_on, PhaseSchedule.closes_on)
        .join(Phase, Phase.id == PhaseSchedule.phase_id)
        .where(PhaseSchedule.angkatan_id.in_(ids))
        .order_by(Phase.position)
    ):
        schedules.setdefault(angkatan_id, []).append((name, opens, closes))
    bins = _score_bins(ids, score_phase_id)
    risks = _risk_counts(ids, score_phase, today)
    lines = []
    for angkatan, instansi_name, n, passed_n, average, scored in angkatan_rows:
        lines.append(
            OverviewLine(
                angkatan,
                instansi_name,
                n,
                passed_n,
                Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
                scored,
                current_phase(schedules.get(angkatan.id, []), today),
                risks.get(angkatan.id, 0),
                bins.get(angkatan.id, [0] * 10),
            )
        )
    return lines


def _score_bins(angkatan_ids: list[int], phase_id: int | None) -> dict[int, list[int]]:
    # 10-point bands with a portable CASE (SQLite has no floor(), PostgreSQL's integer cast rounds).
    band = case(*[(PhaseResult.score < 10 * (n + 1), n) for n in range(9)], else_=9)
    rows = db.session.execute(
        select(Enrolment.angkatan_id, band.label("band"), func.count())
        .join(
            PhaseResult,
            and_(
                PhaseResult.user_id == Enrolment.user_id,
                PhaseResult.phase_id == phase_id,
                PhaseResult.score.is_not(None),
            ),
        )
        .where(Enrolment.angkatan_id.in_(angkatan_ids))
        .group_by(Enrolment.angkatan_id, "band")
    )
    bins: dict[int, list[int]] = {}
    for angkatan_id, index, count in rows:
        bins.setdefault(angkatan_id, [0] * 10)[int(index)] += count
    return bins


def _risk_counts(angkatan_ids: list[int], score_phase: Phase | None, today: date) -> dict[int, int]:
    """The same rules as the angkatan page, on per-participant facts the database sums up."""
    if score_phase is None:
        return {}
    lessons = select(Lesson.revision_id, func.count().label("n")).group_by(Lesson.revision_id).subquery()
    jp_done = (
        select(func.coalesce(func.sum(ModuleRevision.jp * 1.0 / lessons.c.n), 0))
        .select_from(LessonProgress)
        .join(Module, Module.id == LessonProgress.module_id)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(lessons, lessons.c.revision_id == ModuleRevision.id)
        .where(LessonProgress.user_id == Enrolment.user_id, Module.phase_id == score_phase.id)
        .correlate(Enrolment)
        .scalar_subquery()
    )
    quiz_facts = (
        select(
            QuizResult.user_id,
            func.sum(
                case(
                    (
                        and_(
                            QuizResult.passed.is_(False),
                            Quiz.max_attempts.is_not(None),
                            QuizResult.attempts_used >= Quiz.max_attempts - 1,
                            QuizResult.attempts_used > 0,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("danger"),
            func.sum(QuizResult.attempts_used).label("used"),
        )
        .join(Quiz, Quiz.id == QuizResult.quiz_id)
        .group_by(QuizResult.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Enrolment.angkatan_id,
            PhaseSchedule.opens_on,
            PhaseSchedule.closes_on,
            jp_done,
            func.coalesce(quiz_facts.c.danger, 0),
            func.coalesce(quiz_facts.c.used, 0),
            PhaseCompletion.source,
        )
        .outerjoin(
            PhaseSchedule,
            and_(PhaseSchedule.angkatan_id == Enrolment.angkatan_id, PhaseSchedule.phase_id == score_phase.id),
        )
        .outerjoin(quiz_facts, quiz_facts.c.user_id == Enrolment.user_id)
        .outerjoin(
            PhaseCompletion,
            and_(PhaseCompletion.user_id == Enrolment.user_id, PhaseCompletion.phase_id == score_phase.id),
        )
        .where(Enrolment.angkatan_id.in_(angkatan_ids))
    )
    counts: dict[int, int] = {}
    for angkatan_id, opens, closes, done, danger, used, completion in rows:
        excused = completion == "exception"
        expected = expected_jp(score_phase.jp, opens, closes, today) if opens else 0.0
        open_days = (today - opens).days if opens and opens <= today else None
        quizzes = [QuizStanding("", False, 1, 2)] * int(danger)  # one standing per quiz near its limit
        reasons = risk_reasons(
            jp_done=float(done or 0),
            jp_expected=expected,
            phase_open_days=open_days,
            any_activity=float(done or 0) > 0 or used > 0,
            quizzes=quizzes,
            excused=excused,
        )
        if reasons:
            counts[angkatan_id] = counts.get(angkatan_id, 0) + 1
    return counts
