"""Discussion pages of one post: going to it, editing it, its history, deleting it, reporting it."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import csrf, db
from lms.core.forms import EmptyForm, ReasonForm
from lms.discussion import drafts, editing
from lms.discussion.access import get_post_or_404
from lms.discussion.blueprint import ID, bp, not_posted, posted, to_post
from lms.discussion.forms import MARKDOWN_HINT, EditForm
from lms.discussion.moderation import report_post
from lms.discussion.posting import PostRefused


@bp.get(f"/diskusi/pos/<{ID}:post_id>")
@login_required
def goto_post(post_id: int):
    post, _context = get_post_or_404(post_id)
    return to_post(post)


@bp.route(f"/diskusi/pos/<{ID}:post_id>/ubah", methods=["GET", "POST"])
@login_required
@csrf.exempt
def edit(post_id: int):
    post, context = get_post_or_404(post_id)
    if post.author_id != current_user.id:
        abort(403)
    refusal = editing.edit_refusal(post, context, current_user.id)
    if refusal and request.method == "GET":
        flash(refusal, "error")
        return to_post(post)
    first = post.seq == 1
    form = EditForm(data={"body": post.body_md, "title": context.thread.title if first else ""})
    draft = drafts.key("ubah", post_id)
    status, problem = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = drafts.expired_form_message(form), 400
        else:
            title = form.title.data if first else None
            outcome = editing.submit_edit(post, context, current_user.id, form.body.data, title)
            if outcome.post is not None:
                return posted(outcome, draft, _("Perubahan disimpan."))
            # Unlike a new post's, a refused edit keeps its text on the page even at 403 (the window
            # closed, or a moderator acted, while it was written): the post is the writer's own.
            problem, status = not_posted(outcome, form), outcome.status
    return render_template(
        "discussion/post_edit.html",
        context=context,
        post=post,
        first=first,
        form=form,
        problem=problem,
        draft=draft,
        hint=MARKDOWN_HINT,
        closes_at=post.created_at + editing.EDIT_WINDOW,
    ), status


@bp.get(f"/diskusi/pos/<{ID}:post_id>/riwayat")
@login_required
def history(post_id: int):
    post, context = get_post_or_404(post_id, deleted=False)
    return render_template("discussion/post_history.html", context=context, post=post, versions=editing.versions(post))


@bp.route(f"/diskusi/pos/<{ID}:post_id>/hapus", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post, context = get_post_or_404(post_id)
    if post.author_id != current_user.id:
        abort(403)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        editing.delete_post(post, context, current_user.id)
        db.session.commit()
        flash(_("Pos dihapus. Tempatnya tetap ada agar balasan lain tetap bisa dipahami."), "success")
        return to_post(post)
    return render_template("discussion/post_delete.html", context=context, post=post, form=form)


@bp.route(f"/diskusi/pos/<{ID}:post_id>/laporkan", methods=["GET", "POST"])
@login_required
def report(post_id: int):
    post, context = get_post_or_404(post_id)
    form = ReasonForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            report_post(post, context, current_user.id, form.reason.data)
            db.session.commit()
            flash(_("Terima kasih. Laporan Anda sudah diteruskan ke widyaiswara angkatan."), "success")
            return to_post(post)
        except PostRefused as refused:
            db.session.rollback()
            if refused.field:
                form.reason.errors = [refused.message]
            else:
                flash(refused.message, "info")
                return to_post(post)
    return render_template("discussion/post_report.html", context=context, post=post, form=form)
