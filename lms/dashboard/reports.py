"""One angkatan's report on the dashboard: the participant matrix (progress, quiz results, scores, risks),
its cards and tutor groups, in a fixed number of queries. The overview of every angkatan is in
lms.dashboard.overview_report."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from flask import abort
from sqlalchemy import and_, func, select, true

from lms.auth.models import AuthSession, User
from lms.content.models import LessonProgress, Module, PhaseProgress
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.dashboard.pace import current_phase, expected_jp, histogram, risk_messages, risks
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment, Instansi, Lembaga, TutorGroup
from lms.people.record import participant_columns
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseCompletion, PhaseSchedule
from lms.quiz.models import PhaseRequirement, PhaseResult, Quiz, QuizResult
from lms.quiz.standing import Tally, standing


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
    instansi: str
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
    wait_minutes: int = 0
    pass_rate: float | None = None
    average: Decimal | None = None


@dataclass
class AngkatanReport:
    angkatan: Angkatan
    lembaga_name: str
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


def load_angkatan(angkatan_id: int, user, instansi_ids=None) -> tuple[Angkatan, str, list[PhaseLine]]:
    """The angkatan (if in the user's scope, or, given instansi_ids, if it holds their employees), its lembaga
    and every phase with its dates: one query."""
    scope = (
        visible_angkatan_clause(user)
        if instansi_ids is None
        else Angkatan.id.in_(select(Enrolment.angkatan_id).where(Enrolment.instansi_id.in_(instansi_ids)))
    )
    rows = db.session.execute(
        select(Angkatan, Lembaga.name, Phase, PhaseSchedule.opens_on, PhaseSchedule.closes_on)
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .join(Phase, true())
        .outerjoin(PhaseSchedule, and_(PhaseSchedule.angkatan_id == Angkatan.id, PhaseSchedule.phase_id == Phase.id))
        .where(Angkatan.id == angkatan_id, scope)
        .order_by(Phase.position)
    ).all()
    if not rows:
        abort(404)
    phases = [PhaseLine(p.id, p.code, p.name, p.jp, o, c, p.requires_completion) for _a, _i, p, o, c in rows]
    return rows[0][0], rows[0][1], phases


def angkatan_report(angkatan_id: int, user, today: date | None = None, *, instansi_ids=None) -> AngkatanReport:
    """One angkatan's matrix. With instansi_ids (an instansi viewer's), only those instansi's employees in it,
    and its figures over them alone."""
    angkatan, lembaga_name, phases = load_angkatan(angkatan_id, user, instansi_ids)
    today = today or today_in(angkatan.tz_name)
    for phase in phases:
        phase.expected_jp = expected_jp(phase.jp, phase.opens_on, phase.closes_on, today)
    score_phase = next((p for p in phases if p.gated), None)
    quizzes, results = _quiz_results(angkatan.id)
    done_jp, lesson_phase_ids = _lesson_progress(angkatan.id)
    rows = _participants(angkatan.id, score_phase.id if score_phase else None, instansi_ids)
    tracked = [p for p in phases if p.id in lesson_phase_ids]
    open_days = {p.id: (today - p.opens_on).days for p in phases if p.opens_on and p.opens_on <= today}
    current = current_phase([(p.name, p.opens_on, p.closes_on) for p in phases], today)
    current_line = next((p for p in tracked if p.name == current), tracked[0] if tracked else None)
    jp_expected = round(sum(p.expected_jp for p in tracked), 1)
    no_result = QuizCell(None, False, 0)  # shared: cells are only read
    now = utcnow()
    # The standings, shared by (quiz, attempts used, passed): 400 participants have a few dozen distinct ones,
    # and building all 1,200 one by one cost the 400-participant page about 14 ms more (20 ms against 7).
    standings: dict[tuple[int, int, bool], tuple] = {}

    def standing_on(quiz: QuizLine, cell: QuizCell) -> tuple:
        key = (quiz.id, cell.attempts_used, cell.passed)
        if key not in standings:
            standings[key] = (quiz.title, standing(quiz, Tally(cell.attempts_used, cell.passed), now))
        return standings[key]

    report_rows = []
    for user_id, name, nip, instansi, group, score, completion_source, last_active, extra in rows:
        cells = {q.id: results.get((user_id, q.id), no_result) for q in quizzes}
        done = done_jp.get(user_id, {})
        jp_done = round(sum(done.get(p.id, 0.0) for p in tracked), 1)
        row = ParticipantRow(
            user_id,
            name,
            nip,
            instansi,
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
            quizzes=[standing_on(q, cells[q.id]) for q in quizzes],
            excused=row.excused,
        )
        report_rows.append(row)
    for quiz in quizzes:
        taken = [r.quizzes[quiz.id] for r in report_rows if r.quizzes[quiz.id].score is not None]
        quiz.pass_rate = sum(c.passed for c in taken) / len(report_rows) if report_rows else None
        quiz.average = (sum(c.score for c in taken) / len(taken)).quantize(Decimal("0.01")) if taken else None
    return AngkatanReport(angkatan, lembaga_name, phases, quizzes, report_rows, today, current, score_phase)


def _quiz_results(angkatan_id: int) -> tuple[list[QuizLine], dict[tuple[int, int], QuizCell]]:
    """Required quizzes, then every result of this angkatan's participants: two queries (as one join,
    each of 1,200 result rows of a 400 angkatan repeated its quiz's columns and cost twice as much)."""
    quizzes = [
        QuizLine(*row)
        for row in db.session.execute(
            select(
                Quiz.id,
                Quiz.slug,
                Quiz.title,
                Quiz.pass_threshold,
                Quiz.max_attempts,
                PhaseRequirement.weight,
                Quiz.wait_minutes,
            )
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


def _participants(angkatan_id: int, score_phase_id: int | None, instansi_ids=None):
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
            Instansi.name,
            TutorGroup.name,
            PhaseResult.score,
            PhaseCompletion.source,
            last_lesson,
            last_quiz,
            last_login,
            *extra_columns,
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .outerjoin(TutorGroup, TutorGroup.id == Enrolment.tutor_group_id)
        .outerjoin(PhaseResult, and_(PhaseResult.user_id == User.id, PhaseResult.phase_id == score_phase_id))
        .outerjoin(
            PhaseCompletion, and_(PhaseCompletion.user_id == User.id, PhaseCompletion.phase_id == score_phase_id)
        )
        .where(
            Enrolment.angkatan_id == angkatan_id,
            true() if instansi_ids is None else Enrolment.instansi_id.in_(instansi_ids),
        )
        .order_by(User.name)
    ).all()
    names = list(columns)
    result = []
    for row in rows:
        moments = [m for m in row[7:10] if m is not None]
        result.append(
            (
                *row[0:7],
                max(moments) if moments else None,
                dict(zip(names, row[10:], strict=True)),
            )
        )
    return result
