"""Moderation, reports and participation: pages for the angkatan's instructors and coordinators."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm, ReasonForm
from lms.discussion import moderation, participation
from lms.discussion.access import (
    ThreadContext,
    get_post_or_404,
    get_spaces_or_404,
    get_thread_or_404,
    require_moderator,
    visible_space_or_404,
)
from lms.discussion.blueprint import ID, to_post
from lms.discussion.models import Post, Report, Thread
from lms.discussion.posting import PostRefused
from lms.discussion.spaces import spaces_of, tutor_groups
from lms.people.access import staff_required

bp = Blueprint("discussion_staff", __name__)


def _back(context: ThreadContext, post: Post | None = None):
    if post is not None:
        return to_post(post)
    return redirect(url_for("discussion.thread", thread_id=context.thread.id))


def _checked_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.post(f"/diskusi/utas/<{ID}:thread_id>/sematkan")
@staff_required
def pin(thread_id: int):
    context = get_thread_or_404(thread_id)
    require_moderator(context)
    _checked_form()
    moderation.set_pinned(context, not context.thread.pinned, current_user.id)
    db.session.commit()
    flash(_("Utas disematkan di atas.") if context.thread.pinned else _("Sematan utas dilepas."), "success")
    return _back(context)


@bp.post(f"/diskusi/utas/<{ID}:thread_id>/kunci")
@staff_required
def lock(thread_id: int):
    context = get_thread_or_404(thread_id)
    require_moderator(context)
    _checked_form()
    moderation.set_locked(context, not context.thread.locked, current_user.id)
    db.session.commit()
    flash(_("Utas dikunci: tidak ada balasan baru.") if context.thread.locked else _("Utas dibuka lagi."), "success")
    return _back(context)


@bp.route(f"/diskusi/pos/<{ID}:post_id>/sembunyikan", methods=["GET", "POST"])
@staff_required
def hide(post_id: int):
    post, context = get_post_or_404(post_id)
    require_moderator(context)
    form = ReasonForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            moderation.hide_post(post, context, form.reason.data, current_user.id)
            db.session.commit()
            flash(_("Pos disembunyikan dari peserta; penulisnya diberi tahu alasannya."), "success")
            return _back(context, post)
        except PostRefused as refused:
            db.session.rollback()
            if not refused.field:
                flash(refused.message, "info")
                return _back(context, post)
            form.reason.errors = [refused.message]
    return render_template("discussion/post_hide.html", context=context, post=post, form=form)


@bp.post(f"/diskusi/pos/<{ID}:post_id>/tampilkan")
@staff_required
def unhide(post_id: int):
    post, context = get_post_or_404(post_id)
    require_moderator(context)
    _checked_form()
    moderation.unhide_post(post, context, current_user.id)
    db.session.commit()
    flash(_("Pos ditampilkan lagi."), "success")
    return _back(context, post)


@bp.post(f"/diskusi/pos/<{ID}:post_id>/jawaban")
@staff_required
def answer(post_id: int):
    post, context = get_post_or_404(post_id)
    require_moderator(context)
    _checked_form()
    try:
        marked = moderation.toggle_answer(post, context, current_user.id)
        db.session.commit()
        flash(_("Balasan ditandai sebagai jawaban.") if marked else _("Tanda jawaban dilepas."), "success")
    except PostRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
    return _back(context, post)


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/laporan")
@staff_required
def reports(angkatan_id: int):
    angkatan, member = get_spaces_or_404(angkatan_id, staff=True)
    reporter, author = aliased(User), aliased(User)
    rows = db.session.execute(
        select(Report, Post, Thread, reporter.name, author.name)
        .join(Post, Post.id == Report.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(reporter, reporter.id == Report.reporter_id)
        .join(author, author.id == Post.author_id)
        .where(Thread.angkatan_id == angkatan_id, Report.resolved_at.is_(None))
        .order_by(Report.created_at)
        .limit(200)
    ).all()
    rows = [r for r in rows if member.sees(r.Thread.space, r.Thread.tutor_group_id)]
    return render_template("discussion/reports.html", angkatan=angkatan, rows=rows, form=EmptyForm())


@bp.post(f"/diskusi/laporan/<{ID}:report_id>/selesai")
@staff_required
def dismiss_report(report_id: int):
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    post, context = get_post_or_404(report.post_id)
    require_moderator(context)
    _checked_form()
    moderation.resolve_report(report, current_user.id, utcnow())
    db.session.commit()
    flash(_("Laporan ditandai selesai tanpa tindakan."), "success")
    return redirect(url_for("discussion_staff.reports", angkatan_id=context.thread.angkatan_id))


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/partisipasi")
@staff_required
def participation_page(angkatan_id: int):
    angkatan, member = get_spaces_or_404(angkatan_id, staff=True)
    every_space = spaces_of(angkatan_id, tutor_groups(angkatan_id))
    all_spaces = [s for s in every_space if member.sees(s.kind, s.tutor_group_id)]
    key = request.args.get("ruang", all_spaces[1].key if len(all_spaces) > 1 else all_spaces[0].key)
    space = visible_space_or_404(member, every_space, key)
    rows = participation.participation(space)
    return render_template(
        "discussion/participation.html",
        angkatan=angkatan,
        spaces=all_spaces,
        space=space,
        rows=rows,
        silent=sum(1 for r in rows if r.posts == 0),
        period=participation.phase_period(angkatan_id),
    )
