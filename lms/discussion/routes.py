"""Discussion pages for members: spaces, threads, replies, quotes, edits, deletes, reports.

The three forms that carry a writer's text (new thread, reply, edit) check their CSRF token in the
form itself instead of in the app-wide guard, so that an expired token brings the form back with
the text in it (and a message) rather than an error page. The check is the same one; nothing is
written unless it passes.
"""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.database import begin_write, utcnow
from lms.core.extensions import csrf, db
from lms.core.forms import EmptyForm, ReasonForm
from lms.core.pagination import requested_page
from lms.core.render import render_markdown
from lms.discussion import drafts, notifications, posting, reading, unread
from lms.discussion.access import (
    SpaceLocked,
    ThreadContext,
    get_post_or_404,
    get_space_or_404,
    get_thread_or_404,
    member_or_404,
    require_open_phase,
)
from lms.discussion.forms import MARKDOWN_HINT, MAX_ID, EditForm, ReplyForm, ThreadForm, id_or_none
from lms.discussion.members import space_members
from lms.discussion.mentions import mention_names
from lms.discussion.models import Post, PostRevision
from lms.discussion.moderation import open_report_counts, report_post
from lms.discussion.posting import EDIT_WINDOW, NewReply, NewThread, PostRefused, page_of
from lms.discussion.spaces import GENERAL, spaces_of, topics, tutor_groups
from lms.people.access import visible_angkatan_clause
from lms.people.models import Angkatan, Instansi

# Ids in URLs stop at the database integer limit: a larger number is a 404, never a 500.
ID = f"int(max={MAX_ID})"
bp = Blueprint("discussion", __name__)
bp.app_context_processor(drafts.context)


@bp.errorhandler(SpaceLocked)
def locked(error: SpaceLocked):
    return render_template("discussion/locked.html", state=error.state), 403


# --- spaces --------------------------------------------------------------------------------------


@bp.get("/diskusi")
@login_required
def index():
    if current_user.role == Role.PARTICIPANT.value:
        enrolment = current_user.enrolment
        if enrolment is None:
            return render_template("discussion/no_angkatan.html")
        try:
            return _spaces_page(enrolment.angkatan_id)
        except SpaceLocked as error:
            # The menu's "Diskusi" is on every page: it opens, and says when the spaces will, as the
            # overview of a locked phase does. The spaces and threads themselves stay 403.
            return render_template("discussion/locked.html", state=error.state)
    rows = db.session.execute(
        select(Angkatan.id, Angkatan.name, Instansi.name)
        .join(Instansi, Instansi.id == Angkatan.instansi_id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Instansi.name, Angkatan.year.desc(), Angkatan.number)
    ).all()
    if len(rows) == 1:
        return redirect(url_for("discussion.spaces", angkatan_id=rows[0][0]))
    return render_template("discussion/angkatan_list.html", rows=rows)


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>")
@login_required
def spaces(angkatan_id: int):
    return _spaces_page(angkatan_id)


def _spaces_page(angkatan_id: int):
    member = member_or_404(angkatan_id)
    require_open_phase(member)
    angkatan = db.session.get(Angkatan, angkatan_id)
    if angkatan is None:
        abort(404)
    visible = [s for s in spaces_of(angkatan_id, tutor_groups(angkatan_id)) if member.sees(s.kind, s.tutor_group_id)]
    return render_template(
        "discussion/spaces.html",
        angkatan=angkatan,
        spaces=visible,
        threads=reading.thread_counts(member),
        unread=unread.unread_by_space(member),
        staff=not member.participant,
    )


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/<key>")
@login_required
def space(angkatan_id: int, key: str):
    context = get_space_or_404(angkatan_id, key)
    topic_arg = request.args.get("topik")
    topic_list = topics() if context.space.kind == GENERAL else []
    topic_id, topic = None, None
    if topic_arg is not None and topic_list:
        topic_id = None if topic_arg in ("", "umum") else (int(topic_arg) if topic_arg.isdigit() else -1)
        topic = next((t for t in topic_list if t.module_id == topic_id), None)
        if topic is None:
            abort(404)
    threads, page, pages = reading.thread_page(context, requested_page(request.args), topic_id, topic is not None)
    counts = unread.unread_by_thread(current_user.id, [t.id for t in threads])
    for row in threads:
        row.unread = counts.get(row.id, 0)
    return render_template(
        "discussion/space.html",
        context=context,
        space=context.space,
        threads=threads,
        page=page,
        pages=pages,
        topics=topic_list,
        topic=topic,
        topic_titles={t.module_id: t.title for t in topic_list},
        topic_counts=reading.topic_counts(context.space) if topic_list else {},
    )


@bp.get(f"/diskusi/angkatan/<{ID}:angkatan_id>/<key>/anggota")
@login_required
def members(angkatan_id: int, key: str):
    """Names for the @ suggestions while writing (fetched by the page's script on the first @)."""
    context = get_space_or_404(angkatan_id, key)
    names = sorted({mention_names(name)[-1] for name in space_members(context.space).values()})
    return jsonify(names=names)


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
        elif (done := posting.existing_post(current_user.id, form.client_token.data)) is not None:
            return _to_post(done)
        else:
            try:
                data = NewThread(form.title.data, form.body.data, form.topic.data, form.client_token.data)
                posting.check_thread(context.space, context.member, data)
                if wait := drafts.posting_wait():
                    problem, status = drafts.wait_message(wait), 429
                else:
                    post = posting.start_thread(context.space, context.member, data)
                    db.session.commit()
                    drafts.clear_later(draft)
                    flash(_("Utas dimulai."), "success")
                    return _to_post(post)
            except PostRefused as refused:
                db.session.rollback()
                drafts.attach(form, refused)
                status = refused.status if refused.status in (403, 404) else 200
                if status != 200:
                    abort(status)
    return render_template(
        "discussion/thread_new.html",
        context=context,
        space=context.space,
        form=form,
        problem=problem,
        draft=draft,
        hint=MARKDOWN_HINT,
    ), status


def _to_post(post: Post):
    return redirect(url_for("discussion.thread", thread_id=post.thread_id, hal=page_of(post.seq)) + f"#pos-{post.id}")


# --- threads -------------------------------------------------------------------------------------


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
        elif (done := posting.existing_post(current_user.id, form.client_token.data)) is not None:
            return _to_post(done)
        else:
            try:
                data = NewReply(form.body.data, form.quote.data, form.seen.data or 0, form.client_token.data)
                posting.check_reply(context, context.thread, data)
                if wait := drafts.posting_wait():
                    problem, status = drafts.wait_message(wait), 429
                else:
                    post = posting.reply(context, data)
                    db.session.commit()
                    drafts.clear_later(draft)
                    return _to_post(post)
            except PostRefused as refused:
                db.session.rollback()
                if refused.status in (403, 404):
                    abort(refused.status)
                drafts.attach(form, refused)
        page = page_of(form.seen.data) if form.seen.data else page_of(max(context.thread.last_seq, 1))
    return _thread_page(context, page, form, problem, draft, status)


def _thread_page(context: ThreadContext, page: int, form: ReplyForm, problem, draft: str, status: int = 200):
    user_id = current_user.id
    thread_id, last_seq, read_seq = context.thread.id, context.thread.last_seq, context.read_seq
    pages = max(1, page_of(max(last_seq, 1)))
    page = min(page, pages)
    posts = reading.posts_page(thread_id, page, user_id, context.moderator)
    marker = reading.first_unread(posts, read_seq, user_id)
    if request.method == "GET" and posts:
        # Before rendering, so the bell on this very page already counts what is read now.
        _record_reading(context, posts)
    quote = None
    quote_id = form.quote.data if request.method == "POST" else id_or_none(request.args.get("kutip"))
    if quote_id:
        quote = db.session.scalar(select(Post).where(Post.id == quote_id, Post.thread_id == thread_id))
        if quote is None or quote.deleted_at is not None or (quote.hidden_at is not None and not context.moderator):
            quote = None
        form.quote.data = quote.id if quote else None
    if not form.seen.data or request.method == "GET":
        form.seen.data = posts[-1].seq if posts else 0
    thread, now = context.thread, utcnow()
    editable = {
        p.id
        for p in posts
        if p.author_id == user_id
        and not p.deleted
        and not p.hidden
        and not thread.locked
        and now - p.created_at <= EDIT_WINDOW
    }
    reports = open_report_counts([p.id for p in posts]) if context.moderator else {}
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
        editable=editable,
        reports=reports,
        can_reply=context.moderator or not (thread.locked or thread.hidden),
        hint=MARKDOWN_HINT,
    ), status


def _record_reading(context: ThreadContext, posts) -> None:
    """Reading a page moves the read position and reads the notices about its posts.

    The one write a GET makes here: it only records what the reader has seen, is idempotent, and
    is skipped when there is nothing to record."""
    user = current_user._get_current_object()
    new_position = unread.position_after_reading(context.read_seq, posts[0].seq, posts[-1].seq)
    if new_position is None and not user.unread_notifications:
        return
    begin_write()
    if new_position is not None:
        unread.record_read(user.id, context.thread.id, new_position)
    if user.unread_notifications:
        notifications.mark_read_for_posts(user.id, [p.id for p in posts])
    db.session.commit()


@bp.get(f"/diskusi/utas/<{ID}:thread_id>/baru")
@login_required
def first_new(thread_id: int):
    """To the first post the reader has not read yet, or to the last page when everything is read."""
    context = get_thread_or_404(thread_id)
    seq = reading.first_unread_seq(thread_id, context.read_seq, current_user.id)
    if seq is None:
        return redirect(url_for("discussion.thread", thread_id=thread_id, hal=page_of(max(context.thread.last_seq, 1))))
    return redirect(url_for("discussion.thread", thread_id=thread_id, hal=page_of(seq)) + "#baru")


# --- posts ---------------------------------------------------------------------------------------


@bp.get(f"/diskusi/pos/<{ID}:post_id>")
@login_required
def goto_post(post_id: int):
    post, _context = get_post_or_404(post_id)
    return _to_post(post)


@bp.route(f"/diskusi/pos/<{ID}:post_id>/ubah", methods=["GET", "POST"])
@login_required
@csrf.exempt
def edit(post_id: int):
    post, context = get_post_or_404(post_id)
    if post.author_id != current_user.id:
        abort(403)
    refusal = posting.edit_refusal(post, context, current_user.id)
    if refusal and request.method == "GET":
        flash(refusal, "error")
        return _to_post(post)
    first = post.seq == 1
    form = EditForm(data={"body": post.body_md, "title": context.thread.title if first else ""})
    draft = drafts.key("ubah", post_id)
    status, problem = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = drafts.expired_form_message(form), 400
        else:
            try:
                posting.edit_post(post, context, current_user.id, form.body.data, form.title.data if first else None)
                db.session.commit()
                drafts.clear_later(draft)
                flash(_("Perubahan disimpan."), "success")
                return _to_post(post)
            except PostRefused as refused:
                db.session.rollback()
                drafts.attach(form, refused)
                status = 200 if refused.field else 403
    return render_template(
        "discussion/post_edit.html",
        context=context,
        post=post,
        first=first,
        form=form,
        problem=problem,
        draft=draft,
        hint=MARKDOWN_HINT,
        closes_at=post.created_at + EDIT_WINDOW,
    ), status


@bp.get(f"/diskusi/pos/<{ID}:post_id>/riwayat")
@login_required
def history(post_id: int):
    post, context = get_post_or_404(post_id)
    if post.deleted_at is not None and not context.moderator:
        abort(404)
    revisions = db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc())
    ).all()
    versions = [(r.written_at, r.title, render_markdown(r.body_md).html) for r in revisions]
    return render_template("discussion/post_history.html", context=context, post=post, versions=versions)


@bp.route(f"/diskusi/pos/<{ID}:post_id>/hapus", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post, context = get_post_or_404(post_id)
    if post.author_id != current_user.id:
        abort(403)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        posting.delete_post(post, context, current_user.id)
        db.session.commit()
        flash(_("Pos dihapus. Tempatnya tetap ada agar balasan lain tetap bisa dipahami."), "success")
        return _to_post(post)
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
            return _to_post(post)
        except PostRefused as refused:
            db.session.rollback()
            if refused.field:
                form.reason.errors = [refused.message]
            else:
                flash(refused.message, "info")
                return _to_post(post)
    return render_template("discussion/post_report.html", context=context, post=post, form=form)
