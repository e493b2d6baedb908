"""The coordinator's seminar pages: an angkatan's seminars, scheduling and rescheduling one, placing and removing
participants, the result sheet with missing scores and disagreements, reopening a score, and the exports."""

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.export import to_xlsx
from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.core.pdf import Document
from lms.people.access import coordinator_required, get_angkatan_or_404
from lms.people.models import Enrolment
from lms.seminar import scheduling
from lms.seminar.access import get_managed_seminar_or_404
from lms.seminar.forms import AddParticipantForm, ReasonForm, ReopenForm, SessionForm
from lms.seminar.models import SCORER_ROLES, Seminar
from lms.seminar.scheduling import SeminarRefused, SessionInput
from lms.seminar.scoring import reopen_score
from lms.seminar.sheet import ROLE_LABELS, export_table, sheet_rows, sheet_title

bp = Blueprint("seminar", __name__, url_prefix="/seminar")


@bp.context_processor
def _labels() -> dict:
    return {"role_labels": ROLE_LABELS, "roles_text": lambda roles: ", ".join(ROLE_LABELS[r] for r in roles)}


def _examiner_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(User.id, User.name).where(User.role == Role.INSTRUCTOR.value, User.active.is_(True)).order_by(User.name)
    )
    return [(i, n) for i, n in rows]


@bp.get("/angkatan/<int:angkatan_id>")
@coordinator_required
def angkatan_seminars(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    seminars = db.session.scalars(
        select(Seminar).where(Seminar.angkatan_id == angkatan.id).order_by(Seminar.starts_at, Seminar.id)
    ).all()
    return render_template("seminar/angkatan.html", angkatan=angkatan, seminars=seminars)


def _session_page(angkatan, form, seminar=None, error=None, status=200):
    page = render_template("seminar/session_form.html", angkatan=angkatan, form=form, seminar=seminar, error=error)
    return page, status


def _input(form: SessionForm, tz_name: str) -> SessionInput:
    return SessionInput(
        form.aware(form.starts_at.data, tz_name),
        form.aware(form.ends_at.data, tz_name),
        form.room.data or "",
        form.link.data or "",
        form.examiner_id.data,
    )


@bp.route("/angkatan/<int:angkatan_id>/baru", methods=["GET", "POST"])
@coordinator_required
def new_seminar(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = SessionForm()
    form.examiner_id.choices = _examiner_choices()
    if request.method == "GET":
        return _session_page(angkatan, form)
    if not form.validate():
        return _session_page(angkatan, form, error=error_summary(form), status=422)
    try:
        seminar = scheduling.schedule(
            angkatan.id, form.kind.data, _input(form, angkatan.tz_name), actor_id=current_user.id
        )
    except SeminarRefused as refused:
        db.session.rollback()
        return _session_page(angkatan, form, error=refused.message, status=422)
    db.session.commit()
    flash(_("Seminar dijadwalkan. Tambahkan pesertanya."), "success")
    return redirect(url_for("seminar.manage", seminar_id=seminar.id))


@bp.route("/<int:seminar_id>/ubah", methods=["GET", "POST"])
@coordinator_required
def edit_seminar(seminar_id: int):
    seminar = get_managed_seminar_or_404(seminar_id)
    angkatan = seminar.angkatan
    form = SessionForm(kind=seminar.kind)
    form.examiner_id.choices = _examiner_choices()
    if request.method == "GET":
        zone = ZoneInfo(angkatan.tz_name)
        form.starts_at.data = seminar.starts_at.astimezone(zone).replace(tzinfo=None)
        form.ends_at.data = seminar.ends_at.astimezone(zone).replace(tzinfo=None)
        form.room.data, form.link.data, form.examiner_id.data = seminar.room, seminar.link, seminar.examiner_id
        return _session_page(angkatan, form, seminar)
    form.kind.data = seminar.kind  # the kind never changes: its rubric and plans depend on it
    if not form.validate():
        return _session_page(angkatan, form, seminar, error_summary(form), 422)
    try:
        scheduling.reschedule(seminar, _input(form, angkatan.tz_name), form.reason.data or "", actor_id=current_user.id)
    except SeminarRefused as refused:
        db.session.rollback()
        return _session_page(angkatan, form, get_managed_seminar_or_404(seminar_id), refused.message, 422)
    db.session.commit()
    flash(_("Jadwal seminar diubah."), "success")
    return redirect(url_for("seminar.manage", seminar_id=seminar.id))


def _manage_page(seminar: Seminar, add_form=None, error=None, status=200):
    add_form = add_form or AddParticipantForm(formdata=None)
    eligible = scheduling.eligible_enrolments(seminar)
    add_form.enrolment_id.choices = [(e.id, e.user.name) for e, why in eligible if not why]
    return (
        render_template(
            "seminar/manage.html",
            seminar=seminar,
            rows=sheet_rows(seminar),
            add_form=add_form,
            not_ready=[(e, why) for e, why in eligible if why],
            reason_form=ReasonForm(formdata=None),
            reopen_form=ReopenForm(formdata=None),
            error=error,
        ),
        status,
    )


@bp.get("/<int:seminar_id>")
@coordinator_required
def manage(seminar_id: int):
    return _manage_page(get_managed_seminar_or_404(seminar_id))


@bp.post("/<int:seminar_id>/peserta")
@coordinator_required
def add_participant(seminar_id: int):
    seminar = get_managed_seminar_or_404(seminar_id)
    form = AddParticipantForm()
    enrolment_id = request.form.get("enrolment_id", type=int)
    enrolment = db.session.get(Enrolment, enrolment_id) if enrolment_id else None
    if not form.validate() or enrolment is None:
        return _manage_page(seminar, error=error_summary(form) or _("Pilih peserta."), status=422)
    try:
        scheduling.add_participant(seminar, enrolment, actor_id=current_user.id)
    except SeminarRefused as refused:
        db.session.rollback()
        return _manage_page(get_managed_seminar_or_404(seminar_id), error=refused.message, status=422)
    db.session.commit()
    flash(_("%(name)s ditambahkan ke seminar.", name=enrolment.user.name), "success")
    return redirect(url_for("seminar.manage", seminar_id=seminar.id))


def _place_or_404(seminar: Seminar, enrolment_id: int):
    place = scheduling.place_of(seminar, enrolment_id)
    if place is None:
        abort(404)
    return place


@bp.post("/<int:seminar_id>/peserta/<int:enrolment_id>/hapus")
@coordinator_required
def remove_participant(seminar_id: int, enrolment_id: int):
    seminar = get_managed_seminar_or_404(seminar_id)
    place = _place_or_404(seminar, enrolment_id)
    form = ReasonForm()
    name = place.enrolment.user.name
    try:
        if not form.validate():
            raise SeminarRefused(error_summary(form))
        scheduling.remove_participant(seminar, place, form.reason.data, actor_id=current_user.id)
    except SeminarRefused as refused:
        db.session.rollback()
        return _manage_page(get_managed_seminar_or_404(seminar_id), error=refused.message, status=422)
    db.session.commit()
    flash(_("%(name)s dikeluarkan dari seminar.", name=name), "success")
    return redirect(url_for("seminar.manage", seminar_id=seminar.id))


@bp.post("/<int:seminar_id>/peserta/<int:enrolment_id>/buka")
@coordinator_required
def reopen(seminar_id: int, enrolment_id: int):
    seminar = get_managed_seminar_or_404(seminar_id)
    place = _place_or_404(seminar, enrolment_id)
    form = ReopenForm()
    if form.role.data not in SCORER_ROLES:
        abort(400)
    try:
        if not form.validate():
            raise SeminarRefused(error_summary(form))
        reopen_score(place, form.role.data, form.reason.data, actor_id=current_user.id)
    except SeminarRefused as refused:
        db.session.rollback()
        return _manage_page(get_managed_seminar_or_404(seminar_id), error=refused.message, status=422)
    db.session.commit()
    flash(_("Nilai dibuka kembali; penilai dapat mengubah dan mengirimnya lagi."), "success")
    return redirect(url_for("seminar.manage", seminar_id=seminar.id))


def _exported_or_400(seminar_id: int) -> Seminar:
    """Exports are POSTs with the CSRF token, as the other exports: no other site can make a browser download."""
    seminar = get_managed_seminar_or_404(seminar_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return seminar


def _filename(seminar: Seminar, extension: str) -> str:
    return f"hasil-seminar-{seminar.kind}-{seminar.id}.{extension}"


@bp.post("/<int:seminar_id>/hasil.xlsx")
@coordinator_required
def export_xlsx(seminar_id: int):
    seminar = _exported_or_400(seminar_id)
    header, rows = export_table(seminar)
    data = to_xlsx(f"Seminar {seminar.kind}", header, rows)
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_filename(seminar, "xlsx")}"'},
    )


@bp.post("/<int:seminar_id>/hasil.pdf")
@coordinator_required
def export_pdf(seminar_id: int):
    seminar = _exported_or_400(seminar_id)
    header, rows = export_table(seminar)
    title, *lines = sheet_title(seminar)
    document = Document(title, landscape=len(header) > 6)
    document.heading(title)
    for line in lines:
        document.line(line)
    document.space()
    document.table(header, rows)
    return Response(
        document.bytes(),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(seminar, "pdf")}"'},
    )
