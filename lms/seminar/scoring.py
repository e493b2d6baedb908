"""A scorer's rubric score of one participant: drafts saved as often as wanted, one submission that locks it,
and the coordinator's reopen with a reason. The score comes only from lms.core.rubric.rubric_score; every
change is audited; a submission by the penguji of a seminar rancangan moves the plan to 'scored'."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.transitions import transition
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import Rubric, RubricError, rubric_score
from lms.seminar.ledger_values import record_score
from lms.seminar.models import SeminarPlace, SeminarScore
from lms.seminar.scheduling import MIN_REASON, SeminarRefused

MAX_NOTES = 5000


@dataclass(frozen=True)
class ScoreInput:
    chosen: dict[int, str]  # criterion index -> chosen points, as the form sent them
    notes: str
    submit: bool  # False: a draft


def chosen_levels(form_values) -> dict[int, str]:
    """The form's `kriteria-<i>` values by criterion index (empty ones left out); forged names refused."""
    chosen = {}
    for name, value in form_values.items():
        if name.startswith("kriteria-"):
            try:
                index = int(name.removeprefix("kriteria-"))
            except ValueError:
                raise SeminarRefused(_("Isian penilaian tidak sah.")) from None
            if value != "":
                chosen[index] = value
    return chosen


def checked_levels(rubric: Rubric, chosen: dict[int, str]) -> dict[str, str]:
    """A draft's levels, each one of its criterion's (a forged value is refused, never clipped or kept)."""
    levels = {}
    for index, value in chosen.items():
        if not 0 <= index < len(rubric.criteria):
            raise SeminarRefused(_("Ada nilai untuk kriteria yang tidak ada di rubrik."))
        criterion = rubric.criteria[index]
        try:
            points = Decimal(str(value))
        except InvalidOperation:
            raise SeminarRefused(_("Level kriteria '%(name)s' tidak sah.", name=criterion.name)) from None
        if all(level.points != points for level in criterion.levels):
            raise SeminarRefused(
                _("Poin %(points)s bukan level kriteria '%(name)s'.", points=value, name=criterion.name)
            )
        levels[str(index)] = format(points.normalize(), "f")
    return levels


def _locked_score(place: SeminarPlace, role: str) -> SeminarScore | None:
    return db.session.scalar(
        select(SeminarScore)
        .where(SeminarScore.place_id == place.id, SeminarScore.role == role)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def locked_message() -> str:
    return _(
        "Nilai ini sudah dikirim dan terkunci (mungkin dari tab atau perangkat lain). "
        "Perubahan hanya lewat penyelenggara, dengan alasan."
    )


def save_score(place: SeminarPlace, role: str, scorer_id: int, given: ScoreInput) -> SeminarScore:
    """Save a draft or submit (the caller commits); SeminarRefused with the message otherwise, nothing changed."""
    seminar = place.seminar
    rubric = Rubric.from_dict(seminar.rubric)
    notes = (given.notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise SeminarRefused(_("Catatan paling banyak %(n)d karakter.", n=MAX_NOTES))
    levels = checked_levels(rubric, given.chosen)
    score = None
    if given.submit or len(levels) == len(rubric.criteria):
        try:
            score = rubric_score(rubric, {int(i): p for i, p in levels.items()})
        except RubricError as error:
            raise SeminarRefused(error.message) from None
    existing = _locked_score(place, role)
    if existing is not None and existing.submitted_at is not None:
        raise SeminarRefused(locked_message(), conflict=True)
    if existing is None:
        existing = SeminarScore(place_id=place.id, role=role)
        db.session.add(existing)
    existing.scorer_id, existing.levels, existing.score, existing.notes = scorer_id, levels, score, notes
    existing.updated_at = utcnow()
    if given.submit:
        existing.submitted_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:  # the same scorer's other tab inserted it first
        db.session.rollback()
        message = _("Nilai ini baru saja disimpan dari tab lain. Muat ulang halaman.")
        raise SeminarRefused(message, conflict=True) from None
    audit.record(
        "seminar.submit" if given.submit else "seminar.draft",
        "seminar",
        seminar.id,
        subject_user_id=place.enrolment.user_id,
        actor_id=scorer_id,
        role=role,
        score=str(score) if score is not None else None,
        levels=levels,
    )
    if given.submit:
        record_score("seminar.submit", existing, place.enrolment.user_id, scorer_id)
    if given.submit and role == "penguji" and seminar.kind == "rancangan":
        plan = plan_of(place.enrolment.user_id)
        if plan is not None and plan.state == "seminar_scheduled":
            transition(plan, "score", {"penguji"}, actor_id=scorer_id, role="penguji")
    db.session.flush()
    return existing


def reopen_score(place: SeminarPlace, role: str, reason: str, *, actor_id: int) -> SeminarScore:
    """The coordinator unlocks a submitted score so its scorer can change it (reason and old score audited)."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise SeminarRefused(_("Tulis alasan membuka kembali nilai (sedikitnya %(n)d karakter).", n=MIN_REASON))
    existing = _locked_score(place, role)
    if existing is None or existing.submitted_at is None:
        raise SeminarRefused(_("Nilai itu belum dikirim; tidak ada yang perlu dibuka."))
    existing.submitted_at = None
    audit.record(
        "seminar.reopen",
        "seminar",
        place.seminar_id,
        reason=reason,
        subject_user_id=place.enrolment.user_id,
        actor_id=actor_id,
        role=role,
        old_score=str(existing.score),
    )
    record_score("seminar.reopen", existing, place.enrolment.user_id, actor_id)
    db.session.flush()
    return existing
