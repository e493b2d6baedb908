"""People management pages for coordinators and admins (instructors may read their angkatan): the people
blueprint, and its angkatan pages (list, detail, tutor groups, instructors, committee). The participant record is in
record_routes.py, the participant import in import_routes.py."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.people import operations
from lms.people.access import (
    can_manage_people,
    coordinator_required,
    get_angkatan_or_404,
    staff_required,
    visible_angkatan_clause,
    visible_lembaga_clause,
)
from lms.people.forms import AngkatanForm, AssignCommitteeForm, AssignInstructorForm, TutorGroupForm
from lms.people.models import (
    Angkatan,
    AngkatanCommittee,
    AngkatanInstructor,
    Enrolment,
    Instansi,
    Lembaga,
    TutorGroup,
)
from lms.people.record import ANGKATAN_SECTIONS, rendered_sections

bp = Blueprint("people", __name__, url_prefix="/orang")


def lembaga_choices():
    """The lembaga whose angkatan the current user may create and manage."""
    rows = db.session.execute(
        select(Lembaga.id, Lembaga.name).where(visible_lembaga_clause(current_user)).order_by(Lembaga.name)
    )
    return [(i, n) for i, n in rows]


def _instructor_choices(with_none=False):
    rows = db.session.execute(
        select(User.id, User.name).where(User.role == Role.INSTRUCTOR.value, User.active.is_(True)).order_by(User.name)
    )
    choices = [(i, n) for i, n in rows]
    return [(0, _("— tanpa tutor —"))] + choices if with_none else choices


def _committee_choices():
    """Active committee accounts (role committee; admins create them on the users page)."""
    rows = db.session.execute(
        select(User.id, User.name).where(User.role == Role.COMMITTEE.value, User.active.is_(True)).order_by(User.name)
    )
    return [(i, n) for i, n in rows]


def _members(link, angkatan_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).join(link, link.user_id == User.id).where(link.angkatan_id == angkatan_id).order_by(User.name)
        )
    )


@bp.get("/angkatan")
@staff_required
def angkatan_list():
    counts = select(Enrolment.angkatan_id, func.count().label("n")).group_by(Enrolment.angkatan_id).subquery()
    rows = db.session.execute(
        select(Angkatan, Lembaga.name, func.coalesce(counts.c.n, 0))
        .join(Lembaga)
        .outerjoin(counts, counts.c.angkatan_id == Angkatan.id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Lembaga.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    form = None
    if can_manage_people(current_user):
        form = AngkatanForm()
        form.lembaga_id.choices = lembaga_choices()
    return render_template("people/angkatan_list.html", rows=rows, form=form)


@bp.post("/angkatan")
@coordinator_required
def angkatan_create():
    form = AngkatanForm()
    form.lembaga_id.choices = lembaga_choices()
    if form.validate_on_submit():
        try:
            angkatan = operations.create_angkatan(
                form.lembaga_id.data,
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
    participants = db.session.execute(
        select(User, Enrolment, Instansi.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .where(Enrolment.angkatan_id == angkatan.id)
        .order_by(Enrolment.ndh.is_(None), Enrolment.ndh, User.name)
    ).all()
    context = dict(
        angkatan=angkatan,
        sections=rendered_sections(ANGKATAN_SECTIONS, angkatan, current_user),
        participants=participants,
        instructors=_members(AngkatanInstructor, angkatan.id),
        committee=_members(AngkatanCommittee, angkatan.id),
        groups={g.id: g for g in angkatan.tutor_groups},
    )
    if can_manage_people(current_user):
        group_form = TutorGroupForm()
        group_form.tutor_id.choices = _instructor_choices(with_none=True)
        assign_form = AssignInstructorForm()
        assign_form.user_id.choices = _instructor_choices()
        committee_form = AssignCommitteeForm()
        committee_form.user_id.choices = _committee_choices()
        context.update(
            group_form=group_form,
            assign_form=assign_form,
            committee_form=committee_form,
            empty_form=EmptyForm(),
        )
    return render_template("people/angkatan_detail.html", **context)


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


@bp.post("/angkatan/<int:angkatan_id>/panitia")
@coordinator_required
def committee_assign(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    form = AssignCommitteeForm()
    form.user_id.choices = _committee_choices()
    if form.validate_on_submit():
        operations.assign_committee(angkatan, form.user_id.data)
        db.session.commit()
        flash(_("Panitia sudah ditugaskan ke angkatan ini."), "success")
    else:
        flash(_("Pilih panitia dari daftar."), "error")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))


@bp.post("/angkatan/<int:angkatan_id>/panitia/<int:user_id>/hapus")
@coordinator_required
def committee_unassign(angkatan_id: int, user_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    if EmptyForm().validate_on_submit():
        operations.unassign_committee(angkatan, user_id)
        db.session.commit()
        flash(_("Penugasan panitia sudah dicabut."), "success")
    return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))
