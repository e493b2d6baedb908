"""The dashboards' data: an angkatan's matrix in a fixed number of queries, and the overview of
every angkatan in scope with aggregates done by the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from flask import abort
from sqlalchemy import and_, case, func, select, true

from lms.auth.models import AuthSession, User
from lms.content.models import LessonProgress, Module, PhaseProgress
from lms.core.extensions import db
from lms.core.pagination import page_window
from lms.dashboard.pace import QuizStanding, current_phase, expected_jp, histogram, risk_messages, risks
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment, Instansi, PhaseSchedule, TutorGroup
from lms.people.record import participant_columns
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseCompletion
from lms.quiz.models import PhaseRequirement, PhaseResult, Quiz, QuizResult

NEAR_LIMIT = QuizStanding("", False, 1, 2)  # a quiz not passed with one attempt left


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
    risk_facts: list[tuple[str, dict]] = field(default_factory=list)  # what lms.dashboard.pace.risks found

    @cached_property
    def risks(self) -> list[str]:
        return risk_messages(self.risk_facts)

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
        return [r for r in self.rows if r.risk_facts]


@dataclass
class GroupLine:
    name: str | None  # None: participants in no tutor group
    participants: int = 0
    passed: int = 0
    at_risk: int = 0
    scores: list[Decimal] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


def group_lines(rows: list[ParticipantRow]) -> list[GroupLine]:
    """The per-tutor-group table in one pass (as Jinja filters it took a sixth of a 400-participant page);
    by name, the participants without a group last."""
    groups: dict[str | None, GroupLine] = {}
    for row in rows:
        line = groups.setdefault(row.group, GroupLine(row.group))
        line.participants += 1
        line.passed += row.completed and not row.excused
        line.at_risk += bool(row.risk_facts)
        if row.phase_score is not None:
            line.scores.append(row.phase_score)
    return sorted(groups.values(), key=lambda g: (g.name is None, (g.name or "").casefold()))


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
    jp_expected = round(sum(p.expected_jp for p in tracked), 1)
    no_result = QuizCell(None, False, 0)  # shared: cells are only read
    report_rows = []
    for user_id, name, nip, group, score, completion_source, last_active, extra in rows:
        cells = {q.id: results.get((user_id, q.id), no_result) for q in quizzes}
        done = done_jp.get(user_id, {})
        jp_done = round(sum(done.get(p.id, 0.0) for p in tracked), 1)
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
        row.risk_facts = risks(
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
    """Required quizzes, then every result of this angkatan's participants: two queries (as one join,
    each of 1,200 result rows of a 400 angkatan repeated its quiz's columns and cost twice as much)."""
    quizzes = [
        QuizLine(*row)
        for row in db.session.execute(
            select(Quiz.id, Quiz.slug, Quiz.title, Quiz.pass_threshold, Quiz.max_attempts, PhaseRequirement.weight)
            .join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)
            .order_by(Quiz.agenda, Quiz.slug)
        )
    ]
    rows = db.session.execute(
        select(
            QuizResult.user_id,
            QuizResult.quiz_id,
            QuizResult.counted_score,
            QuizResult.passed,
            QuizResult.attempts_used,
        )
        .join(Enrolment, Enrolment.user_id == QuizResult.user_id)
        .where(Enrolment.angkatan_id == angkatan_id)
    )
    required = {q.id for q in quizzes}
    results = {
        (user_id, quiz_id): QuizCell(score, bool(passed), used)
        for user_id, quiz_id, score, passed, used in rows
        if quiz_id in required
    }
    return quizzes, results


def _lesson_progress(angkatan_id: int) -> tuple[dict[int, dict[int, float]], set[int]]:
    """JP done per participant and phase (stored by lms.content.progress), and the phases that have
    lessons: one query."""
    phases = select(Module.phase_id).where(Module.current_revision_id.is_not(None)).distinct().subquery()
    mine = (
        select(PhaseProgress.user_id, PhaseProgress.phase_id, PhaseProgress.jp_done)
        .join(Enrolment, Enrolment.user_id == PhaseProgress.user_id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(phases.c.phase_id, mine.c.user_id, mine.c.jp_done).outerjoin(mine, mine.c.phase_id == phases.c.phase_id)
    ).all()
    by_user: dict[int, dict[int, float]] = {}
    for phase_id, user_id, jp_done in rows:
        if user_id is not None:
            by_user.setdefault(user_id, {})[phase_id] = jp_done
    return by_user, {row[0] for row in rows}


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
    columns = participant_columns()  # other features' (discussion: posts), one correlated subquery each
    extra_columns = [f(angkatan_id).label(name) for name, f in columns.items()]
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
    names = list(columns)
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


OVERVIEW_PAGE_SIZE = 50


@dataclass
class OverviewPage:
    lines: list[OverviewLine]
    total: int  # angkatan in scope (and in the chosen instansi)
    page: int
    pages: int
    instansi: list[tuple[int, str]]  # the instansi in scope, for the filter
    instansi_id: int | None


def overview_page(user, page: int = 1, instansi_id: int | None = None, today: date | None = None) -> OverviewPage:
    """One page of the overview: a coordinator's 16 angkatan fit on one; an admin's 2,500 do not, and
    the page stays as light and as fast at 100,000 participants as at 1,000."""
    scope = visible_angkatan_clause(user)
    instansi = db.session.execute(
        select(Instansi.id, Instansi.name)
        .where(Instansi.id.in_(select(Angkatan.instansi_id).where(scope)))
        .order_by(Instansi.name)
    ).all()
    if instansi_id is not None:
        scope = and_(scope, Angkatan.instansi_id == instansi_id)
    total = db.session.scalar(select(func.count()).select_from(Angkatan).where(scope))
    window = page_window(total, OVERVIEW_PAGE_SIZE, page)
    lines = overview(user, today, instansi_id=instansi_id, limit=OVERVIEW_PAGE_SIZE, offset=window.offset)
    return OverviewPage(lines, total, window.page, window.pages, [tuple(row) for row in instansi], instansi_id)


def overview(
    user,
    today: date | None = None,
    *,
    angkatan_ids: list[int] | None = None,
    instansi_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[OverviewLine]:
    """The angkatan in scope (all of them, or the chosen ones, or one page), aggregated in the
    database over their participants only: a fixed number of queries whatever the size."""
    # One day for every angkatan of the page: Jakarta's (WIB), as the angkatan page counts in its own zone;
    # UTC's date would be a day behind from 17:00 UTC and disagree with the angkatan pages.
    today = today or today_in("Asia/Jakarta")
    score_phase = db.session.scalar(select(Phase).where(Phase.requires_completion.is_(True)).order_by(Phase.position))
    score_phase_id = score_phase.id if score_phase else None
    query = (
        select(Angkatan, Instansi.name)
        .join(Instansi, Instansi.id == Angkatan.instansi_id)
        .where(visible_angkatan_clause(user))
        .order_by(Instansi.name, Angkatan.year.desc(), Angkatan.number, Angkatan.id)
        .offset(offset)
        .limit(limit)
    )
    if angkatan_ids is not None:
        query = query.where(Angkatan.id.in_(angkatan_ids))
    if instansi_id is not None:
        query = query.where(Angkatan.instansi_id == instansi_id)
    angkatan_rows = db.session.execute(query).all()
    if not angkatan_rows:
        return []
    ids = [row[0].id for row in angkatan_rows]
    facts = _angkatan_facts(ids, score_phase_id)
    schedules: dict[int, list] = {}
    for angkatan_id, name, opens, closes in db.session.execute(
        select(PhaseSchedule.angkatan_id, Phase.name, PhaseSchedule.opens_on, PhaseSchedule.closes_on)
        .join(Phase, Phase.id == PhaseSchedule.phase_id)
        .where(PhaseSchedule.angkatan_id.in_(ids))
        .order_by(Phase.position)
    ):
        schedules.setdefault(angkatan_id, []).append((name, opens, closes))
    bins = _score_bins(ids, score_phase_id)
    at_risk = _risk_counts(ids, score_phase, today)
    lines = []
    for angkatan, instansi_name in angkatan_rows:
        n, passed_n, average, scored = facts.get(angkatan.id, (0, 0, None, 0))
        lines.append(
            OverviewLine(
                angkatan,
                instansi_name,
                n,
                passed_n,
                Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
                scored,
                current_phase(schedules.get(angkatan.id, []), today),
                at_risk.get(angkatan.id, 0),
                bins.get(angkatan.id, [0] * 10),
            )
        )
    return lines


def _angkatan_facts(ids: list[int], score_phase_id: int | None) -> dict[int, tuple]:
    """Per angkatan: participants, MOOC passed (by quiz, not by exception), MOOC average and how
    many have a MOOC score: one grouped query over the participants of these angkatan."""
    rows = db.session.execute(
        select(
            Enrolment.angkatan_id,
            func.count(),
            func.count(PhaseCompletion.user_id),
            func.avg(PhaseResult.score),
            func.count(PhaseResult.score),
        )
        .outerjoin(
            PhaseCompletion,
            and_(
                PhaseCompletion.user_id == Enrolment.user_id,
                PhaseCompletion.phase_id == score_phase_id,
                PhaseCompletion.source == "quiz",
            ),
        )
        .outerjoin(PhaseResult, and_(PhaseResult.user_id == Enrolment.user_id, PhaseResult.phase_id == score_phase_id))
        .where(Enrolment.angkatan_id.in_(ids))
        .group_by(Enrolment.angkatan_id)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


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
        .where(QuizResult.user_id.in_(select(Enrolment.user_id).where(Enrolment.angkatan_id.in_(angkatan_ids))))
        .group_by(QuizResult.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Enrolment.angkatan_id,
            PhaseSchedule.opens_on,
            PhaseSchedule.closes_on,
            PhaseProgress.jp_done,
            func.coalesce(quiz_facts.c.danger, 0),
            func.coalesce(quiz_facts.c.used, 0),
            PhaseCompletion.source,
        )
        .outerjoin(
            PhaseSchedule,
            and_(PhaseSchedule.angkatan_id == Enrolment.angkatan_id, PhaseSchedule.phase_id == score_phase.id),
        )
        .outerjoin(
            PhaseProgress, and_(PhaseProgress.user_id == Enrolment.user_id, PhaseProgress.phase_id == score_phase.id)
        )
        .outerjoin(quiz_facts, quiz_facts.c.user_id == Enrolment.user_id)
        .outerjoin(
            PhaseCompletion,
            and_(PhaseCompletion.user_id == Enrolment.user_id, PhaseCompletion.phase_id == score_phase.id),
        )
        .where(Enrolment.angkatan_id.in_(angkatan_ids))
    )
    counts: dict[int, int] = {}
    pace: dict[tuple, tuple[float, int | None]] = {}  # (opens, closes) -> JP expected, days open
    for angkatan_id, opens, closes, done, danger, used, completion in rows:
        if (opens, closes) not in pace:
            pace[(opens, closes)] = (
                expected_jp(score_phase.jp, opens, closes, today) if opens else 0.0,
                (today - opens).days if opens and opens <= today else None,
            )
        expected, open_days = pace[(opens, closes)]
        jp_done = float(done or 0)
        found = risks(
            jp_done=jp_done,
            jp_expected=expected,
            phase_open_days=open_days,
            any_activity=jp_done > 0 or used > 0,
            quizzes=[NEAR_LIMIT] * int(danger),  # one standing per quiz near its limit
            excused=completion == "exception",
        )
        if found:
            counts[angkatan_id] = counts.get(angkatan_id, 0) + 1
    return counts
