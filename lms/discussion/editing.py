"""Changing a post after it is sent: editing within 30 minutes (the previous text kept as history) and deleting."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.render import render_markdown
from lms.discussion import notifications
from lms.discussion.access import ThreadContext
from lms.discussion.members import space_members
from lms.discussion.mentions import find_mentions
from lms.discussion.models import Post, PostRevision, Thread
from lms.discussion.notifications import Notice
from lms.discussion.posting import PostRefused, Submitted, check_body, check_title, excerpt_of, submit

EDIT_WINDOW = timedelta(minutes=30)

_EDIT_REFUSALS = {
    "author": _l("Anda hanya dapat mengubah pos Anda sendiri."),
    "deleted": _l("Pos ini sudah dihapus."),
    "hidden": _l("Pos ini disembunyikan moderator dan tidak dapat diubah."),
    "locked": _l("Utas ini sudah dikunci moderator."),
    "late": _l("Pos hanya dapat diubah dalam 30 menit setelah dikirim."),
}


def _edit_block(
    author_id: int, user_id: int, deleted: bool, hidden: bool, locked: bool, created_at: datetime, now: datetime
) -> str | None:
    """Which rule stops the user editing the post (a key of _EDIT_REFUSALS), or None if none does."""
    if author_id != user_id:
        return "author"
    if deleted:
        return "deleted"
    if hidden:
        return "hidden"
    if locked:
        return "locked"
    if now - created_at > EDIT_WINDOW:
        return "late"
    return None


def edit_refusal(post: Post, context: ThreadContext, user_id: int, now: datetime | None = None) -> str | None:
    """Why the user may not edit the post now, or None if they may."""
    block = _edit_block(
        post.author_id,
        user_id,
        post.deleted_at is not None,
        post.hidden_at is not None,
        context.thread.locked,
        post.created_at,
        now or utcnow(),
    )
    return str(_EDIT_REFUSALS[block]) if block else None


def editable(posts, thread: Thread, user_id: int, now: datetime | None = None) -> set[int]:
    """The ids of the posts on a page (reading.PostRow) the user may edit now: the "Ubah" links."""
    now = now or utcnow()
    return {
        p.id
        for p in posts
        if _edit_block(p.author_id, user_id, p.deleted, p.hidden, thread.locked, p.created_at, now) is None
    }


def edit_post(
    post: Post, context: ThreadContext, user_id: int, body: str, title: str | None = None, now: datetime | None = None
) -> None:
    """Replace the text (and, for the opening post, the title); the previous version goes to history."""
    now = now or utcnow()
    refusal = edit_refusal(post, context, user_id, now)
    if refusal:
        raise PostRefused(refusal, status=403)
    body = check_body(body)
    thread = context.thread
    new_title = check_title(title) if post.seq == 1 and title is not None else None
    if body == post.body_md and (new_title is None or new_title == thread.title):
        return
    db.session.add(
        PostRevision(
            post_id=post.id,
            title=thread.title if post.seq == 1 else None,
            body_md=post.body_md,
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
        )
    )
    before = post.body_md
    html = render_markdown(body).html
    post.body_md, post.body_html, post.excerpt, post.edited_at = body, html, excerpt_of(html), now
    if new_title is not None:
        thread.title = new_title
    # Only people newly mentioned hear about it; an edit does not notify the same person twice.
    members = space_members(context.space)
    already = find_mentions(before, members)
    notifications.send(
        [Notice(uid, "mention", user_id, thread.id, post.id) for uid in find_mentions(body, members) - already]
    )


def delete_post(post: Post, context: ThreadContext, user_id: int, now: datetime | None = None) -> None:
    """Soft delete: the post stays in place as "dihapus" so the replies around it keep their sense."""
    if post.author_id != user_id:
        raise PostRefused(_("Anda hanya dapat menghapus pos Anda sendiri."), status=403)
    if post.deleted_at is not None:
        return
    if post.hidden_at is None:
        context.thread.removed_posts += 1
    post.deleted_at = now or utcnow()
    if context.thread.answer_post_id == post.id:
        context.thread.answer_post_id = None
    audit.record("discussion.post.delete", "discussion_post", post.id, thread_id=post.thread_id)


def submit_edit(post: Post, context: ThreadContext, user_id: int, body: str, title: str | None) -> Submitted:
    """Save an edit from the form (no posting rate: an edit adds no post)."""

    def save() -> Post:
        edit_post(post, context, user_id, body, title)
        return post

    return submit(save)


def versions(post: Post) -> list[tuple[datetime, str | None, str]]:
    """The post's earlier versions, newest first: when each was written, its title (an opening post's), its HTML."""
    revisions = db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc())
    ).all()
    return [(r.written_at, r.title, render_markdown(r.body_md).html) for r in revisions]
