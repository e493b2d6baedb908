"""The participant import: upload a CSV, review the dry run, apply it, hand out the initial passwords once."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people import importer
from lms.people.access import coordinator_required, get_own_batch_or_404
from lms.people.forms import ImportForm
from lms.people.models import ImportBatch
from lms.people.routes import bp, lembaga_choices
from lms.people.uploads import store_upload


def _scope_lembaga_ids() -> set[int] | None:
    if current_user.is_admin:
        return None
    return {i for i, _n in lembaga_choices()}


@bp.route("/impor", methods=["GET", "POST"])
@coordinator_required
def import_upload():
    form = ImportForm()
    if form.validate_on_submit() and (batch := store_upload(form, ImportBatch, "peserta.csv")):
        return redirect(url_for("people.import_review", batch_id=batch.id))
    return render_template("people/import_upload.html", form=form, columns=importer.COLUMNS)


@bp.get("/impor/<int:batch_id>")
@coordinator_required
def import_review(batch_id: int):
    batch = get_own_batch_or_404(ImportBatch, batch_id)
    plan = importer.plan_import(batch.content, _scope_lembaga_ids()) if batch.applied_at is None else None
    return render_template("people/import_review.html", batch=batch, plan=plan, form=EmptyForm())


@bp.post("/impor/<int:batch_id>/terapkan")
@coordinator_required
def import_apply(batch_id: int):
    batch = get_own_batch_or_404(ImportBatch, batch_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if batch.applied_at is not None:
        flash(_("Berkas ini sudah diterapkan."), "info")
        return redirect(url_for("people.import_review", batch_id=batch.id))
    plan = importer.plan_import(batch.content, _scope_lembaga_ids())  # again: the database may have changed
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
    batch = get_own_batch_or_404(ImportBatch, batch_id)
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
