"""A scorer's score of one participant on one instrument: drafts as often as wanted, one submission that locks it,
then only a correction with a reason by the same scorer, until the angkatan's results are sealed. The score comes
only from lms.core.rubric.rubric_score; a forged level, a score or any field the form does not have is refused and
nothing is saved; every change is audited."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import Rubric, RubricError, rubric_score
from lms.sikap.access import Sheet
from lms.sikap.hooks import results_sealed
from lms.sikap.models import SikapScore

MAX_NOTES = 2000
MIN_REASON = 5
ACTIONS = ("draf", "kirim", "koreksi")
# The fields the sheet's form sends; anything else (a "score", a "role", a "scorer_id") is a forged request.
FORM_FIELDS = {"csrf_token", "action", "notes", "reason", "revision"}
LEVEL_PREFIX = "kriteria-"


class SikapRefused(Exception):
    """A save that cannot be done; `message` is for the scorer, `conflict` when another tab or person got there
    first (409)."""

    def __init__(self, message: str, *, conflict: bool = False):
        super().__init__(message)
        self.message = message
        self.conflict = conflict


@dataclass(frozen=True)
class ScoreInput:
    chosen: dict[int, str]  # criterion index -> the points the form sent
    notes: str
    action: str  # draf, kirim or koreksi
    revision: int  # the revision the page showed (0: no score yet)
    reason: str = ""


def read_form(values) -> ScoreInput:
    """The sheet's form as sent, refused when it holds anything the form does not (a forged score, a level of a
    criterion that does not exist, a second value for one field)."""
    chosen: dict[int, str] = {}
    for name in values:
        if len(values.getlist(name)) != 1:
            raise SikapRefused(_("Isian penilaian tidak sah: satu nilai untuk setiap isian."))
        if name.startswith(LEVEL_PREFIX):
            index = name.removeprefix(LEVEL_PREFIX)
            if not index.isdigit():
                raise SikapRefused(_("Isian penilaian tidak sah."))
            if values[name] != "":
                chosen[int(index)] = values[name]
        elif name not in FORM_FIELDS:
            raise SikapRefused(
                _("Nilai dihitung dari level rubrik; isian lain tidak diterima. Tidak ada yang disimpan.")
            )
    action = values.get("action", "")
    if action not in ACTIONS:
        raise SikapRefused(_("Pilih Simpan draf, Kirim, atau Simpan koreksi."))
    revision = values.get("revision", "")
    if not revision.isdigit():
        raise SikapRefused(_("Halaman ini tidak lengkap; muat ulang lalu coba lagi."))
    return ScoreInput(chosen, values.get("notes", ""), action, int(revision), values.get("reason", ""))


def checked_levels(rubric: Rubric, chosen: dict[int, str]) -> dict[str, str]:
    """The chosen levels, each one of its criterion's (a forged value is refused, never clipped or kept)."""
    levels = {}
    for index, value in sorted(chosen.items()):
        if not 0 <= index < len(rubric.criteria):
            raise SikapRefused(_("Ada nilai untuk kriteria yang tidak ada di rubrik. Tidak ada yang disimpan."))
        criterion = rubric.criteria[index]
        try:
            points = Decimal(value)
        except InvalidOperation:
            points = None
        if points is None or not points.is_finite() or all(level.points != points for level in criterion.levels):
            raise SikapRefused(
                _(
                    "'%(value)s' bukan level kriteria '%(name)s'. Tidak ada yang disimpan.",
                    value=value[:20],
                    name=criterion.name,
                )
            )
        levels[str(index)] = format(points.normalize(), "f")
    return levels


def sealed_message() -> str:
    return _("Hasil angkatan ini sudah disahkan dan disegel: nilai sikap tidak dapat diubah lagi di sini.")


def locked_message() -> str:
    return _(
        "Nilai ini sudah dikirim dan terkunci (mungkin dari tab atau perangkat lain). Ubah dengan koreksi beralasan."
    )


def stale_message() -> str:
    return _("Penilaian ini berubah sejak halaman dibuka (tab atau perangkat lain). Periksa nilai tersimpan di bawah.")


def score_of(sheet: Sheet, scorer_id: int, *, lock: bool = False) -> SikapScore | None:
    """The current user's score of this participant and instrument (locked for the change, when asked)."""
    query = select(SikapScore).where(
        SikapScore.user_id == sheet.participant.id,
        SikapScore.angkatan_id == sheet.angkatan.id,
        SikapScore.instrument == sheet.instrument.code,
        SikapScore.role == sheet.role,
        SikapScore.scorer_id == scorer_id,
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def _score(rubric: Rubric, levels: dict[str, str], required: bool) -> Decimal | None:
    if not required and len(levels) < len(rubric.criteria):
        return None
    try:
        return rubric_score(rubric, {int(i): p for i, p in levels.items()})
    except RubricError as error:
        raise SikapRefused(error.message) from None


def save(sheet: Sheet, scorer_id: int, given: ScoreInput) -> SikapScore:
    """Save a draft, submit, or correct a submitted score (the caller commits); SikapRefused with the reason
    otherwise, and nothing changed."""
    if results_sealed(sheet.angkatan.id):
        raise SikapRefused(sealed_message(), conflict=True)
    rubric = sheet.instrument.rubric
    notes = (given.notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise SikapRefused(_("Catatan paling banyak %(n)d karakter.", n=MAX_NOTES))
    levels = checked_levels(rubric, given.chosen)
    score = _score(rubric, levels, required=given.action != "draf")
    existing = score_of(sheet, scorer_id, lock=True)
    if (existing.revision if existing else 0) != given.revision:
        raise SikapRefused(stale_message(), conflict=True)
    submitted = existing is not None and existing.submitted_at is not None
    if given.action == "koreksi":
        return _correct(sheet, existing, levels, score, notes, given.reason) if submitted else _refuse_correction()
    if submitted:
        raise SikapRefused(locked_message(), conflict=True)
    row = existing or SikapScore(
        user_id=sheet.participant.id,
        angkatan_id=sheet.angkatan.id,
        instrument=sheet.instrument.code,
        role=sheet.role,
        scorer_id=scorer_id,
        revision=0,
    )
    if existing is None:
        db.session.add(row)
    row.version_id, row.levels, row.score, row.notes = sheet.version_id, levels, score, notes
    row.revision, row.updated_at = row.revision + 1, utcnow()
    if given.action == "kirim":
        row.submitted_at = row.updated_at
    try:
        db.session.flush()
    except IntegrityError:  # the same scorer's other tab inserted it first
        db.session.rollback()
        raise SikapRefused(stale_message(), conflict=True) from None
    audit.record(
        "sikap.submit" if given.action == "kirim" else "sikap.draft",
        "sikap_score",
        row.id,
        subject_user_id=sheet.participant.id,
        actor_id=scorer_id,
        instrument=sheet.instrument.code,
        role=sheet.role,
        score=str(score) if score is not None else None,
        levels=levels,
    )
    return row


def _refuse_correction():
    raise SikapRefused(_("Nilai ini belum dikirim; simpan draf atau kirim."))


def _correct(sheet: Sheet, row: SikapScore, levels, score, notes: str, reason: str) -> SikapScore:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise SikapRefused(_("Tulis alasan koreksi (sedikitnya %(n)d karakter).", n=MIN_REASON))
    if len(reason) > MAX_NOTES:
        raise SikapRefused(_("Alasan paling banyak %(n)d karakter.", n=MAX_NOTES))
    if levels == row.levels and notes == row.notes:
        raise SikapRefused(_("Tidak ada yang berubah: pilih level atau ubah catatan yang dikoreksi."))
    old_levels, old_score = row.levels, row.score
    row.version_id, row.levels, row.score, row.notes = sheet.version_id, levels, score, notes
    row.revision, row.updated_at = row.revision + 1, utcnow()
    db.session.flush()
    audit.record(
        "sikap.correct",
        "sikap_score",
        row.id,
        reason=reason,
        subject_user_id=sheet.participant.id,
        actor_id=row.scorer_id,
        instrument=sheet.instrument.code,
        role=sheet.role,
        old_score=str(old_score),
        score=str(score),
        old_levels=old_levels,
        levels=levels,
    )
    return row
