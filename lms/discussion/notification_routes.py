"""The bell: a user's own notifications, and marking them read."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.pagination import requested_page
from lms.discussion import notifications

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def bell():
    """`unread_notices()` for the header on every page: computed once a request, only when shown."""

    def unread_notices() -> int:
        if "unread_notices" not in g:
            g.unread_notices = notifications.visible_unread(current_user)
        return g.unread_notices

    return {"unread_notices": unread_notices}


@bp.get("/notifikasi")
@login_required
def index():
    page = requested_page(request.args)
    items, more = notifications.page_for(current_user.id, page, spaces_open=notifications.can_open_spaces(current_user))
    return render_template("discussion/notifications.html", items=items, page=page, more=more, form=EmptyForm())


@bp.post("/notifikasi/baca-semua")
@login_required
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    notifications.mark_all_read(current_user.id, spaces_open=notifications.can_open_spaces(current_user))
    db.session.commit()
    flash(_("Semua notifikasi ditandai sudah dibaca."), "success")
    return redirect(url_for("notifications.index"))
