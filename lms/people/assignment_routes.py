"""The coach and mentor assignment import: upload a CSV, review the dry run row by row, apply it all or nothing."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people import assignment_import
from lms.people.access import coordinator_required, get_own_batch_or_404, visible_angkatan_clause
from lms.people.forms import ImportForm
from lms.people.models import AssignmentBatch
from lms.people.routes import bp
from lms.people.uploads import store_upload


def _scope():
    return None if current_user.is_admin else visible_angkatan_clause(current_user)


@bp.route("/impor-pembimbing", methods=["GET", "POST"])
@coordinator_required
def assignment_upload():
    form = ImportForm()
    if form.validate_on_submit() and (batch := store_upload(form, AssignmentBatch, "pembimbing.csv")):
        return redirect(url_for("people.assignment_review", batch_id=batch.id))
    return render_template("people/assignment_upload.html", form=form, columns=assignment_import.COLUMNS)


def _review(batch: AssignmentBatch, plan, status: int = 200):
    return (
        render_template(
            "people/assignment_review.html",
            batch=batch,
            plan=plan,
            new_mentors=assignment_import.mentor_count(plan) if plan else 0,
            form=EmptyForm(),
        ),
        status,
    )


@bp.get("/impor-pembimbing/<int:batch_id>")
@coordinator_required
def assignment_review(batch_id: int):
    batch = get_own_batch_or_404(AssignmentBatch, batch_id)
    plan = assignment_import.plan_assignments(batch.content, _scope()) if batch.applied_at is None else None
    return _review(batch, plan)


@bp.post("/impor-pembimbing/<int:batch_id>/terapkan")
@coordinator_required
def assignment_apply(batch_id: int):
    batch = get_own_batch_or_404(AssignmentBatch, batch_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if batch.applied_at is not None:
        flash(_("Berkas ini sudah diterapkan."), "info")
        return redirect(url_for("people.assignment_review", batch_id=batch.id))
    plan = assignment_import.plan_assignments(batch.content, _scope())  # again: the database may have changed
    if not plan.can_apply:
        flash(_("Tidak ada yang ditulis: periksa daftar di bawah."), "error")
        return _review(batch, plan, 400)
    try:
        changed = assignment_import.apply_assignments(plan, current_user)
    except assignment_import.AssignmentConflict as conflict:
        db.session.rollback()
        flash(_("Tidak ada yang ditulis: %(reason)s", reason=str(conflict)), "error")
        return redirect(url_for("people.assignment_review", batch_id=batch.id))
    batch.applied_at = utcnow()
    audit.record("assignment_import.apply", "assignment_batch", batch.id, changed=changed, filename=batch.filename)
    db.session.commit()
    flash(
        ngettext(
            "Penugasan %(n)d peserta sudah disimpan; undangan mentor baru ada di kotak keluar.",
            "Penugasan %(n)d peserta sudah disimpan; undangan mentor baru ada di kotak keluar.",
            changed,
            n=changed,
        ),
        "success",
    )
    return redirect(url_for("people.assignment_review", batch_id=batch.id))
