"""One angkatan's report on the dashboard: the participant matrix (progress, quiz results, scores, risks),
its cards and tutor groups, in a fixed number of queries; many angkatan's in the same queries (an instansi
viewer's employees). The statements are in lms.dashboard.report_queries. The overview of every angkatan is in
lms.dashboard.overview_report."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from flask import abort
from sqlalchemy import and_, select, true

from lms.attendance.recap import Summary as AttendanceSummary
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.dashboard import report_queries
from lms.dashboard.aktualisasi_columns import AktualisasiFacts, Group, aktualisasi_facts
from lms.dashboard.jp_ledger import HABITUATION_PHASE, Ledger, PhaseRow, habituation_jp, ledger, session_jp
from lms.dashboard.pace import current_phase, expected_jp, histogram, risk_messages, risks
from lms.dashboard.pjj_columns import pjj_facts
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment, Lembaga
from lms.phases.gating import today_in
from lms.phases.models import Phase, PhaseSchedule
from lms.quiz.standing import Tally, standing
from lms.tasks.summary import Summary as TaskSummary

KLASIKAL = "klasikal"


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
    attendance: AttendanceSummary | None = None  # PJJ sessions (lms.attendance.recap.attendance_summary)
    tasks: TaskSummary | None = None  # PJJ tasks (lms.tasks.summary.task_summary)
    aktualisasi: AktualisasiFacts | None = None  # once the angkatan is in aktualisasi (aktualisasi_columns)

    @cached_property
    def risk_kinds(self) -> set[str]:
        return {kind for kind, _facts in self.risk_facts}

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
    def has_sessions(self) -> bool:
        return any(r.attendance and r.attendance.scheduled for r in self.rows)

    @property
    def has_tasks(self) -> bool:
        return any(r.tasks and r.tasks.total for r in self.rows)

    @property
    def has_aktualisasi(self) -> bool:
        """Its aktualisasi phase has opened: the stage columns show (lms.dashboard.aktualisasi_columns)."""
        return any(r.aktualisasi for r in self.rows)

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


def load_angkatans(
    angkatan_ids: list[int], user, instansi_ids=None
) -> dict[int, tuple[Angkatan, str, list[PhaseLine]]]:
    """{id: (angkatan, its lembaga's name, every phase with its dates)} of those angkatan in the user's scope
    (or, given instansi_ids, holding their employees): one query, whatever their number."""
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
        .where(Angkatan.id.in_(angkatan_ids), scope)
        .order_by(Angkatan.id, Phase.position)
    ).all()
    found: dict[int, tuple[Angkatan, str, list[PhaseLine]]] = {}
    for angkatan, lembaga_name, p, opens, closes in rows:
        line = PhaseLine(p.id, p.code, p.name, p.jp, opens, closes, p.gated)
        found.setdefault(angkatan.id, (angkatan, lembaga_name, []))[2].append(line)
    return found


def angkatan_report(angkatan_id: int, user, today: date | None = None, *, instansi_ids=None) -> AngkatanReport:
    """One angkatan's matrix, with the other features' columns (PARTICIPANT_COLUMNS); 404 outside the user's
    scope. With instansi_ids (an instansi viewer's), only those instansi's employees in it, and its figures over
    them alone."""
    reports = _reports([angkatan_id], user, today, instansi_ids, columns_of=angkatan_id)
    if not reports:
        abort(404)
    return reports[0]


def angkatan_reports(angkatan_ids: list[int], user, today: date | None = None, *, instansi_ids=None):
    """The matrices of many angkatan, in the order given (those out of scope left out), in the same five
    queries as one, without the other features' columns (each gives a subquery for one angkatan). With
    instansi_ids (a list or a subquery), only those instansi's employees, each report's figures over them."""
    return _reports(angkatan_ids, user, today, instansi_ids, columns_of=None)


def _reports(angkatan_ids, user, today, instansi_ids, columns_of) -> list[AngkatanReport]:
    loaded = load_angkatans(angkatan_ids, user, instansi_ids)
    if not loaded:
        return []
    ids = [i for i in angkatan_ids if i in loaded]
    quiz_rows = report_queries.required_quizzes()
    results = {
        key: QuizCell(*cell)
        for key, cell in report_queries.quiz_results(ids, {q[0] for q in quiz_rows}, instansi_ids).items()
    }
    lessons, lesson_phase_ids = report_queries.lesson_progress(ids, instansi_ids)
    score_phase_id = next((p.id for p in loaded[ids[0]][2] if p.gated), None)  # phases are the program's
    rows = report_queries.participants(ids, score_phase_id, instansi_ids, columns_of)
    now = utcnow()
    pjj = pjj_facts(loaded[ids[0]][2], [r[0] for i in ids for r in rows[i]], now)
    habituating = [i for i in ids if _opened(loaded[i][2], HABITUATION_PHASE, now)]
    done_jp, tracked = _jp_done(loaded, ids, rows, (lessons, lesson_phase_ids), pjj, habituating, now)
    akt = {}
    if habituating:  # no statement for angkatan whose aktualisasi has not begun
        akt = aktualisasi_facts([_group(loaded[i], rows[i]) for i in habituating], now, today)
    return [
        _report(
            *loaded[i],
            [QuizLine(*q) for q in quiz_rows],
            results,
            done_jp,
            tracked,
            rows[i],
            today,
            now,
            pjj,
            akt,
        )
        for i in ids
    ]


def _opened(phases, code: str, now) -> bool:
    return any(p.code == code and p.opens_on and p.opens_on <= now.date() for p in phases)


def _jp_done(loaded, ids, rows, lesson_progress, pjj, habituating, now) -> tuple[Ledger, set[str]]:
    """Each participant's JP per phase by the ledger's rule (lms.dashboard.jp_ledger), from the sources this
    report has read for its other columns (lessons, PJJ attendance) and those read here: the habituation days
    credited (angkatan whose aktualisasi has opened) and the klasikal sessions attended (those whose klasikal has
    opened), so an angkatan before them costs no statement. Also the phases tracked: those with lessons, PJJ, and
    aktualisasi and klasikal once they credit something."""
    phases = loaded[ids[0]][2]  # the program's phases, the same for every angkatan
    lessons, lesson_phase_ids = lesson_progress
    code_of = {p.id: p.code for p in phases}
    tracked = {code_of[i] for i in lesson_phase_ids if i in code_of}
    parts = [{u: {code_of[i]: jp for i, jp in done.items() if i in code_of} for u, done in lessons.items()}]
    if pjj.phase_id is not None:  # its JP are the sessions attended, too
        tracked.add(code_of[pjj.phase_id])
        parts.append({u: {code_of[pjj.phase_id]: s.jp_attended} for u, s in pjj.attendance.items()})
    if habituating:
        credited = habituation_jp([r[0] for i in habituating for r in rows[i]])
        if credited:  # the phase joins the tracked ones once some participant has a day credited
            tracked.add(HABITUATION_PHASE)
            parts.append(credited)
    klasikal = next((p for p in phases if p.code == KLASIKAL), None)
    on_campus = [i for i in ids if _opened(loaded[i][2], KLASIKAL, now)]
    if klasikal is not None and on_campus:
        angkatan_of = {r[0]: i for i in on_campus for r in rows[i]}
        phase = PhaseRow(klasikal.id, klasikal.code, klasikal.name, klasikal.jp)
        attended, scheduled = session_jp(list(angkatan_of), phase, now, angkatan_of)
        if scheduled:
            tracked.add(KLASIKAL)
            parts.append(attended)
    user_ids = [r[0] for i in ids for r in rows[i]]
    return ledger(user_ids, {p.code: p.jp for p in phases}, *parts), tracked


def _group(loaded, rows) -> Group:
    angkatan, _lembaga_name, phases = loaded
    line = next(p for p in phases if p.code == "aktualisasi")
    return Group([r[0] for r in rows], line.opens_on, line.closes_on, angkatan.tz_name)


def _report(angkatan, lembaga_name, phases, quizzes, results, done_jp, tracked_codes, rows, today, now, pjj, akt):
    """One angkatan's report from the rows read: its schedule's pace and its participants' risks."""
    today = today or today_in(angkatan.tz_name)
    for phase in phases:
        phase.expected_jp = expected_jp(phase.jp, phase.opens_on, phase.closes_on, today)
    score_phase = next((p for p in phases if p.gated), None)
    tracked = [p for p in phases if p.code in tracked_codes]
    open_days = {p.id: (today - p.opens_on).days for p in phases if p.opens_on and p.opens_on <= today}
    current = current_phase([(p.name, p.opens_on, p.closes_on) for p in phases], today)
    current_line = next((p for p in tracked if p.name == current), tracked[0] if tracked else None)
    jp_expected = round(sum(p.expected_jp for p in tracked), 1)
    no_result = QuizCell(None, False, 0)  # shared: cells are only read
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
        jp_done = round(float(sum(done.get(p.code, 0) for p in tracked)), 1)
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
            attendance=pjj.attendance.get(user_id),
            tasks=pjj.tasks.get(user_id),
            aktualisasi=akt.get(user_id),
        )
        aktualisasi = row.aktualisasi
        row.risk_facts = risks(
            jp_done=jp_done,
            jp_expected=jp_expected,
            phase_open_days=open_days.get(current_line.id) if current_line else None,
            any_activity=jp_done > 0 or row.attempts_used > 0 or bool(aktualisasi and aktualisasi.started),
            quizzes=[standing_on(q, cells[q.id]) for q in quizzes],
            excused=row.excused,
            absent_streak=row.attendance.consecutive_absences if row.attendance else 0,
            missing_tasks=row.tasks.missing if row.tasks else 0,
            attendance_flagged=bool(row.attendance and row.attendance.flagged),
            days_without_entry=aktualisasi.days_without_entry if aktualisasi else None,
            overdue_entries=aktualisasi.overdue_entries if aktualisasi else 0,
            overdue_approval=aktualisasi.overdue_approval if aktualisasi else None,
        )
        report_rows.append(row)
    for quiz in quizzes:
        taken = [r.quizzes[quiz.id] for r in report_rows if r.quizzes[quiz.id].score is not None]
        quiz.pass_rate = sum(c.passed for c in taken) / len(report_rows) if report_rows else None
        quiz.average = (sum(c.score for c in taken) / len(taken)).quantize(Decimal("0.01")) if taken else None
    return AngkatanReport(angkatan, lembaga_name, phases, quizzes, report_rows, today, current, score_phase)
