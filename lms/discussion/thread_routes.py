"""Discussion pages of a thread: starting one, reading it page by page, replying (with a quote)."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.extensions import csrf
from lms.core.pagination import requested_page
from lms.discussion import drafts, editing, posting, reading, unread
from lms.discussion.access import ThreadContext, get_space_or_404, get_thread_or_404
from lms.discussion.blueprint import ID, bp, not_posted, posted
from lms.discussion.forms import MARKDOWN_HINT, ReplyForm, ThreadForm, id_or_none
from lms.discussion.moderation import open_report_counts
from lms.discussion.posting import NewReply, NewThread, last_page, page_of
from lms.discussion.spaces import GENERAL, topics


@bp.route(f"/diskusi/angkatan/<{ID}:angkatan_id>/<key>/baru", methods=["GET", "POST"])
@login_required
@csrf.exempt
def new_thread(angkatan_id: int, key: str):
    context = get_space_or_404(angkatan_id, key)
    if not context.member.may_start_thread(context.space.kind):
        abort(403)
    form = ThreadForm()
    topic_list = topics() if context.space.kind == GENERAL else []
    form.topic.choices = [("" if t.module_id is None else t.module_id, t.title) for t in topic_list]
    if request.method == "GET" and request.args.get("topik", "").isdigit():
        form.topic.data = int(request.args["topik"])
    draft = drafts.key("utas", f"{angkatan_id}-{key}")
    status, problem = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = drafts.expired_form_message(form), 400
        else:
            data = NewThread(form.title.data, form.body.data, form.topic.data, form.client_token.data)
            outcome = posting.submit_thread(context.space, context.member, data, drafts.posting_wait)
            if outcome.post is not None:
                return posted(outcome, draft, _("Utas dimulai."))
            if outcome.status in (403, 404):
                abort(outcome.status)
            problem, status = not_posted(outcome, form), outcome.status
    return render_template(
        "discussion/thread_new.html",
        context=context,
        space=context.space,
        form=form,
        problem=problem,
        draft=draft,
        hint=MARKDOWN_HINT,
    ), status


@bp.route(f"/diskusi/utas/<{ID}:thread_id>", methods=["GET", "POST"])
@login_required
@csrf.exempt
def thread(thread_id: int):
    context = get_thread_or_404(thread_id)
    form = ReplyForm()
    draft = drafts.key("balas", thread_id)
    status, problem = 200, None
    page = requested_page(request.args)
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = drafts.expired_form_message(form), 400
        else:
            data = NewReply(form.body.data, form.quote.data, form.seen.data or 0, form.client_token.data)
            outcome = posting.submit_reply(context, data, drafts.posting_wait)
            if outcome.post is not None:
                return posted(outcome, draft)
            if outcome.status in (403, 404):
                abort(outcome.status)
            problem, status = not_posted(outcome, form), outcome.status
        # The form comes back on the page the writer was reading.
        page = page_of(form.seen.data) if form.seen.data else last_page(context.thread)
    return _thread_page(context, page, form, problem, draft, status)


def _thread_page(context: ThreadContext, page: int, form: ReplyForm, problem, draft: str, status: int = 200):
    user = current_user._get_current_object()
    thread = context.thread
    pages = last_page(thread)
    page = min(page, pages)
    posts = reading.posts_page(thread.id, page, user.id, context.moderator)
    marker = reading.first_unread(posts, context.read_seq, user.id)
    if request.method == "GET" and posts:
        # Before rendering, so the bell on this very page already counts what is read now.
        unread.record_reading(user, thread.id, context.read_seq, posts[0].seq, posts[-1].seq, [p.id for p in posts])
    quote = None
    quote_id = form.quote.data if request.method == "POST" else id_or_none(request.args.get("kutip"))
    if quote_id:
        quote = posting.quote_in_form(posting.quoted_post(thread.id, quote_id), context.moderator)
        form.quote.data = quote.id if quote else None
    if not form.seen.data or request.method == "GET":
        form.seen.data = posts[-1].seq if posts else 0
    return render_template(
        "discussion/thread.html",
        context=context,
        thread=thread,
        space=context.space,
        posts=posts,
        page=page,
        pages=pages,
        marker=marker,
        form=form,
        problem=problem,
        draft=draft,
        quote=quote,
        editable=editing.editable(posts, thread, user.id),
        reports=open_report_counts([p.id for p in posts]) if context.moderator else {},
        can_reply=posting.reply_refusal(thread, context.moderator) is None,
        hint=MARKDOWN_HINT,
    ), status


@bp.get(f"/diskusi/utas/<{ID}:thread_id>/baru")
@login_required
def first_new(thread_id: int):
    """To the first post the reader has not read yet, or to the last page when everything is read."""
    context = get_thread_or_404(thread_id)
    seq = reading.first_unread_seq(thread_id, context.read_seq, current_user.id)
    if seq is None:
        return redirect(url_for("discussion.thread", thread_id=thread_id, hal=last_page(context.thread)))
    return redirect(url_for("discussion.thread", thread_id=thread_id, hal=page_of(seq)) + "#baru")
