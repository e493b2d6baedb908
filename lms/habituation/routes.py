"""The participant's log pages (/habituasi): the log with its progress and JP, a new entry with evidence from the
phone's camera, an entry's page (edit until confirmed; a stale tab is refused with the typed text shown back), and
proposing a change of plan."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from lms.aktualisasi.models import Plan
from lms.core.extensions import db
from lms.core.files import FileRefused, size_text
from lms.core.photos import MAX_PDF_BYTES, MAX_PHOTO_BYTES, check_evidence
from lms.core.storage import get_storage
from lms.habituation import changes as plan_changes
from lms.habituation.access import (
    get_entry_or_404,
    get_evidence_or_404,
    get_log_access_or_404,
    log_readers_required,
    own_enrolment_or_404,
)
from lms.habituation.entries import (
    EntryInput,
    LogRefused,
    StaleEntry,
    approved_plan,
    create_entry,
    edit_entry,
    remove_evidence,
)
from lms.habituation.evidence import MAX_FILES
from lms.habituation.forms import ChangeForm, EntryForm, RemoveEvidenceForm
from lms.habituation.pages import entry_page, log_page, today_for
from lms.habituation.period import latest_workday, period_for
from lms.people.access import participant_required

bp = Blueprint("habituation", __name__, url_prefix="/habituasi")


@bp.get("/")
@participant_required
def my_log():
    enrolment = own_enrolment_or_404()
    return log_page(current_user, enrolment, own=True)


@bp.get("/peserta/<int:user_id>")
@log_readers_required
def participant_log(user_id: int):
    access = get_log_access_or_404(user_id)
    if access.actors == {"participant"}:
        return redirect(url_for("habituation.my_log"))
    return log_page(access.person, access.enrolment, own=False, actors=access.actors)


def _entry_form_page(form, plan: Plan, status: int = 200, error: str | None = None):
    return (
        render_template(
            "habituation/new_entry.html",
            form=form,
            plan=plan,
            error=error,
            max_photo=size_text(MAX_PHOTO_BYTES),
            max_pdf=size_text(MAX_PDF_BYTES),
            max_files=MAX_FILES,
        ),
        status,
    )


def _plan_or_redirect():
    plan = approved_plan(current_user.id)
    if plan is None:
        flash(_("Log habituasi dibuka setelah rancangan aktualisasi Anda disahkan."), "info")
    return plan


@bp.get("/entri/baru")
@participant_required
def new_entry():
    own_enrolment_or_404()
    plan = _plan_or_redirect()
    if plan is None:
        return redirect(url_for("habituation.my_log"))
    form = EntryForm(formdata=None)
    form.set_targets(plan.activities)
    form.target.data = request.args.get("kegiatan", "")
    form.day.data = latest_workday(today_for(current_user.enrolment))
    return _entry_form_page(form, plan)


def read_files(form) -> list:
    """The evidence files sent, checked by their bytes (FileRefused for the first that is not accepted)."""
    sent = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    if len(sent) > MAX_FILES:
        raise FileRefused(_("Paling banyak %(n)d berkas sekali kirim.", n=MAX_FILES))
    limit = max(MAX_PHOTO_BYTES, MAX_PDF_BYTES) + 1  # read one byte past: enough to refuse a larger file
    caption = (form.caption.data or "").strip()
    return [(check_evidence(f.filename, f.stream.read(limit)), caption) for f in sent]


def entry_input(form) -> EntryInput:
    activity_id, step = form.target_parts()
    return EntryInput(
        activity_id, step, form.day.data, form.done.data or "", form.value_texts(), form.obstacles.data or ""
    )


@bp.post("/entri/baru")
@participant_required
def create():
    enrolment = own_enrolment_or_404()
    plan = _plan_or_redirect()
    if plan is None:
        return redirect(url_for("habituation.my_log"))
    form = EntryForm()
    form.set_targets(plan.activities)
    if not form.validate():
        return _entry_form_page(form, plan, 422)
    try:
        files = read_files(form)
        entry = create_entry(
            current_user.id, entry_input(form), period_for(enrolment.angkatan_id), today_for(enrolment), files
        )
    except (LogRefused, FileRefused) as refused:
        db.session.rollback()
        return _entry_form_page(form, plan, 422, refused.message)
    db.session.commit()
    flash(_("Entri tersimpan dan menunggu konfirmasi mentor."), "success")
    return redirect(url_for("habituation.entry", entry_id=entry.id))


@bp.get("/entri/<int:entry_id>")
@log_readers_required
def entry(entry_id: int):
    found, access = get_entry_or_404(entry_id)
    return entry_page(found, access)


@bp.post("/entri/<int:entry_id>/ubah")
@participant_required
def edit(entry_id: int):
    found, access = get_entry_or_404(entry_id, actor="participant")
    plan = approved_plan(found.user_id)
    form = EntryForm()
    form.set_targets(plan.activities if plan else [])
    if not form.validate():
        return entry_page(found, access, form=form, status=422)
    try:
        files = read_files(form)
        edit_entry(
            found,
            entry_input(form),
            form.revision.data or 0,
            period_for(access.enrolment.angkatan_id),
            today_for(access.enrolment),
            files,
        )
    except (LogRefused, FileRefused) as refused:
        db.session.rollback()
        return entry_page(db.session.get(type(found), entry_id), access, form=form, status=422, error=refused.message)
    except StaleEntry as stale:
        db.session.rollback()
        # The typed text stays in the form; saving again (knowingly) replaces the stored entry.
        form.revision.data, form.revision.raw_data = stale.entry.revision, [str(stale.entry.revision)]
        return entry_page(db.session.get(type(found), entry_id), access, form=form, status=409, conflict=True)
    db.session.commit()
    flash(_("Perubahan entri tersimpan."), "success")
    return redirect(url_for("habituation.entry", entry_id=entry_id))


@bp.post("/entri/<int:entry_id>/bukti/<int:evidence_id>/hapus")
@participant_required
def remove_evidence_file(entry_id: int, evidence_id: int):
    found, _access = get_entry_or_404(entry_id, actor="participant")
    form = RemoveEvidenceForm()
    if not form.validate():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return redirect(url_for("habituation.entry", entry_id=entry_id))
    try:
        key = remove_evidence(found, evidence_id, form.revision.data)
    except LookupError:
        db.session.rollback()
        abort(404)
    except LogRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("habituation.entry", entry_id=entry_id))
    except StaleEntry:
        db.session.rollback()
        flash(
            _("Entri ini baru saja diubah di tab atau perangkat lain; periksa dulu, lalu hapus lagi bila perlu."),
            "error",
        )
        return redirect(url_for("habituation.entry", entry_id=entry_id))
    db.session.commit()
    get_storage().delete(key)  # after the commit: a rolled-back removal keeps its file
    flash(_("Bukti dihapus; entri menunggu konfirmasi mentor lagi."), "success")
    return redirect(url_for("habituation.entry", entry_id=entry_id))


@bp.get("/bukti/<int:evidence_id>")
@log_readers_required
def evidence(evidence_id: int):
    found = get_evidence_or_404(evidence_id)
    data = get_storage().read(found.key)
    inline = found.content_type.startswith("image/")
    response = Response(data, mimetype=found.content_type)
    # A re-encoded photo may show in the page; a PDF is always a download, never rendered as a page of this site.
    disposition = "inline" if inline else "attachment"
    extension = "jpg" if inline else "pdf"
    response.headers["Content-Disposition"] = f'{disposition}; filename="bukti-{found.id}.{extension}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/perubahan/<int:activity_id>", methods=["GET", "POST"])
@participant_required
def propose_change(activity_id: int):
    own_enrolment_or_404()
    plan = approved_plan(current_user.id)
    activity = next((a for a in plan.activities if a.id == activity_id), None) if plan else None
    if activity is None:
        abort(404)
    form = ChangeForm() if request.method == "POST" else ChangeForm(formdata=None)
    error = None
    if request.method == "GET":
        form.title.data, form.steps.data, form.output.data = activity.title, "\n".join(activity.steps), activity.output
        form.start_day.data, form.end_day.data = activity.start_day, activity.end_day
    elif form.validate():
        try:
            plan_changes.propose(current_user.id, activity_id, form.fields(), form.reason.data)
        except LogRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            db.session.commit()
            flash(_("Usulan perubahan terkirim; berlaku setelah coach dan mentor sama-sama setuju."), "success")
            return redirect(url_for("habituation.my_log", _anchor="perubahan"))
    status = 200 if request.method == "GET" else 422
    return render_template("habituation/change.html", form=form, activity=activity, error=error), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    message = _(
        "Kiriman terlalu besar (paling besar %(max)s sekaligus). Kirim foto satu per satu atau perkecil ukurannya.",
        max=size_text(request.max_content_length or 0),
    )
    return render_template("habituation/too_large.html", message=message), 413
