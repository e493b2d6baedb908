"""The program recompute: when a newer program version was imported than the one an angkatan is pinned to, the
coordinator previews every participant's result under both (old and new final, band and pass) and applies the new
version with a reason (lms.program.versions.pin_version, audited). Never after ratification: a sealed result
changes only by a correction."""

from dataclasses import dataclass

from flask_babel import gettext as _

from lms.core import audit
from lms.core.extensions import db
from lms.kelulusan.ratification import Refused, result_of, score_text
from lms.kelulusan.recap import Participant, angkatan_recap
from lms.program.composition import Verdict
from lms.program.models import ProgramVersion
from lms.program.versions import NoProgram, latest_version, pin_version, version_for_angkatan

MIN_REASON = 10
MAX_REASON = 2000


def newer_program(angkatan_id: int) -> ProgramVersion | None:
    """The newest program version when the angkatan follows an older one; None otherwise."""
    try:
        following = version_for_angkatan(angkatan_id)
    except NoProgram:
        return None
    newest = latest_version()
    return newest if newest.id > following.id else None


@dataclass(frozen=True)
class PreviewRow:
    participant: Participant
    old: Verdict
    new: Verdict

    @property
    def changed(self) -> bool:
        return (self.old.final, self.old.band, self.old.passes) != (self.new.final, self.new.band, self.new.passes)


@dataclass(frozen=True)
class Preview:
    current: ProgramVersion
    newer: ProgramVersion
    rows: tuple[PreviewRow, ...]

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.changed)


def preview(angkatan_id: int, newer: ProgramVersion) -> Preview:
    """Every participant's result under the version the angkatan follows and under `newer`."""
    current = version_for_angkatan(angkatan_id)
    old = angkatan_recap(angkatan_id, program_version=current)
    new = {row.participant.user_id: row for row in angkatan_recap(angkatan_id, program_version=newer).rows}
    rows = tuple(PreviewRow(row.participant, row.verdict, new[row.participant.user_id].verdict) for row in old.rows)
    return Preview(current, newer, rows)


def apply_newer_program(angkatan_id: int, version_id: int, reason: str, actor_id: int) -> Preview:
    """Pin the angkatan to the newer version the coordinator previewed, with their reason; refused after
    ratification, or when the previewed version is no longer the newest (another import came in between)."""
    result = result_of(angkatan_id, lock=True)
    if result is not None and result.sealed:
        raise Refused(_("Hasil angkatan ini sudah disahkan; hasil yang disahkan hanya berubah melalui koreksi."))
    newer = newer_program(angkatan_id)
    if newer is None or newer.id != version_id:
        raise Refused(_("Versi program yang Anda lihat bukan versi terbaru lagi; periksa pratinjau yang baru."))
    reason = (reason or "").strip()
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        raise Refused(_("Tulis alasan %(low)d sampai %(high)d karakter.", low=MIN_REASON, high=MAX_REASON))
    shown = preview(angkatan_id, newer)
    pin_version(angkatan_id, newer.id, actor_id=actor_id, reason=reason)
    audit.record(
        "kelulusan.recompute",
        "angkatan",
        angkatan_id,
        reason=reason,
        actor_id=actor_id,
        old_version=shown.current.id,
        new_version=newer.id,
        prepared_result_stale=result is not None,
        changed={
            str(row.participant.user_id): {
                "old": score_text(row.old.final),
                "new": score_text(row.new.final),
                "passes": [row.old.passes, row.new.passes],
            }
            for row in shown.rows
            if row.changed
        },
    )
    db.session.flush()
    return shown
