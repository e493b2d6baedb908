"""Reading sealed results: each participant's current version (the highest), for the recap pages, the participant,
the instansi viewer and the head; and the drift of the sources since ratification, shown, never applied."""

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.kelulusan.models import AngkatanResult, ResultRow
from lms.kelulusan.ratification import Change, compare_rows
from lms.kelulusan.recap import angkatan_recap
from lms.people.models import Angkatan, Instansi, Lembaga
from lms.program.models import ProgramVersion
from lms.program.spec import Program
from lms.program.versions import program_of_text


@dataclass(frozen=True)
class SealedRow:
    user_id: int
    name: str
    nip: str | None
    instansi: str
    row: ResultRow  # the current version

    @property
    def corrected(self) -> bool:
        return self.row.version > 1


@dataclass(frozen=True)
class Sealed:
    result: AngkatanResult
    program: Program
    rows: tuple[SealedRow, ...]


def latest_versions(angkatan_ids=None):
    """A subquery: (angkatan_id, user_id, version) of each participant's current result."""
    query = select(ResultRow.angkatan_id, ResultRow.user_id, func.max(ResultRow.version).label("version"))
    if angkatan_ids is not None:
        query = query.where(ResultRow.angkatan_id.in_(angkatan_ids))
    return query.group_by(ResultRow.angkatan_id, ResultRow.user_id).subquery()


def current_rows_query(angkatan_ids=None):
    """ResultRow, the participant's name and NIP, and the instansi's name, of each participant's current version."""
    latest = latest_versions(angkatan_ids)
    return (
        select(ResultRow, User.name, User.nip, Instansi.name)
        .join(
            latest,
            (latest.c.angkatan_id == ResultRow.angkatan_id)
            & (latest.c.user_id == ResultRow.user_id)
            & (latest.c.version == ResultRow.version),
        )
        .join(User, User.id == ResultRow.user_id)
        .join(Instansi, Instansi.id == ResultRow.instansi_id)
        .order_by(ResultRow.ndh.is_(None), ResultRow.ndh, User.name, User.id)
    )


def stored_rows(angkatan_id: int, instansi_ids=None) -> list[SealedRow]:
    """The current version of every participant's stored result (prepared or sealed), in attendance-list order."""
    query = current_rows_query([angkatan_id])
    if instansi_ids is not None:
        query = query.where(ResultRow.instansi_id.in_(instansi_ids))
    return [SealedRow(row.user_id, name, nip, instansi, row) for row, name, nip, instansi in db.session.execute(query)]


def program_of_result(result: AngkatanResult) -> Program:
    return program_of_text(db.session.get(ProgramVersion, result.program_version_id).source)


def sealed_results(angkatan_id: int, instansi_ids=None) -> Sealed | None:
    """THE sealed result of an angkatan (None before ratification): each participant's current version as stored,
    never recomputed; with instansi_ids, only those instansi's employees (by their employer when prepared)."""
    result = db.session.get(AngkatanResult, angkatan_id)
    if result is None or not result.sealed:
        return None
    return Sealed(result, program_of_result(result), tuple(stored_rows(angkatan_id, instansi_ids)))


def source_drift(angkatan_id: int) -> dict[int | None, list[Change]]:
    """What the sources say now that differs from the sealed results (user id -> changes; None: the angkatan),
    e.g. a seminar score reopened after ratification. Shown as "sumber berubah setelah pengesahan"; the sealed
    results stay as they are (a change to them is a correction). Empty before ratification."""
    result = db.session.get(AngkatanResult, angkatan_id)
    if result is None or not result.sealed:
        return {}
    rows = [sealed.row for sealed in stored_rows(angkatan_id)]
    recap = angkatan_recap(angkatan_id, program_version=db.session.get(ProgramVersion, result.program_version_id))
    drift: dict[int | None, list[Change]] = {}
    for change in compare_rows(rows, recap):
        drift.setdefault(change.user_id, []).append(change)
    return drift


@dataclass(frozen=True)
class MyResult:
    angkatan: Angkatan
    result: AngkatanResult
    program: Program
    row: ResultRow


def participant_result(user: User) -> MyResult | None:
    """A participant's own sealed result in their angkatan; None before ratification (a prepared result is not
    theirs to see until the head ratifies it)."""
    enrolment = user.enrolment
    if enrolment is None:
        return None
    result = db.session.get(AngkatanResult, enrolment.angkatan_id)
    if result is None or not result.sealed:
        return None
    row = db.session.scalar(
        select(ResultRow)
        .where(ResultRow.angkatan_id == result.angkatan_id, ResultRow.user_id == user.id)
        .order_by(ResultRow.version.desc())
        .limit(1)
    )
    if row is None:
        return None
    return MyResult(enrolment.angkatan, result, program_of_result(result), row)


@dataclass(frozen=True)
class EmployeeResults:
    angkatan: Angkatan
    lembaga: str
    result: AngkatanResult
    program: Program
    rows: list[SealedRow]


def employee_results(instansi_ids) -> list[EmployeeResults]:
    """The sealed results of the employees of these instansi (an instansi viewer's), per ratified angkatan, newest
    ratification first; a fixed number of queries."""
    ratified = db.session.execute(
        select(AngkatanResult, Angkatan, Lembaga.name)
        .join(Angkatan, Angkatan.id == AngkatanResult.angkatan_id)
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .where(
            AngkatanResult.ratified_at.is_not(None),
            AngkatanResult.angkatan_id.in_(
                select(ResultRow.angkatan_id).where(ResultRow.instansi_id.in_(instansi_ids))
            ),
        )
        .order_by(AngkatanResult.ratified_at.desc(), Angkatan.id)
    ).all()
    if not ratified:
        return []
    ids = [result.angkatan_id for result, _a, _l in ratified]
    per_angkatan: dict[int, list[SealedRow]] = {angkatan_id: [] for angkatan_id in ids}
    query = current_rows_query(ids).where(ResultRow.instansi_id.in_(instansi_ids))
    for row, name, nip, instansi in db.session.execute(query):
        per_angkatan[row.angkatan_id].append(SealedRow(row.user_id, name, nip, instansi, row))
    return [
        EmployeeResults(angkatan, lembaga, result, program_of_result(result), per_angkatan[result.angkatan_id])
        for result, angkatan, lembaga in ratified
    ]
