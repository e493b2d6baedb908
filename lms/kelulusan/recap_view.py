"""The recap as the page and the exports show it: the angkatan's recap (lms.kelulusan.recap) and each participant's JP
(lms.dashboard.jp_ledger), read in one snapshot of the database, made into plain lines: each component's score or
why it is missing, the status in words, what is still missing, and a summary over the lines shown."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.database import snapshot_read
from lms.core.extensions import db
from lms.dashboard.jp_ledger import jp_ledger
from lms.kelulusan.recap import Recap, RecapRow, angkatan_recap
from lms.people.models import Angkatan, Lembaga
from lms.program.spec import Component, Program

PASSED, FAILED, INCOMPLETE = "lulus", "tidak_lulus", "belum_lengkap"
ATTENDANCE = "Kehadiran klasikal"  # how the pass rule names a missing klasikal attendance (lms.program.composition)


def status_label(status: str) -> str:
    return {PASSED: _("Lulus"), FAILED: _("Tidak lulus"), INCOMPLETE: _("Belum lengkap")}[status]


def missing_reason(component: Component) -> str:
    """Why a component has no score yet, from where its score comes (the sources of lms.program.sources); a
    source this list does not know gets the plain reason."""
    reasons = {
        "evaluasi_mooc": _("evaluasi wajib MOOC belum semuanya bernilai"),
        "evaluasi_pjj": _("evaluasi wajib PJJ belum semuanya bernilai"),
        "evaluasi_klasikal": _("evaluasi klasikal belum bernilai"),
        "seminar_rancangan": _("seminar rancangan belum dinilai oleh semua penilainya"),
        "seminar_aktualisasi": _("seminar aktualisasi belum dinilai oleh semua penilainya"),
        "sikap": _("instrumen sikap perilaku belum dinilai semuanya"),
    }
    return reasons.get(component.source, _("belum dinilai"))


@dataclass(frozen=True)
class Cell:
    score: Decimal | None
    missing: str | None = None  # why there is no score (None when there is one)


@dataclass(frozen=True)
class Line:
    number: int  # "No": the line's place among those shown, in attendance-list order
    user_id: int
    nip: str | None
    name: str
    ndh: int | None
    instansi: str
    cells: tuple[Cell, ...]  # one per component, in the program's order
    attendance: Decimal | None
    attendance_missing: str | None
    jp: Decimal | None  # None: not read (recap_sheet's `shown`)
    final: Decimal | None
    band: str | None
    rank: int | None  # among the whole angkatan (ties share a rank)
    status: str  # PASSED, FAILED or INCOMPLETE
    missing: tuple[str, ...]  # what is still missing (component names, the klasikal attendance)
    reasons: tuple[str, ...]  # why the participant does not pass

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def remark(self) -> str:
        """The "Keterangan" of the institutions' layout: the status and why."""
        if self.status == FAILED:
            return f"{self.status_label}: {'; '.join(self.reasons)}"
        if self.status == INCOMPLETE:
            return f"{self.status_label}: {_('belum ada')} {', '.join(self.missing)}"
        return self.status_label


@dataclass(frozen=True)
class Summary:
    participants: int
    complete: int
    passing: int
    failing: int
    missing: tuple[tuple[str, int], ...]  # (component name or the klasikal attendance, lines missing it)

    @property
    def incomplete(self) -> int:
        return self.participants - self.complete


@dataclass(frozen=True)
class Sheet:
    """Everything the recap page and its exports show of one angkatan."""

    angkatan_id: int
    angkatan_name: str
    number: int
    year: int
    lembaga_name: str
    program_name: str
    version_id: int
    components: tuple[Component, ...]
    total_jp: int
    min_attendance: Decimal | None
    lines: tuple[Line, ...]
    summary: Summary
    whole_angkatan: bool  # False: an instansi viewer's employees only (their ranks are still the angkatan's)


def _status(row: RecapRow) -> str:
    if row.verdict.passes is None:
        return INCOMPLETE
    return PASSED if row.verdict.passes else FAILED


@dataclass(frozen=True)
class _Words:
    """The texts every line shares, translated once per sheet (a gettext per cell cost a 400-participant recap
    three quarters of its time)."""

    missing: tuple[str, ...]  # each component's reason, in the program's order
    attendance_missing: str | None
    attendance: str

    @classmethod
    def of(cls, program: Program) -> "_Words":
        needs_attendance = program.min_klasikal_attendance is not None
        return cls(
            tuple(missing_reason(c) for c in program.components),
            _("belum ada sesi klasikal yang terlaksana") if needs_attendance else None,
            _("Kehadiran klasikal"),
        )


def _line(number: int, row: RecapRow, program: Program, jp: Decimal, words: _Words) -> Line:
    verdict, person = row.verdict, row.participant
    scores = [verdict.scores.get(c.code) for c in program.components]
    cells = tuple(
        Cell(score, None if score is not None else reason) for score, reason in zip(scores, words.missing, strict=True)
    )
    missing = tuple(words.attendance if m == ATTENDANCE else m for m in verdict.missing)
    return Line(
        number,
        person.user_id,
        person.nip,
        person.name,
        person.ndh,
        person.instansi,
        cells,
        row.attendance,
        words.attendance_missing if row.attendance is None else None,
        jp,
        verdict.final,
        verdict.band.name if verdict.band else None,
        row.rank,
        _status(row),
        missing,
        verdict.reasons,
    )


def summarise(lines: tuple[Line, ...], program: Program) -> Summary:
    """Over the lines shown: how many are complete, pass, fail, and how many miss each component."""
    missing = [
        (c.name, sum(1 for line in lines if line.cells[i].score is None)) for i, c in enumerate(program.components)
    ]
    if program.min_klasikal_attendance is not None:
        missing.append((_("Kehadiran klasikal"), sum(1 for line in lines if line.attendance_missing)))
    return Summary(
        participants=len(lines),
        complete=sum(1 for line in lines if line.status != INCOMPLETE),
        passing=sum(1 for line in lines if line.status == PASSED),
        failing=sum(1 for line in lines if line.status == FAILED),
        missing=tuple(missing),
    )


def sheet_of(recap: Recap, jp: dict, angkatan: tuple, instansi_ids) -> Sheet:
    """The sheet from a recap and its participants' JP (plain values: tested without a database). A participant
    missing from `jp` has None (their JP was not read)."""
    program, words = recap.program, _Words.of(recap.program)
    lines = tuple(
        _line(n, row, program, _total(jp.get(row.participant.user_id)), words)
        for n, row in enumerate(recap.rows, start=1)
    )
    angkatan_id, name, number, year, lembaga_name = angkatan
    return Sheet(
        angkatan_id,
        name,
        number,
        year,
        lembaga_name,
        program.name,
        recap.version_id,
        program.components,
        program.total_jp,
        program.min_klasikal_attendance,
        lines,
        summarise(lines, program),
        instansi_ids is None,
    )


def _total(phases: dict | None) -> Decimal | None:
    return None if phases is None else sum(phases.values(), Decimal(0))


def recap_sheet(angkatan_id: int, instansi_ids=None, shown: Callable[[Sheet], Iterable[Line]] | None = None) -> Sheet:
    """THE recap of an angkatan as shown, every statement in one snapshot (lms.core.database.snapshot_read): a
    score saved while it is read is in all of it or in none. instansi_ids: only those instansi's employees (an
    instansi viewer's), ranked among the whole angkatan. shown: the lines whose JP is read (a page's; every line's
    when not given): the JP ledger is the recap's dearest part and nothing else depends on it. Raises
    lms.program.versions.NoProgram before the program file was imported."""
    with snapshot_read():
        angkatan = db.session.execute(
            select(Angkatan.id, Angkatan.name, Angkatan.number, Angkatan.year, Lembaga.name)
            .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
            .where(Angkatan.id == angkatan_id)
        ).one()
        recap = angkatan_recap(angkatan_id, instansi_ids)
        sheet = sheet_of(recap, {}, tuple(angkatan), instansi_ids)
        jp = jp_ledger([line.user_id for line in (sheet.lines if shown is None else shown(sheet))], recap.program)
    lines = tuple(replace(line, jp=_total(jp[line.user_id])) if line.user_id in jp else line for line in sheet.lines)
    return replace(sheet, lines=lines)
