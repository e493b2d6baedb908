"""People management pages for coordinators and admins (instructors may read their angkatan)."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.accounts import issue_reset
from lms.auth.models import Role, User
from lms.core import audit
from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm, ReasonForm, error_summary
from lms.people import importer, operations
from lms.people.access import (
    coordinator_required,
    get_angkatan_or_404,
    get_participant_or_404,
    staff_required,
    visible_angkatan_clause,
    visible_instansi_clause,
)
from lms.people.forms import (
    AngkatanForm,
    AssignInstructorForm,
    GroupForm,
    ImportForm,
    MoveForm,
    TutorGroupForm,
    schedule_form,
)
from lms.people.models import (
    Angkatan,
    AngkatanInstructor,
    Enrolment,
    ImportBatch,
    Instansi,
    TutorGroup,
)
from lms.phases.models import Phase

bp = Blueprint("people", __name__, url_prefix="/orang")


def _instansi_choices():
    rows = db.session.execute(
        select(Instansi.id, Instansi.name).where(visible_instansi_clause(current_user)).order_by(Instansi.name)
    )
    return [(i, n) for i, n in rows]


def _instructor_choices(with_none=False):
    rows = db.session.execute(
        select(User.id, User.name).where(User.role == Role.INSTRUCTOR.value, User.active.is_(True)).order_by(User.name)
    )
    choices = [(i, n) for i, n in rows]
    return [(0, _("— tanpa tutor —"))] + choices if with_none else choices


def _scope_instansi_ids() -> set[int] | None:
    if current_user.is_admin:
        return None
    return {i for i, _n in _instansi_choices()}


@bp.get("/angkatan")
@staff_required
def angkatan_list():
    counts = select(Enrolment.angkatan_id, func.count().label("n")).group_by(Enrolment.angkatan_id).subquery()
    rows = db.session.execute(
        select(Angkatan, Instansi.name, func.coalesce(counts.c.n, 0))
        .join(Instansi)
        .outerjoin(counts, counts.c.angkatan_id == Angkatan.id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Instansi.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    form = None
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        form = AngkatanForm()
        form.instansi_id.choices = _instansi_choices()
    return render_template("people/angkatan_list.html", rows=rows, form=form)


@bp.post("/angkatan")
@coordinator_required
def angkatan_create():
    form = AngkatanForm()
    form.instansi_id.choices = _instansi_choices()
    if form.validate_on_submit():
        try:
            angkatan = operations.create_angkatan(
                form.instansi_id.data,
                form.number.data,
                form.year.data,
                form.name.data.strip() or None,
                form.capacity.data,
                form.timezone.data,
            )
        except operations.PeopleError as error:
            form.number.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(name)s sudah dibuat. Tetapkan jadwal fasenya.", name=angkatan.name), "success")
            return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))
    return render_template("people/angkatan_list.html", rows=[], form=form, show_form_only=True), 400


@bp.get("/angkatan/<int:angkatan_id>")
@staff_required
def angkatan_detail(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    phases = list(db.session.scalars(select(Phase).order_by(Phase.position)))
    participants = db.session.execute(
        select(User, Enrolment)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.angkatan_id == angkatan.id)
        .order_by(User.name)
    ).all()
    instructors = list(
        db.session.scalars(
            select(User)
            .join(AngkatanInstructor, AngkatanInstructor.user_id == User.id)
            .where(AngkatanInstructor.angkatan_id == angkatan.id)
            .order_by(User.name)
        )
    )
    context = dict(
        angkatan=angkatan,
        phases=phases,
        participants=participants,
        instructors=instructors,
        groups={g.id: g for g in angkatan.tutor_groups},
        schedule={s.phase_id: s for s in angkatan.schedule},
    )
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        group_form = TutorGroupForm()
        group_form.tutor_id.choices = _instructor_choices(with_none=True)
        assign_form = AssignInstructorForm()
        assign_form.user_id.choices = _instructor_choices()
        context.update(
            schedule_form=schedule_form(phases, angkatan),
            group_form=group_form,
            assign_form=assign_form,
            empty_form=EmptyForm(),
        )
    return render_template("people/angkatan_detail.html", **context)


@bp.post("/angkatan/<int:angkatan_id>/jadwal")
@coordinator_required
def angkatan_schedule(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    phases = list(db.session.scalars(select(Phase).order_by(Phase.position)))
    form = schedule_form(phases, angkatan, formdata=request.form)
    if form.validate_on_submit():
        operations.set_schedule(
            angkatan, {p.id: (form[f"opens_{p.id}"].data, form[f"closes_{p.id}"].data) for p in phases}
        )
        db.session.commit()
        flash(_("Jadwal fase sudah disimpan."), "success")
        return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))
    flash(_("Jadwal belum disimpan: periksa tanggal yang ditandai."), "error")
    return render_template("people/schedule_form.html", angkatan=angkatan, form=form, phases=phases), 400


@bp.post("/angkatan/<int:angkatan_id>/kelompok")
@coordinator_required
def tutor_group_create(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = TutorGroupForm()
    form.tutor_id.choices = _instructor_choices(with_none=True)
    if form.validate_on_submit():
        try:
            operations.add_tutor_group(angkatan, form.name.data.strip(), form.tutor_id.data or None)
        except operations.PeopleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Kelompok tutor sudah ditambahkan."), "success")
    else:
        flash(error_summary(form), "error")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))


@bp.post("/angkatan/<int:angkatan_id>/kelompok/<int:group_id>/tutor")
@coordinator_required
def tutor_group_tutor(angkatan_id: int, group_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    group = db.session.get(TutorGroup, group_id)
    if group is None or group.angkatan_id != angkatan.id:
        abort(404)
    form = TutorGroupForm(name=group.name)
    form.tutor_id.choices = _instructor_choices(with_none=True)
    if form.validate_on_submit():
        operations.set_group_tutor(group, form.tutor_id.data or None)
        db.session.commit()
        flash(_("Tutor kelompok sudah disimpan."), "success")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))


@bp.post("/angkatan/<int:angkatan_id>/pengajar")
@coordinator_required
def instructor_assign(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = AssignInstructorForm()
    form.user_id.choices = _instructor_choices()
    if form.validate_on_submit():
        operations.assign_instructor(angkatan, form.user_id.data)
        db.session.commit()
        flash(_("Pengajar sudah ditugaskan."), "success")
    else:
        flash(_("Pilih pengajar dari daftar."), "error")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))


@bp.post("/angkatan/<int:angkatan_id>/pengajar/<int:user_id>/hapus")
@coordinator_required
def instructor_unassign(angkatan_id: int, user_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    if EmptyForm().validate_on_submit():
        operations.unassign_instructor(angkatan, user_id)
        db.session.commit()
        flash(_("Penugasan pengajar sudah dicabut."), "success")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))


@bp.get("/peserta/<int:user_id>")
@staff_required
def participant_detail(user_id: int):
    user = get_participant_or_404(user_id)
    entries = list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.subject_user_id == user.id).order_by(AuditEntry.at.desc()).limit(50)
        )
    )
    from lms.quiz.completion import requirement_results
    from lms.quiz.staff_routes import exception_form, exception_phase_choices

    results = [(name, requirement_results(user.id, phase_id)) for phase_id, name in exception_phase_choices()]
    context = dict(person=user, enrolment=user.enrolment, entries=entries, quiz_results=results)
    if current_user.has_role(Role.COORDINATOR, Role.ADMIN):
        move_form = MoveForm()
        move_form.angkatan_id.choices = [
            (a.id, f"{a.name} — {a.instansi.name}")
            for a in db.session.scalars(
                select(Angkatan)
                .where(visible_angkatan_clause(current_user), Angkatan.id != user.enrolment.angkatan_id)
                .order_by(Angkatan.year.desc(), Angkatan.number)
            )
        ]
        group_form = GroupForm(tutor_group_id=user.enrolment.tutor_group_id or 0)
        group_form.tutor_group_id.choices = [(0, _("— belum ada —"))] + [
            (g.id, g.name) for g in user.enrolment.angkatan.tutor_groups
        ]
        context.update(
            move_form=move_form,
            group_form=group_form,
            reason_form=ReasonForm(),
            empty_form=EmptyForm(),
            exception_form=exception_form(),
        )
    return render_template("people/participant_detail.html", **context)


@bp.post("/peserta/<int:user_id>/pindah")
@coordinator_required
def participant_move(user_id: int):
    user = get_participant_or_404(user_id, manage=True)
    form = MoveForm()
    form.angkatan_id.choices = [
        (a.id, a.name) for a in db.session.scalars(select(Angkatan).where(visible_angkatan_clause(current_user)))
    ]
    if form.validate_on_submit():
        target = get_angkatan_or_404(form.angkatan_id.data, manage=True)
        try:
            operations.move_participant(user.enrolment, target, form.reason.data)
        except operations.PeopleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s sudah dipindahkan ke %(target)s.", name=user.name, target=target.name), "success")
    else:
        flash(error_summary(form), "error")
    return redirect(url_for("people.participant_detail", user_id=user.id))


@bp.post("/peserta/<int:user_id>/kelompok")
@coordinator_required
def participant_group(user_id: int):
    user = get_participant_or_404(user_id, manage=True)
    form = GroupForm()
    form.tutor_group_id.choices = [(0, "")] + [(g.id, g.name) for g in user.enrolment.angkatan.tutor_groups]
    if form.validate_on_submit():
        group = db.session.get(TutorGroup, form.tutor_group_id.data) if form.tutor_group_id.data else None
        operations.set_tutor_group(user.enrolment, group)
        db.session.commit()
        flash(_("Kelompok tutor sudah disimpan."), "success")
    return redirect(url_for("people.participant_detail", user_id=user.id))


@bp.post("/peserta/<int:user_id>/status")
@coordinator_required
def participant_status(user_id: int):
    user = get_participant_or_404(user_id, manage=True)
    form = ReasonForm()
    if form.validate_on_submit():
        activate = request.form.get("active") == "1"
        operations.set_active(user, activate, form.reason.data)
        db.session.commit()
        flash(
            _("Akun sudah diaktifkan.") if activate else _("Akun sudah dinonaktifkan dan semua sesinya diakhiri."),
            "success",
        )
    return redirect(url_for("people.participant_detail", user_id=user.id))


@bp.post("/peserta/<int:user_id>/atur-ulang")
@coordinator_required
def participant_reset(user_id: int):
    user = get_participant_or_404(user_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = issue_reset(user, current_user)
    audit.record("password.reset_issued", "user", user.id, subject_user_id=user.id)
    db.session.commit()
    link = url_for("auth.reset_password", token=token, _external=True)
    response = Response(render_template("people/reset_link.html", person=user, link=link))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/impor", methods=["GET", "POST"])
@coordinator_required
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = importer.decode_upload(upload.read())
        except UnicodeDecodeError:
            form.file.errors.append(_("Berkas bukan teks UTF-8. Di Excel pilih Simpan Sebagai 'CSV UTF-8'."))
        else:
            batch = ImportBatch(
                created_by_id=current_user.id, filename=(upload.filename or "peserta.csv")[:255], content=text
            )
            db.session.add(batch)
            db.session.commit()
            return redirect(url_for("people.import_review", batch_id=batch.id))
    return render_template("people/import_upload.html", form=form, columns=importer.COLUMNS)


def _own_batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.created_by_id != current_user.id:
        abort(404)
    return batch


@bp.get("/impor/<int:batch_id>")
@coordinator_required
def import_review(batch_id: int):
    batch = _own_batch(batch_id)
    plan = importer.plan_import(batch.content, _scope_instansi_ids()) if batch.applied_at is None else None
    return render_template("people/import_review.html", batch=batch, plan=plan, form=EmptyForm())


@bp.post("/impor/<int:batch_id>/terapkan")
@coordinator_required
def import_apply(batch_id: int):
    batch = _own_batch(batch_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if batch.applied_at is not None:
        flash(_("Berkas ini sudah diterapkan."), "info")
        return redirect(url_for("people.import_review", batch_id=batch.id))
    plan = importer.plan_import(batch.content, _scope_instansi_ids())  # again: the database may have changed
    if not plan.can_apply:
        flash(_("Tidak ada yang ditulis: periksa daftar di bawah."), "error")
        return render_template("people/import_review.html", batch=batch, plan=plan, form=EmptyForm()), 400
    created = importer.apply_plan(plan, current_user.id)
    batch.applied_at = utcnow()
    batch.credentials_csv = importer.credentials_csv(created)
    audit.record("import.apply", "import_batch", batch.id, created=len(created), filename=batch.filename)
    db.session.commit()
    flash(
        ngettext(
            "%(n)d peserta baru sudah didaftarkan. Unduh kata sandi awal mereka sekarang: hanya bisa sekali.",
            "%(n)d peserta baru sudah didaftarkan. Unduh kata sandi awal mereka sekarang: hanya bisa sekali.",
            len(created),
            n=len(created),
        ),
        "success",
    )
    return redirect(url_for("people.import_review", batch_id=batch.id))


@bp.post("/impor/<int:batch_id>/kata-sandi")
@coordinator_required
def import_credentials(batch_id: int):
    batch = _own_batch(batch_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if batch.credentials_csv is None:
        flash(
            _("Kata sandi awal sudah pernah diunduh dan tidak disimpan lagi. Terbitkan tautan atur ulang bila perlu."),
            "error",
        )
        return redirect(url_for("people.import_review", batch_id=batch.id))
    data = batch.credentials_csv
    batch.credentials_csv = None  # handed out once, never shown again
    batch.credentials_downloaded_at = utcnow()
    audit.record("import.credentials_download", "import_batch", batch.id)
    db.session.commit()
    return Response(
        "\ufeff" + data,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=kata-sandi-awal-{batch.id}.csv",
            "Cache-Control": "no-store",
        },
    )
