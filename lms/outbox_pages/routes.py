"""The outbox page for coordinators and admins, and their two actions on a message: "handed over in
person" and "try sending again". Which messages a user sees is lms.people.access.visible_outbox_clause."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.outbox import (
    OutboxMessage,
    OutboxStatus,
    can_retry,
    mark_handed_over,
    needs_hand_over,
    release_for_retry,
    status_clause,
    status_of,
)
from lms.core.pagination import page_window, requested_page
from lms.people.access import coordinator_required, get_outbox_message_or_404, visible_outbox_clause

bp = Blueprint("outbox_pages", __name__, url_prefix="/pesan-keluar")
PAGE_SIZE = 50


def _smtp_configured() -> bool:
    return bool(current_app.config.get("LMS_SMTP_URL"))


@bp.get("/")
@coordinator_required
def index():
    now = utcnow()
    scope = visible_outbox_clause(current_user)
    counts = {
        status: db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(scope, status_clause(status, now))
        )
        for status in OutboxStatus
    }
    chosen = request.args.get("status", "")
    stmt = select(OutboxMessage, User).outerjoin(User, User.id == OutboxMessage.recipient_id).where(scope)
    if chosen in set(OutboxStatus):
        stmt = stmt.where(status_clause(OutboxStatus(chosen), now))
        total = counts[OutboxStatus(chosen)]
    else:
        chosen, total = "", sum(counts.values())
    window = page_window(total, PAGE_SIZE, requested_page(request.args))
    rows = db.session.execute(
        stmt.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(PAGE_SIZE).offset(window.offset)
    ).all()
    smtp = _smtp_configured()
    items = []
    for message, recipient in rows:
        status = status_of(message, now)
        items.append(
            {
                "message": message,
                "recipient": recipient,
                "status": status,
                "hand_over": needs_hand_over(message, status, smtp),
                "retry": smtp and can_retry(status) and message.to_address is not None,
            }
        )
    # Set-up links are on this page: never kept in any cache (no-store is the default; said here too).
    return (
        render_template(
            "outbox_pages/index.html",
            items=items,
            counts=counts,
            chosen=chosen,
            window=window,
            smtp=smtp,
            form=EmptyForm(),
            OutboxStatus=OutboxStatus,
        ),
        200,
        {"Cache-Control": "no-store"},
    )


def _back():
    return redirect(url_for("outbox_pages.index", status=request.form.get("status") or None))


@bp.post("/<int:message_id>/diserahkan")
@coordinator_required
def hand_over(message_id: int):
    message = get_outbox_message_or_404(message_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if mark_handed_over(message, current_user.id, utcnow()):
        audit.record("outbox.handed_over", "outbox", message.id, subject_user_id=message.recipient_id)
        db.session.commit()
        flash(_("Pesan ditandai sudah diserahkan langsung."), "success")
    else:
        db.session.rollback()
        flash(_("Pesan ini sudah terkirim atau sedang dikirim; tidak ada yang diubah."), "error")
    return _back()


@bp.post("/<int:message_id>/kirim-lagi")
@coordinator_required
def retry(message_id: int):
    message = get_outbox_message_or_404(message_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not _smtp_configured() or message.to_address is None:
        flash(_("Pesan ini tidak dapat dikirim lewat e-mail; serahkan langsung."), "error")
    else:
        old = status_of(message, utcnow())
        if release_for_retry(message, utcnow()):
            audit.record("outbox.retry", "outbox", message.id, subject_user_id=message.recipient_id, old=old.value)
            db.session.commit()
            flash(_("Pesan akan dikirim lagi pada putaran pengiriman berikutnya."), "success")
        else:
            flash(_("Hanya pesan yang gagal atau berstatus tidak diketahui yang dapat dikirim lagi."), "error")
    return _back()
