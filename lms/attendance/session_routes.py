"""The coordinator's schedule pages: an angkatan's sessions (instructors read them), a session's form, deleting
one nobody attended, and the CSV import with its review step."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lms.attendance import schedule, session_import
from lms.attendance.access import get_session_or_404
from lms.attendance.forms import SessionForm, SessionImportForm
from lms.attendance.models import SessionImportBatch
from lms.attendance.routes import bp
from lms.auth.models import Role, User
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import (
    can_manage_people,
    coordinator_required,
    get_angkatan_or_404,
    get_own_batch_or_404,
    staff_required,
)
from lms.people.importer import decode_upload
from lms.phases.models import Phase


def _phase_choices():
    return [(p.id, p.name) for p in db.session.scalars(select(Phase).order_by(Phase.position))]


def default_phase_id(code: str | None = None) -> int | None:
    """The phase a new session or import starts with: the one asked for (?fase=klasikal, from the klasikal
    schedule), else PJJ."""
    found = db.session.scalar(select(Phase.id).where(Phase.code == code)) if code else None
    return found or db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))


def _widyaiswara_choices():
    rows = db.session.execute(
        select(User.id, User.name).where(User.role == Role.INSTRUCTOR.value, User.active.is_(True)).order_by(User.name)
    )
    return [(0, _("— belum ditentukan —"))] + [(i, n) for i, n in rows]


def _session_form(obj=None) -> SessionForm:
    form = SessionForm(obj=obj)
    form.phase_id.choices = _phase_choices()
    form.widyaiswara_id.choices = _widyaiswara_choices()
    return form


def _input(form: SessionForm) -> schedule.SessionInput:
    return schedule.SessionInput(
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        topic=form.topic.data or "",
        jp=form.jp.data,
        mode=form.mode.data,
        meeting_url=(form.meeting_url.data or "").strip(),
        agenda_number=form.agenda_number.data,
        widyaiswara_id=form.widyaiswara_id.data or None,
        room=(form.room.data or "").strip(),
    )


def _valid(form: SessionForm) -> schedule.SessionInput | None:
    """The typed session when every rule holds; otherwise None, the reasons on the form's fields."""
    if not form.validate_on_submit():
        return None
    data = _input(form)
    problems = schedule.session_problems(data)
    for name, problem in problems.items():
        getattr(form, name).errors.append(problem)
    return None if problems else data


@bp.get("/pjj/angkatan/<int:angkatan_id>/sesi")
@staff_required
def session_list(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    sessions = schedule.sessions_of_angkatan(angkatan.id)
    return render_template(
        "attendance/session_list.html",
        angkatan=angkatan,
        sessions=sessions,
        manage=can_manage_people(current_user),
        form=EmptyForm(),
    )


@bp.route("/pjj/angkatan/<int:angkatan_id>/sesi/baru", methods=["GET", "POST"])
@coordinator_required
def session_new(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = _session_form()
    if not form.is_submitted():
        form.phase_id.data = default_phase_id(request.args.get("fase"))
        if request.args.get("fase") == "klasikal":
            form.mode.data = "tatap_muka"
    if (data := _valid(form)) is not None:
        session = schedule.create_session(angkatan, form.phase_id.data, data)
        db.session.commit()
        flash(_("Sesi %(topic)s disimpan.", topic=session.topic), "success")
        return redirect(url_for("attendance.session_list", angkatan_id=angkatan.id))
    status = 400 if form.is_submitted() else 200
    return render_template("attendance/session_form.html", angkatan=angkatan, form=form, session=None), status


@bp.route("/pjj/sesi/<int:session_id>/ubah", methods=["GET", "POST"])
@coordinator_required
def session_edit(session_id: int):
    session = get_session_or_404(session_id, manage=True)
    form = _session_form(obj=schedule.input_from(session))
    if not form.is_submitted():
        form.phase_id.data = session.phase_id
        form.widyaiswara_id.data = session.widyaiswara_id or 0
    if (data := _valid(form)) is not None:
        session.phase_id = form.phase_id.data
        schedule.update_session(session, data)
        db.session.commit()
        flash(_("Sesi %(topic)s diubah.", topic=session.topic), "success")
        return redirect(url_for("attendance.session_list", angkatan_id=session.angkatan_id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "attendance/session_form.html", angkatan=session.angkatan, form=form, session=session
    ), status


@bp.post("/pjj/sesi/<int:session_id>/hapus")
@coordinator_required
def session_delete(session_id: int):
    session = get_session_or_404(session_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    angkatan_id = session.angkatan_id
    try:
        schedule.delete_session(session)
    except schedule.SessionHasAttendance:
        flash(_("Sesi ini sudah ada presensinya, jadi tidak bisa dihapus. Ubah jadwalnya bila perlu."), "error")
    else:
        db.session.commit()
        flash(_("Sesi dihapus."), "success")
    return redirect(url_for("attendance.session_list", angkatan_id=angkatan_id))


@bp.route("/pjj/angkatan/<int:angkatan_id>/sesi/impor", methods=["GET", "POST"])
@coordinator_required
def session_import_upload(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = SessionImportForm()
    form.phase_id.choices = _phase_choices()
    if not form.is_submitted():
        form.phase_id.data = default_phase_id(request.args.get("fase"))
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = decode_upload(upload.read())
        except UnicodeDecodeError:
            form.file.errors.append(_("Berkas bukan teks UTF-8. Di Excel pilih Simpan Sebagai 'CSV UTF-8'."))
        else:
            batch = SessionImportBatch(
                created_by_id=current_user.id,
                angkatan_id=angkatan.id,
                phase_id=form.phase_id.data,
                filename=(upload.filename or "jadwal.csv")[:255],
                content=text,
            )
            db.session.add(batch)
            db.session.commit()
            return redirect(url_for("attendance.session_import_review", batch_id=batch.id))
    return render_template(
        "attendance/import_upload.html",
        angkatan=angkatan,
        form=form,
        columns=session_import.COLUMNS,
        optional=session_import.OPTIONAL_COLUMNS,
    )


def _batch(batch_id: int) -> SessionImportBatch:
    batch = get_own_batch_or_404(SessionImportBatch, batch_id)
    get_angkatan_or_404(batch.angkatan_id, manage=True)  # the uploader may have lost the lembaga since
    return batch


@bp.get("/pjj/impor/<int:batch_id>")
@coordinator_required
def session_import_review(batch_id: int):
    batch = _batch(batch_id)
    angkatan = get_angkatan_or_404(batch.angkatan_id)
    plan = None if batch.applied_at else session_import.plan_sessions(batch.content, angkatan, batch.phase_id)
    return render_template("attendance/import_review.html", batch=batch, angkatan=angkatan, plan=plan, form=EmptyForm())


@bp.post("/pjj/impor/<int:batch_id>/terapkan")
@coordinator_required
def session_import_apply(batch_id: int):
    batch = _batch(batch_id)
    angkatan = get_angkatan_or_404(batch.angkatan_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if batch.applied_at is not None:
        flash(_("Berkas ini sudah diterapkan."), "info")
        return redirect(url_for("attendance.session_import_review", batch_id=batch.id))
    plan = session_import.plan_sessions(batch.content, angkatan, batch.phase_id)  # the database may have changed
    if not plan.can_apply:
        flash(_("Tidak ada yang ditulis: periksa daftar di bawah."), "error")
        return render_template(
            "attendance/import_review.html", batch=batch, angkatan=angkatan, plan=plan, form=EmptyForm()
        ), 400
    created = session_import.apply_sessions(plan, angkatan, batch.phase_id)
    batch.applied_at = utcnow()
    audit.record("session_import.apply", "session_import_batch", batch.id, created=len(created))
    db.session.commit()
    flash(ngettext("%(num)d sesi ditambahkan.", "%(num)d sesi ditambahkan.", len(created)), "success")
    return redirect(url_for("attendance.session_list", angkatan_id=angkatan.id))
