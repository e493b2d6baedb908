"""The dashboards' overview of every angkatan in scope: one line per angkatan, aggregated by the database
over their participants only, in a fixed number of queries whatever the size."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import and_, case, func, select

from lms.content.models import PhaseProgress
from lms.core.extensions import db
from lms.core.pagination import page_window
from lms.dashboard.pace import current_phase, expected_jp, risks
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Enrolment, Instansi, Lembaga
from lms.phases.gating import today_in
from lms.phases.models import MET_SOURCES, Phase, PhaseCompletion, PhaseSchedule
from lms.quiz.models import PhaseResult, Quiz, QuizResult
from lms.quiz.standing import Tally, near_limit_sql, standing

# What the overview passes to `risks` for each quiz the database counted as near its limit (near_limit_sql):
# a standing that is near_limit, for the same rules as the angkatan page.
NEAR_LIMIT = ("", standing(SimpleNamespace(max_attempts=2, wait_minutes=0), Tally(used=1, passed=False), datetime.min))


@dataclass
class OverviewLine:
    angkatan: Angkatan
    lembaga_name: str
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
class InstansiLine:
    """The participants of one instansi (their employer) in the angkatan of a page."""

    name: str
    participants: int
    passed: int
    average: Decimal | None

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.participants if self.participants else None


@dataclass
class OverviewPage:
    lines: list[OverviewLine]
    total: int  # angkatan in scope (and of the chosen lembaga)
    page: int
    pages: int
    lembaga: list[tuple[int, str]]  # the lembaga running angkatan in scope, for the filter
    lembaga_id: int | None
    by_instansi: list[InstansiLine] = field(default_factory=list)  # over the participants of this page's angkatan


def overview_page(user, page: int = 1, lembaga_id: int | None = None, today: date | None = None) -> OverviewPage:
    """One page of the overview: a coordinator's 16 angkatan fit on one; an admin's 2,500 do not, and
    the page stays as light and as fast at 100,000 participants as at 1,000."""
    scope = visible_angkatan_clause(user)
    lembaga = db.session.execute(
        select(Lembaga.id, Lembaga.name)
        .where(Lembaga.id.in_(select(Angkatan.lembaga_id).where(scope)))
        .order_by(Lembaga.name)
    ).all()
    if lembaga_id is not None:
        scope = and_(scope, Angkatan.lembaga_id == lembaga_id)
    total = db.session.scalar(select(func.count()).select_from(Angkatan).where(scope))
    window = page_window(total, OVERVIEW_PAGE_SIZE, page)
    lines = overview(user, today, lembaga_id=lembaga_id, limit=OVERVIEW_PAGE_SIZE, offset=window.offset)
    by_instansi = instansi_lines([line.angkatan.id for line in lines])
    return OverviewPage(
        lines, total, window.page, window.pages, [tuple(row) for row in lembaga], lembaga_id, by_instansi
    )


def instansi_lines(angkatan_ids: list[int]) -> list[InstansiLine]:
    """Per instansi, over the participants of these angkatan (an angkatan mixes employers): participants,
    MOOC passed by quiz, MOOC average. One grouped query (and the score phase's)."""
    if not angkatan_ids:
        return []
    score_phase_id = db.session.scalar(
        select(Phase.id).where(Phase.requires_completion.is_(True)).order_by(Phase.position)
    )
    rows = db.session.execute(
        select(Instansi.name, func.count(), func.count(PhaseCompletion.user_id), func.avg(PhaseResult.score))
        .select_from(Enrolment)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .outerjoin(
            PhaseCompletion,
            and_(
                PhaseCompletion.user_id == Enrolment.user_id,
                PhaseCompletion.phase_id == score_phase_id,
                PhaseCompletion.source.in_(MET_SOURCES),
            ),
        )
        .outerjoin(PhaseResult, and_(PhaseResult.user_id == Enrolment.user_id, PhaseResult.phase_id == score_phase_id))
        .where(Enrolment.angkatan_id.in_(angkatan_ids))
        .group_by(Instansi.name)
        .order_by(Instansi.name)
    )
    return [
        InstansiLine(name, n, passed, Decimal(avg).quantize(Decimal("0.01")) if avg is not None else None)
        for name, n, passed, avg in rows
    ]


def overview(
    user,
    today: date | None = None,
    *,
    angkatan_ids: list[int] | None = None,
    lembaga_id: int | None = None,
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
        select(Angkatan, Lembaga.name)
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .where(visible_angkatan_clause(user))
        .order_by(Lembaga.name, Angkatan.year.desc(), Angkatan.number, Angkatan.id)
        .offset(offset)
        .limit(limit)
    )
    if angkatan_ids is not None:
        query = query.where(Angkatan.id.in_(angkatan_ids))
    if lembaga_id is not None:
        query = query.where(Angkatan.lembaga_id == lembaga_id)
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
    for angkatan, lembaga_name in angkatan_rows:
        n, passed_n, average, scored = facts.get(angkatan.id, (0, 0, None, 0))
        lines.append(
            OverviewLine(
                angkatan,
                lembaga_name,
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
                PhaseCompletion.source.in_(MET_SOURCES),
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
                case((near_limit_sql(QuizResult.attempts_used, Quiz.max_attempts, QuizResult.passed), 1), else_=0)
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
            quizzes=[NEAR_LIMIT] * int(danger),  # one per quiz near its limit
            excused=completion == "exception",
        )
        if found:
            counts[angkatan_id] = counts.get(angkatan_id, 0) + 1
    return counts
