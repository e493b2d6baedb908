"""A participant's result in an angkatan with all its versions, and the two-person correction: a coordinator
proposes (the form keeps what was typed when refused), another coordinator or the head confirms or rejects, the
proposer may withdraw."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.kelulusan import corrections
from lms.kelulusan.models import Correction, ResultRow
from lms.kelulusan.ratification import Refused, result_of
from lms.kelulusan.ratification_forms import DecisionReasonForm, correction_form, proposed_scores
from lms.kelulusan.ratification_routes import NO_STORE, bp
from lms.kelulusan.result_access import (
    deciders_required,
    get_correction_or_404,
    get_result_angkatan_or_404,
    get_result_participant_or_404,
    result_readers_required,
)
from lms.kelulusan.sealed import program_of_result, source_drift
from lms.people.access import coordinator_required


def _page(angkatan, person, form=None, status=200, reject_form=None):
    result = result_of(angkatan.id)
    program = program_of_result(result)
    versions = list(
        db.session.scalars(
            select(ResultRow)
            .where(ResultRow.angkatan_id == angkatan.id, ResultRow.user_id == person.id)
            .order_by(ResultRow.version.desc())
        )
    )
    history = list(
        db.session.scalars(
            select(Correction)
            .where(Correction.angkatan_id == angkatan.id, Correction.user_id == person.id)
            .order_by(Correction.proposed_at.desc(), Correction.id.desc())
        )
    )
    pending = next((c for c in history if c.state == "proposed"), None)
    can_propose = result.sealed and pending is None and current_user.role in (Role.COORDINATOR.value, Role.ADMIN.value)
    if can_propose and form is None:
        form = correction_form(program, versions[0])
    return (
        render_template(
            "kelulusan/participant_result.html",
            angkatan=angkatan,
            person=person,
            result=result,
            program=program,
            versions=versions,
            history=history,
            pending=pending,
            form=form if can_propose else None,
            may_decide=pending is not None
            and pending.proposed_by_id != current_user.id
            and corrections.may_decide(current_user, angkatan),
            drift=source_drift(angkatan.id).get(person.id, []) if result.sealed else [],
            empty_form=EmptyForm(),
            reject_form=reject_form or DecisionReasonForm(),
        ),
        status,
        NO_STORE,
    )


def _back(angkatan, person):
    return redirect(url_for("ratification.participant_result", angkatan_id=angkatan.id, user_id=person.id))


@bp.get("/angkatan/<int:angkatan_id>/peserta/<int:user_id>")
@result_readers_required
def participant_result(angkatan_id: int, user_id: int):
    angkatan = get_result_angkatan_or_404(angkatan_id)
    return _page(angkatan, get_result_participant_or_404(angkatan, user_id))


@bp.post("/angkatan/<int:angkatan_id>/peserta/<int:user_id>/koreksi")
@coordinator_required
def propose(angkatan_id: int, user_id: int):
    """Only the component scores and the reason are read from the request; the final score, band and pass are
    composed by the program's rule when a second person confirms."""
    angkatan = get_result_angkatan_or_404(angkatan_id)
    person = get_result_participant_or_404(angkatan, user_id)
    result = result_of(angkatan.id)
    if not result.sealed:
        flash(_("Koreksi hanya untuk hasil yang sudah disahkan kepala lembaga."), "error")
        return _back(angkatan, person)
    current = corrections.current_row(angkatan.id, person.id)
    form = correction_form(program_of_result(result), current)
    if not form.validate_on_submit():
        flash(error_summary(form), "error")
        return _page(angkatan, person, form, 400)
    try:
        corrections.propose(angkatan.id, person.id, proposed_scores(form), form.reason.data, current_user.id)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _page(angkatan, person, form, 400)
    flash(_("Usulan koreksi dicatat; menunggu konfirmasi orang kedua."), "success")
    return _back(angkatan, person)


@bp.post("/angkatan/<int:angkatan_id>/peserta/<int:user_id>/koreksi/<int:correction_id>/konfirmasi")
@deciders_required
def confirm(angkatan_id: int, user_id: int, correction_id: int):
    angkatan = get_result_angkatan_or_404(angkatan_id)
    person = get_result_participant_or_404(angkatan, user_id)
    correction = get_correction_or_404(angkatan, person.id, correction_id)
    if EmptyForm().validate_on_submit():
        try:
            row = corrections.confirm(correction, current_user, angkatan)
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            flash(_("Koreksi dikonfirmasi; hasil versi %(v)d berlaku.", v=row.version), "success")
    return _back(angkatan, person)


@bp.post("/angkatan/<int:angkatan_id>/peserta/<int:user_id>/koreksi/<int:correction_id>/tolak")
@deciders_required
def reject(angkatan_id: int, user_id: int, correction_id: int):
    angkatan = get_result_angkatan_or_404(angkatan_id)
    person = get_result_participant_or_404(angkatan, user_id)
    correction = get_correction_or_404(angkatan, person.id, correction_id)
    form = DecisionReasonForm()
    if not form.validate_on_submit():
        flash(error_summary(form), "error")
        return _page(angkatan, person, status=400, reject_form=form)
    try:
        corrections.reject(correction, current_user, angkatan, form.reason.data)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _page(angkatan, person, status=400, reject_form=form)
    else:
        flash(_("Usulan koreksi ditolak."), "success")
    return _back(angkatan, person)


@bp.post("/angkatan/<int:angkatan_id>/peserta/<int:user_id>/koreksi/<int:correction_id>/tarik")
@coordinator_required
def withdraw(angkatan_id: int, user_id: int, correction_id: int):
    angkatan = get_result_angkatan_or_404(angkatan_id)
    person = get_result_participant_or_404(angkatan, user_id)
    correction = get_correction_or_404(angkatan, person.id, correction_id)
    if EmptyForm().validate_on_submit():
        try:
            corrections.withdraw(correction, current_user)
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            flash(_("Usulan koreksi ditarik."), "success")
    return _back(angkatan, person)
