"""Preparing and ratifying an angkatan's result: the coordinator's snapshot of the recap (only when nothing blocks
it; preparing again replaces it), the comparison that tells the head a snapshot has gone stale, and the head's
ratification, which happens once however many press the button at the same moment (a conditional update)."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.kelulusan.blockers import readiness
from lms.kelulusan.models import AngkatanResult, ResultRow
from lms.kelulusan.recap import Recap, angkatan_recap
from lms.program.versions import NoProgram, version_for_angkatan


class Refused(Exception):
    """A step of the result refused, with the reason in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def score_text(value) -> str | None:
    """A score as stored in a row's JSON: its exact decimal text, or None."""
    return None if value is None else str(Decimal(value))


def result_of(angkatan_id: int, *, lock: bool = False) -> AngkatanResult | None:
    query = select(AngkatanResult).where(AngkatanResult.angkatan_id == angkatan_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def snapshot_rows(recap: Recap, angkatan_id: int, actor_id: int | None) -> list[ResultRow]:
    """Version 1 of every participant's result, from the recap as it is."""
    return [
        ResultRow(
            angkatan_id=angkatan_id,
            user_id=row.participant.user_id,
            version=1,
            instansi_id=row.participant.instansi_id,
            ndh=row.participant.ndh,
            scores={code: score_text(score) for code, score in row.verdict.scores.items()},
            attendance=score_text(row.attendance),
            final=row.verdict.final,
            band=row.verdict.band.name if row.verdict.band else None,
            passes=row.verdict.passes,
            reasons=list(row.verdict.reasons),
            rank=row.rank,
            created_by_id=actor_id,
        )
        for row in recap.rows
    ]


def prepare_result(angkatan_id: int, actor_id: int) -> AngkatanResult:
    """Snapshot the recap into the angkatan's prepared result, replacing an earlier preparation (audited with what
    it replaced). Refused once ratified, without a program, or while anything blocks it."""
    result = result_of(angkatan_id, lock=True)
    if result is not None and result.sealed:
        raise Refused(_("Hasil angkatan ini sudah disahkan; perubahan hanya melalui koreksi dua orang."))
    try:
        version = version_for_angkatan(angkatan_id)
    except NoProgram:
        raise Refused(_("Program Latsar belum diimpor; hasil belum dapat disiapkan.")) from None
    ready = readiness(angkatan_id, version)
    if not ready.ready:
        raise Refused(
            _("Hasil belum dapat disiapkan: masih ada %(n)d hal yang harus diselesaikan.", n=len(ready.blockers))
        )
    rows = snapshot_rows(ready.recap, angkatan_id, actor_id)
    replaced = None
    if result is None:
        result = AngkatanResult(angkatan_id=angkatan_id, program_version_id=version.id, preparation=1)
        db.session.add(result)
    else:
        replaced = {
            "preparation": result.preparation,
            "version": result.program_version_id,
            "prepared_by": result.prepared_by_id,
            "rows": db.session.scalar(select(func.count()).where(ResultRow.angkatan_id == angkatan_id)),
        }
        db.session.execute(delete(ResultRow).where(ResultRow.angkatan_id == angkatan_id))
        result.preparation += 1
        result.program_version_id = version.id
    result.prepared_at, result.prepared_by_id = utcnow(), actor_id
    db.session.flush()
    db.session.add_all(rows)
    audit.record(
        "kelulusan.prepare",
        "angkatan",
        angkatan_id,
        actor_id=actor_id,
        preparation=result.preparation,
        version=version.id,
        participants=len(rows),
        passing=sum(1 for row in rows if row.passes),
        replaced=replaced,
    )
    return result


@dataclass(frozen=True)
class Change:
    """One difference between stored rows and the sources now: a participant's component (or attendance, or
    their place in the angkatan) and the value stored and found."""

    user_id: int | None
    what: str
    stored: Decimal | None = None
    now: Decimal | None = None
    name: str = ""  # the participant's


def compare_rows(rows: list[ResultRow], recap: Recap) -> list[Change]:
    """Every difference between the stored rows and the recap computed now: each component score and the
    attendance, and participants who joined or left the angkatan since."""
    found: list[Change] = []
    now = {row.participant.user_id: row for row in recap.rows}
    stored = {row.user_id: row for row in rows}
    for user_id, row in stored.items():
        current = now.get(user_id)
        if current is None:
            found.append(Change(user_id, _("tidak lagi terdaftar di angkatan ini"), name=row.user.name))
            continue
        name = current.participant.name
        for component in recap.program.components:
            kept, fresh = row.score(component.code), current.verdict.scores.get(component.code)
            if kept != fresh:
                found.append(Change(user_id, component.name, kept, fresh, name))
        if row.attendance_value != current.attendance:
            found.append(Change(user_id, _("Kehadiran klasikal"), row.attendance_value, current.attendance, name))
    for user_id in now.keys() - stored.keys():
        found.append(Change(user_id, _("belum ada dalam hasil yang disiapkan"), name=now[user_id].participant.name))
    return found


def stale_changes(result: AngkatanResult, recap: Recap | None = None) -> list[Change]:
    """What changed since the result was prepared: the program the angkatan follows, or the sources. A prepared
    result with any change cannot be ratified; the coordinator prepares it again. `recap`: one already computed
    under the version the angkatan follows (the prepare page's), not computed again."""
    try:
        following = version_for_angkatan(result.angkatan_id)
    except NoProgram:
        following = None
    if following is None or following.id != result.program_version_id:
        return [Change(None, _("Versi program yang diikuti angkatan berubah sejak hasil disiapkan"))]
    rows = list(db.session.scalars(select(ResultRow).where(ResultRow.angkatan_id == result.angkatan_id)))
    if recap is None or recap.version_id != result.program_version_id:
        recap = angkatan_recap(result.angkatan_id, program_version=following)
    return compare_rows(rows, recap)


def ratify(angkatan_id: int, preparation: int, actor_id: int) -> AngkatanResult:
    """The head ratifies the preparation they reviewed. Once: the update holds only while the result is still
    unratified and still that preparation, so of two heads (or two tabs) pressing at once one ratifies and the other
    is told. Refused when the snapshot is stale."""
    result = result_of(angkatan_id)
    if result is None:
        raise Refused(_("Hasil angkatan ini belum disiapkan penyelenggara."))
    if result.sealed:
        raise Refused(_("Hasil angkatan ini sudah disahkan."))
    if result.preparation != preparation:
        raise Refused(_("Penyelenggara menyiapkan ulang hasil sejak halaman ini dibuka; periksa hasil terbaru."))
    if stale_changes(result):
        raise Refused(_("Nilai berubah sejak hasil disiapkan; minta penyelenggara menyiapkan ulang hasilnya."))
    ratified = db.session.execute(
        update(AngkatanResult)
        .where(
            AngkatanResult.angkatan_id == angkatan_id,
            AngkatanResult.ratified_at.is_(None),
            AngkatanResult.preparation == preparation,
        )
        .values(ratified_at=utcnow(), ratified_by_id=actor_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if ratified != 1:
        raise Refused(_("Hasil ini baru saja disahkan atau disiapkan ulang oleh orang lain; muat ulang halaman."))
    db.session.expire(result)
    rows = db.session.scalar(select(func.count()).where(ResultRow.angkatan_id == angkatan_id))
    audit.record(
        "kelulusan.ratify",
        "angkatan",
        angkatan_id,
        actor_id=actor_id,
        preparation=preparation,
        version=result.program_version_id,
        participants=rows,
    )
    return result
