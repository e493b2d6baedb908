"""The plan's attachments: the participant adds and removes them in the editor while the pen is theirs; everyone
who may read the plan downloads them through its access check, always as a download."""

import re

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from lms.aktualisasi import attachments, editing
from lms.aktualisasi.access import get_plan_access_or_404, own_enrolment_or_404, plan_readers_required
from lms.aktualisasi.forms import AttachmentForm, RemoveAttachmentForm
from lms.aktualisasi.models import PlanAttachment
from lms.aktualisasi.routes import bp
from lms.core.extensions import db
from lms.core.files import FileRefused, size_text
from lms.core.storage import get_storage
from lms.people.access import participant_required

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
ANCHOR = "lampiran"


def _back():
    return redirect(url_for("aktualisasi.editor", _anchor=ANCHOR))


@bp.post("/rancangan/lampiran")
@participant_required
def add_attachment():
    own_enrolment_or_404()
    form = AttachmentForm()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return _back()
    sent = request.files.get(form.file.name)
    if sent is None or not sent.filename:
        flash(_("Pilih berkas lampiran dulu, lalu unggah."), "error")
        return _back()
    try:
        checked = attachments.check_attachment(sent.filename, sent.read())
        attachments.add_attachment(current_user.id, checked, form.caption.data or "")
    except (FileRefused, editing.EditError) as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _back()
    db.session.commit()
    flash(_("Lampiran \u201c%(name)s\u201d tersimpan.", name=checked.filename), "success")
    return _back()


@bp.post("/rancangan/lampiran/<int:attachment_id>/hapus")
@participant_required
def remove_attachment(attachment_id: int):
    own_enrolment_or_404()
    if not RemoveAttachmentForm().validate():
        flash(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), "error")
        return _back()
    try:
        key = attachments.remove_attachment(current_user.id, attachment_id)
    except LookupError:
        db.session.rollback()
        abort(404)
    except editing.EditError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return _back()
    db.session.commit()
    get_storage().delete(key)  # after the commit: a rolled-back removal keeps its file
    flash(_("Lampiran dihapus."), "success")
    return _back()


@bp.get("/peserta/<int:user_id>/lampiran/<int:attachment_id>")
@plan_readers_required
def attachment(user_id: int, attachment_id: int):
    access = get_plan_access_or_404(user_id)
    found = (
        db.session.scalar(
            select(PlanAttachment).where(PlanAttachment.id == attachment_id, PlanAttachment.plan_id == access.plan.id)
        )
        if access.plan
        else None
    )
    if found is None:
        abort(404)
    response = Response(get_storage().read(found.key), mimetype=found.content_type)
    # Always a download, never rendered as a page of this site.
    name = _SAFE_NAME.sub("_", found.filename) or f"lampiran-{found.id}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    flash(
        _(
            "Berkas terlalu besar (paling besar %(max)s sekaligus). Perkecil berkasnya lalu unggah lagi.",
            max=size_text(current_app.config.get("MAX_CONTENT_LENGTH") or 0),
        ),
        "error",
    )
    return _back()
