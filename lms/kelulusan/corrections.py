"""Corrections of a sealed result, by two people: one proposes new component scores for one participant with a
reason; a second (another coordinator of the lembaga, or its head; never the proposer) confirms it, which adds the
participant's next version beside the old, or rejects it with a reason; the proposer may withdraw it. The final
score, band and pass come from THE composition rule under the sealed program version, never from a request."""

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.auth.models import Role, User
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.kelulusan.models import AngkatanResult, Correction, ResultRow
from lms.kelulusan.ratification import Refused, score_text
from lms.kelulusan.recap import ranks
from lms.kelulusan.sealed import current_rows_query, program_of_result
from lms.people.models import Angkatan, CoordinatorLembaga
from lms.program.composition import verdict
from lms.program.spec import HUNDRED, STEP

MIN_REASON = 10
MAX_REASON = 2000


def parse_score(text: str) -> Decimal:
    """A score typed as 85,5 or 85.5: 0 to 100, at most two decimals; ValueError otherwise."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or not 0 <= value <= HUNDRED or value != value.quantize(STEP):
        raise ValueError(text)
    return value


def _reason(text: str | None, what: str) -> str:
    reason = (text or "").strip()
    if not MIN_REASON <= len(reason) <= MAX_REASON:
        raise Refused(
            _("Tulis alasan %(what)s %(low)d sampai %(high)d karakter.", what=what, low=MIN_REASON, high=MAX_REASON)
        )
    return reason


def sealed_result(angkatan_id: int) -> AngkatanResult:
    result = db.session.get(AngkatanResult, angkatan_id)
    if result is None or not result.sealed:
        raise Refused(_("Koreksi hanya untuk hasil yang sudah disahkan kepala lembaga."))
    return result


def current_row(angkatan_id: int, user_id: int) -> ResultRow | None:
    return db.session.scalar(
        select(ResultRow)
        .where(ResultRow.angkatan_id == angkatan_id, ResultRow.user_id == user_id)
        .order_by(ResultRow.version.desc())
        .limit(1)
    )


def open_correction(angkatan_id: int, user_id: int) -> Correction | None:
    return db.session.scalar(
        select(Correction).where(
            Correction.angkatan_id == angkatan_id, Correction.user_id == user_id, Correction.state == "proposed"
        )
    )


def propose(angkatan_id: int, user_id: int, scores: dict, reason: str, actor_id: int) -> Correction:
    """Propose new scores for some of the participant's components. `scores` maps component codes to Decimals;
    codes the sealed program does not have, and scores equal to the current ones, are left out."""
    result = sealed_result(angkatan_id)
    row = current_row(angkatan_id, user_id)
    if row is None:
        raise Refused(_("Peserta ini tidak ada dalam hasil yang disahkan."))
    program = program_of_result(result)
    changed = {}
    for component in program.components:
        if component.code not in scores or scores[component.code] is None:
            continue
        try:
            value = parse_score(scores[component.code])
        except ValueError:
            raise Refused(
                _("Nilai %(name)s harus 0 sampai 100, paling banyak dua angka desimal.", name=component.name)
            ) from None
        if value != row.score(component.code):
            changed[component.code] = score_text(value)
    if not changed:
        raise Refused(_("Tidak ada nilai komponen yang berubah; koreksi tidak dibuat."))
    reason = _reason(reason, _("koreksi"))
    if open_correction(angkatan_id, user_id) is not None:
        raise Refused(_("Sudah ada usulan koreksi untuk peserta ini yang menunggu konfirmasi."))
    correction = Correction(
        angkatan_id=angkatan_id,
        user_id=user_id,
        base_version=row.version,
        scores=changed,
        reason=reason,
        proposed_by_id=actor_id,
    )
    db.session.add(correction)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Refused(_("Sudah ada usulan koreksi untuk peserta ini yang menunggu konfirmasi.")) from None
    audit.record(
        "kelulusan.correction.propose",
        "kelulusan_correction",
        correction.id,
        reason=reason,
        subject_user_id=user_id,
        actor_id=actor_id,
        angkatan_id=angkatan_id,
        base_version=row.version,
        old={code: row.scores.get(code) for code in changed},
        new=changed,
    )
    return correction


def may_decide(user: User, angkatan: Angkatan) -> bool:
    """Who may confirm or reject a correction: a coordinator of the angkatan's lembaga, or its head."""
    if user.role not in (Role.COORDINATOR.value, Role.HEAD.value):
        return False
    return (
        db.session.scalar(
            select(CoordinatorLembaga.user_id).where(
                CoordinatorLembaga.user_id == user.id, CoordinatorLembaga.lembaga_id == angkatan.lembaga_id
            )
        )
        is not None
    )


def _close(correction: Correction, state: str, actor_id: int, reason: str | None) -> None:
    """Move a proposed correction to `state`, once: of two people deciding at the same moment one does."""
    done = db.session.execute(
        update(Correction)
        .where(Correction.id == correction.id, Correction.state == "proposed")
        .values(state=state, decided_by_id=actor_id, decided_at=utcnow(), decision_reason=reason)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise Refused(_("Usulan koreksi ini sudah diputuskan atau ditarik; muat ulang halaman."))
    db.session.expire(correction)


def _second_person(correction: Correction, actor: User, angkatan: Angkatan) -> None:
    if correction.state != "proposed":
        raise Refused(_("Usulan koreksi ini sudah diputuskan atau ditarik; muat ulang halaman."))
    if actor.id == correction.proposed_by_id:
        raise Refused(_("Koreksi harus diputuskan orang kedua; pengusul tidak dapat memutuskan usulannya sendiri."))
    if not may_decide(actor, angkatan):
        raise Refused(_("Hanya penyelenggara lain di lembaga ini atau kepala lembaga yang dapat memutuskan koreksi."))


def confirm(correction: Correction, actor: User, angkatan: Angkatan) -> ResultRow:
    """The second person confirms: the participant's next version, composed by the sealed program's rule from the
    current scores with the proposed ones in their place. The old version stays."""
    _second_person(correction, actor, angkatan)
    result = sealed_result(correction.angkatan_id)
    base = current_row(correction.angkatan_id, correction.user_id)
    if base is None or base.version != correction.base_version:
        raise Refused(_("Hasil peserta ini sudah berubah sejak koreksi diusulkan; usulan tidak dapat dikonfirmasi."))
    proposed_by, proposal, reason = correction.proposed_by_id, dict(correction.scores), correction.reason
    _close(correction, "confirmed", actor.id, None)
    program = program_of_result(result)
    scores = {**base.scores, **proposal}
    new = verdict(program, scores, base.attendance_value)
    finals = {row.user_id: row.final for row, *_rest in db.session.execute(current_rows_query([base.angkatan_id]))}
    finals[base.user_id] = new.final
    row = ResultRow(
        angkatan_id=base.angkatan_id,
        user_id=base.user_id,
        version=base.version + 1,
        instansi_id=base.instansi_id,
        ndh=base.ndh,
        scores={code: score_text(score) for code, score in new.scores.items()},
        attendance=base.attendance,
        final=new.final,
        band=new.band.name if new.band else None,
        passes=new.passes,
        reasons=list(new.reasons),
        rank=ranks(finals).get(base.user_id),
        created_by_id=actor.id,
        correction_id=correction.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "kelulusan.correction.confirm",
        "kelulusan_correction",
        correction.id,
        reason=reason,
        subject_user_id=base.user_id,
        actor_id=actor.id,
        angkatan_id=base.angkatan_id,
        proposed_by=proposed_by,
        version=row.version,
        old={"version": base.version, "final": score_text(base.final), "band": base.band, "passes": base.passes},
        new={"version": row.version, "final": score_text(row.final), "band": row.band, "passes": row.passes},
        scores=proposal,
    )
    return row


def reject(correction: Correction, actor: User, angkatan: Angkatan, reason: str) -> None:
    _second_person(correction, actor, angkatan)
    reason = _reason(reason, _("penolakan"))
    _close(correction, "rejected", actor.id, reason)
    audit.record(
        "kelulusan.correction.reject",
        "kelulusan_correction",
        correction.id,
        reason=reason,
        subject_user_id=correction.user_id,
        actor_id=actor.id,
        angkatan_id=correction.angkatan_id,
    )


def withdraw(correction: Correction, actor: User) -> None:
    if correction.state != "proposed":
        raise Refused(_("Usulan koreksi ini sudah diputuskan atau ditarik; muat ulang halaman."))
    if actor.id != correction.proposed_by_id:
        raise Refused(_("Hanya pengusul yang dapat menarik usulan koreksi ini."))
    _close(correction, "withdrawn", actor.id, None)
    audit.record(
        "kelulusan.correction.withdraw",
        "kelulusan_correction",
        correction.id,
        subject_user_id=correction.user_id,
        actor_id=actor.id,
        angkatan_id=correction.angkatan_id,
    )
