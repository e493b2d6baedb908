"""The one participant record page (the person, their enrolment, the sections other features add, the
management forms and the audit history) and the coordinator's actions on it."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.auth.accounts import enqueue_reset_link, issue_reset
from lms.core import audit
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.forms import EmptyForm, ReasonForm, error_summary
from lms.core.pagination import requested_page
from lms.people import operations, relations
from lms.people.access import (
    can_manage_people,
    coordinator_required,
    get_angkatan_or_404,
    get_participant_or_404,
    record_readers_required,
    visible_angkatan_clause,
)
from lms.people.forms import GroupForm, MoveForm
from lms.people.models import Angkatan, TutorGroup
from lms.people.record import RECORD_SECTIONS, rendered_sections
from lms.people.routes import bp

# History entries a page of the record (?hal=2 the next ones): a phone's first visit stays light.
HISTORY_PAGE_SIZE = 20


def history_page(user_id: int, page: int) -> tuple[list[AuditEntry], bool]:
    """(one page of the participant's history, newest first; whether older entries follow): one query, read
    one entry ahead rather than counting them all."""
    entries = list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_user_id == user_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((page - 1) * HISTORY_PAGE_SIZE)
            .limit(HISTORY_PAGE_SIZE + 1)
        )
    )
    return entries[:HISTORY_PAGE_SIZE], len(entries) > HISTORY_PAGE_SIZE


@bp.get("/peserta/<int:user_id>")
@record_readers_required
def participant_detail(user_id: int):
    user = get_participant_or_404(user_id)
    # A coach, mentor or penguji may see this participant without seeing their angkatan.
    angkatan_visible = db.session.scalar(
        select(Angkatan.id).where(Angkatan.id == user.enrolment.angkatan_id, visible_angkatan_clause(current_user))
    )
    page = requested_page(request.args)
    entries, older = history_page(user.id, page)
    context = dict(
        person=user,
        enrolment=user.enrolment,
        angkatan_visible=angkatan_visible is not None,
        entries=entries,
        history_page=page,
        older=older,
        sections=rendered_sections(RECORD_SECTIONS, user, current_user),
    )
    if can_manage_people(current_user):
        move_form = MoveForm()
        move_form.angkatan_id.choices = [
            (a.id, f"{a.name} — {a.lembaga.name}")
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
            ended = relations.move_with_relations(user.enrolment, target, form.reason.data, actor_id=current_user.id)
        except operations.PeopleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            moved = _("%(name)s sudah dipindahkan ke %(target)s.", name=user.name, target=target.name)
            if ended:
                moved += " " + _(
                    "Coach dan penguji dari angkatan lama tidak lagi terhubung dengannya; mentornya tetap."
                )
            flash(moved, "success")
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
    link = url_for("auth.reset_password", token=token, _external=True)
    queued = enqueue_reset_link(user, token, link)
    audit.record("password.reset_issued", "user", user.id, subject_user_id=user.id, emailed=queued is not None)
    db.session.commit()
    response = Response(render_template("people/reset_link.html", person=user, link=link, queued=queued))
    response.headers["Cache-Control"] = "no-store"
    return response
