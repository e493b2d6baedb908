"""THE JP ledger: each participant's JP (jam pelajaran) per phase, from everything that brings JP in it, each phase
capped at the JP the program gives it.

What brings JP: the lessons read in a phase's modules (lms.content keeps them as PhaseProgress), the sessions
attended in PJJ and klasikal (lms.attendance's statuses: a session counts its JP once it has ended with the
participant present), and the habituation days the mentor confirmed in aktualisasi (lms.habituation). `ledger()`
is the rule; `jp_ledger()` reads every source for a set of participants in a fixed number of statements. The
dashboard's matrix, which has read most sources already for its other columns, hands them to `ledger()`; the
recap, the participant's home and the participant record call `jp_ledger()`."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from lms.attendance.recap import attendance_summary
from lms.content.models import PhaseProgress
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.habituation.progress import credited_jp_by_user
from lms.people.models import Enrolment
from lms.phases.models import Phase
from lms.program.versions import NoProgram, program_for_angkatan

SESSION_PHASES = ("pjj", "klasikal")  # the phases whose sessions attended bring JP
HABITUATION_PHASE = "aktualisasi"  # the phase whose confirmed habituation days bring JP
STEP = Decimal("0.01")

PhaseJp = Mapping[int, Mapping[str, float]]  # user id -> phase code -> JP a source credits
Ledger = dict[int, dict[str, Decimal]]  # user id -> phase code -> JP done (capped), for every phase of the caps


def ledger(user_ids: Iterable[int], caps: Mapping[str, int], *parts: PhaseJp) -> Ledger:
    """THE rule: a participant's JP in a phase is what every source credits there, added up and capped at the
    phase's JP (a schedule with more sessions than the phase's JP, or lessons over it, cannot exceed it); two
    decimals. Every phase of `caps` is in each participant's line, 0 when nothing was credited."""
    result: Ledger = {}
    for user_id in user_ids:
        line = {}
        for code, cap in caps.items():
            done = sum((Decimal(str(part.get(user_id, {}).get(code, 0) or 0)) for part in parts), Decimal(0))
            line[code] = min(done, Decimal(cap)).quantize(STEP, rounding=ROUND_HALF_UP)
        result[user_id] = line
    return result


@dataclass(frozen=True)
class PhaseRow:
    id: int
    code: str
    name: str
    jp: int  # the phase's JP as the Phase table holds it (the newest program's, set on import)


def phase_rows() -> list[PhaseRow]:
    return [
        PhaseRow(*row)
        for row in db.session.execute(select(Phase.id, Phase.code, Phase.name, Phase.jp).order_by(Phase.position))
    ]


def caps_of(program, phases: list[PhaseRow]) -> dict[str, int]:
    """Each phase's JP under the participant's program (lms.program.spec.Program), in the phases' order; without
    a program (none imported yet), the Phase table's."""
    if program is None:
        return {p.code: p.jp for p in phases}
    return {p.code: spec.jp for p in phases if (spec := program.phase(p.code)) is not None}


def lesson_jp(user_ids: list[int]) -> dict[int, dict[str, float]]:
    """JP of the lessons read, per participant and phase code: one statement."""
    found: dict[int, dict[str, float]] = {}
    rows = db.session.execute(
        select(PhaseProgress.user_id, Phase.code, PhaseProgress.jp_done)
        .join(Phase, Phase.id == PhaseProgress.phase_id)
        .where(PhaseProgress.user_id.in_(user_ids))
    )
    for user_id, code, jp in rows:
        found.setdefault(user_id, {})[code] = jp or 0.0
    return found


def session_jp(
    user_ids: list[int], phase: PhaseRow, now: datetime, angkatan_of: dict[int, int]
) -> tuple[dict[int, dict[str, float]], bool]:
    """JP of the sessions of one phase each participant attended (lms.attendance.recap.attendance_summary, the
    statuses its recap shows), and whether their angkatan have any session of it: one statement when they have
    none, five when they have."""
    summaries = attendance_summary(user_ids, phase.id, now, angkatan_of=angkatan_of)
    scheduled = any(s.scheduled for s in summaries.values())
    return {u: {phase.code: s.jp_attended} for u, s in summaries.items() if s.jp_attended}, scheduled


def habituation_jp(user_ids: list[int]) -> dict[int, dict[str, float]]:
    """JP credited for the habituation days the mentor confirmed: one statement."""
    return {u: {HABITUATION_PHASE: jp} for u, jp in credited_jp_by_user(user_ids).items()}


def jp_ledger(user_ids: list[int], program=None, now: datetime | None = None) -> Ledger:
    """Each participant's JP per phase code under `program` (the angkatan's, lms.program.versions; None: the
    Phase table's JP), from every source: 6 statements, 12 at most once sessions exist, whatever the number of
    participants."""
    return _read_ledger(list(user_ids), phase_rows(), program, now)


def _read_ledger(user_ids: list[int], phases: list[PhaseRow], program, now: datetime | None) -> Ledger:
    if not user_ids:
        return {}
    now = now or utcnow()
    angkatan_of = dict(
        db.session.execute(
            select(Enrolment.user_id, Enrolment.angkatan_id).where(Enrolment.user_id.in_(user_ids))
        ).all()
    )
    parts = [lesson_jp(user_ids), habituation_jp(user_ids)]
    for phase in phases:
        if phase.code in SESSION_PHASES:
            parts.append(session_jp(user_ids, phase, now, angkatan_of)[0])
    return ledger(user_ids, caps_of(program, phases), *parts)


@dataclass(frozen=True)
class JpLine:
    code: str
    name: str
    done: Decimal
    jp: int


@dataclass(frozen=True)
class JpAccount:
    """One participant's JP per phase out of each phase's, for their own page and their record."""

    lines: tuple[JpLine, ...]

    @property
    def done(self) -> Decimal:
        return sum((line.done for line in self.lines), Decimal(0))

    @property
    def total(self) -> int:
        return sum(line.jp for line in self.lines)

    @property
    def by_code(self) -> dict[str, JpLine]:
        return {line.code: line for line in self.lines}


def program_of(angkatan_id: int):
    """The program an angkatan follows (lms.program.versions), or None before the program file was imported."""
    try:
        return program_for_angkatan(angkatan_id)
    except NoProgram:
        return None


def participant_account(user_id: int, program=None, now: datetime | None = None) -> JpAccount:
    """A participant's JP per phase out of each phase's JP under their program (program_of their angkatan)."""
    phases = phase_rows()
    caps = caps_of(program, phases)
    done = _read_ledger([user_id], phases, program, now).get(user_id, {})
    return JpAccount(
        tuple(JpLine(p.code, p.name, done.get(p.code, Decimal(0)), caps[p.code]) for p in phases if p.code in caps)
    )
