"""The bell: a user's own notifications, and marking them read."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.pagination import requested_page
from lms.discussion import notifications
from lms.discussion.spaces import PHASE_CODE
from lms.phases.progress import phase_access

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
    spaces_open = phase_access(current_user, code=PHASE_CODE).open
    items, more = notifications.page_for(current_user.id, page, spaces_open=spaces_open)
    return render_template("discussion/notifications.html", items=items, page=page, more=more, form=EmptyForm())


@bp.post("/notifikasi/baca-semua")
@login_required
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    notifications.mark_all_read(current_user.id, spaces_open=phase_access(current_user, code=PHASE_CODE).open)
    db.session.commit()
    flash(_("Semua notifikasi ditandai sudah dibaca."), "success")
    return redirect(url_for("notifications.index"))
