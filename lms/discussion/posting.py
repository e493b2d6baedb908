"""Starting threads, replying, quoting, editing within 30 minutes (with history) and deleting.

Every text goes through render_markdown(), the one sanitizer. A refused post raises PostRefused
with a message for the writer; the view puts the text back in the form, so nothing typed is lost.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from html.parser import HTMLParser

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.render import render_markdown
from lms.discussion import notifications
from lms.discussion.access import Member, ThreadContext
from lms.discussion.members import space_members
from lms.discussion.mentions import find_mentions
from lms.discussion.models import Post, PostRevision, Thread
from lms.discussion.notifications import Notice
from lms.discussion.spaces import ANNOUNCEMENTS, GENERAL, GROUP, Space, topics
from lms.discussion.unread import record_read

MAX_BODY = 20_000
MAX_TITLE = 200
EDIT_WINDOW = timedelta(minutes=30)
POSTS_PER_PAGE = 30
THREADS_PER_PAGE = 20
EXCERPT_CHARS = 280


class PostRefused(Exception):
    """A post the rules do not allow. field: the form field the message belongs to (or None)."""

    def __init__(self, message: str, field: str | None = None, status: int = 409):
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 20.000, as Indonesian writes it


def clean_body(text: str | None) -> str:
    """The text as stored: Windows and old Mac line ends made one newline, outer blank lines dropped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n").rstrip()


def check_body(text: str | None) -> str:
    body = clean_body(text)
    if not body.strip():
        raise PostRefused(_("Tulis isi pos terlebih dahulu."), "body")
    if len(body) > MAX_BODY:
        raise PostRefused(
            _(
                "Pos terlalu panjang: %(n)s karakter, paling banyak %(max)s. Teks Anda masih di sini; "
                "persingkat atau bagi menjadi beberapa pos.",
                n=_number(len(body)),
                max=_number(MAX_BODY),
            ),
            "body",
        )
    return body


def check_title(text: str | None) -> str:
    title = " ".join((text or "").split())
    if not title:
        raise PostRefused(_("Tulis judul utas."), "title")
    if len(title) > MAX_TITLE:
        raise PostRefused(
            _("Judul terlalu panjang: %(n)s karakter, paling banyak %(max)s.", n=_number(len(title)), max=MAX_TITLE),
            "title",
        )
    return title


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def excerpt_of(html: str) -> str:
    """Plain text of the rendered post, cut at a word near EXCERPT_CHARS (shown escaped)."""
    parser = _Text()
    parser.feed(html)
    text = re.sub(r"\s+", " ", " ".join(parser.parts)).strip()
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def page_of(seq: int) -> int:
    return (seq - 1) // POSTS_PER_PAGE + 1


def _new_post(thread: Thread, seq: int, author_id: int, body: str, now: datetime, **extra) -> Post:
    html = render_markdown(body).html
    post = Post(
        thread_id=thread.id,
        seq=seq,
        author_id=author_id,
        body_md=body,
        body_html=html,
        excerpt=excerpt_of(html),
        created_at=now,
        **extra,
    )
    db.session.add(post)
    db.session.flush()
    return post


def existing_post(author_id: int, client_token: str | None) -> Post | None:
    """The post this form already made (a double click, or a retry after the network dropped)."""
    if not client_token:
        return None
    return db.session.scalar(select(Post).where(Post.author_id == author_id, Post.client_token == client_token))


def _mention_notices(members: dict[int, str], text: str, post: Post, author_id: int) -> list[Notice]:
    return [Notice(uid, "mention", author_id, post.thread_id, post.id) for uid in find_mentions(text, members)]


@dataclass
class NewThread:
    title: str
    body: str
    module_id: int | None = None
    client_token: str | None = None


def check_thread(space: Space, member: Member, data: NewThread) -> NewThread:
    """The new thread as it will be stored, or PostRefused. Views call it before claiming a place in
    the posting rate, so a refused text costs nothing; start_thread() calls it again."""
    if not member.may_start_thread(space.kind):
        raise PostRefused(_("Hanya widyaiswara dan penyelenggara yang dapat membuat pengumuman."), status=403)
    title, body = check_title(data.title), check_body(data.body)
    module_id = data.module_id if space.kind == GENERAL else None
    if module_id is not None and module_id not in {t.module_id for t in topics()}:
        raise PostRefused(_("Pilih topik dari daftar."), "topic")
    return NewThread(title, body, module_id, data.client_token)


def start_thread(space: Space, member: Member, data: NewThread, now: datetime | None = None) -> Post:
    """Open a thread in the space; returns its opening post."""
    now = now or utcnow()
    data = check_thread(space, member, data)
    title, body, module_id = data.title, data.body, data.module_id
    thread = Thread(
        angkatan_id=space.angkatan_id,
        space=space.kind,
        tutor_group_id=space.tutor_group_id if space.kind == GROUP else None,
        module_id=module_id,
        author_id=member.user_id,
        title=title,
        created_at=now,
        last_post_at=now,
        last_seq=1,
    )
    db.session.add(thread)
    db.session.flush()
    post = _new_post(thread, 1, member.user_id, body, now, client_token=data.client_token)
    record_read(member.user_id, thread.id, 1, now)
    members = space_members(space)
    notices = _mention_notices(members, body, post, member.user_id)
    if space.kind == ANNOUNCEMENTS:
        notices += [Notice(uid, "announcement", member.user_id, thread.id, post.id) for uid in members]
    notifications.send(notices)
    return post


@dataclass
class NewReply:
    body: str
    quote_of_id: int | None = None
    seen_seq: int = 0  # the last post the writer had on screen
    client_token: str | None = None


def check_reply(context: ThreadContext, thread: Thread, data: NewReply) -> str:
    """The reply's text as it will be stored, or PostRefused (views call it before the posting rate)."""
    body = check_body(data.body)
    if thread.locked and not context.moderator:
        raise PostRefused(_("Utas ini sudah dikunci moderator: teks Anda tidak terkirim."))
    if thread.hidden and not context.moderator:
        raise PostRefused(_("Utas ini disembunyikan moderator: teks Anda tidak terkirim."))
    return body


def reply(context: ThreadContext, data: NewReply, now: datetime | None = None) -> Post:
    now = now or utcnow()
    # The row lock serialises replies to one thread, so seq numbers never collide; the rules are
    # checked again under it (a moderator may have locked the thread a moment ago).
    thread = db.session.scalar(
        select(Thread).where(Thread.id == context.thread.id).with_for_update().execution_options(populate_existing=True)
    )
    body = check_reply(context, thread, data)
    quoted = None
    if data.quote_of_id is not None:
        quoted = db.session.scalar(select(Post).where(Post.id == data.quote_of_id, Post.thread_id == thread.id))
        if quoted is None or (quoted.hidden_at is not None and not context.moderator):
            raise PostRefused(_("Pos yang dikutip tidak ada di utas ini."), status=404)
        if quoted.deleted_at is not None or quoted.hidden_at is not None:
            raise PostRefused(
                _("Pos yang Anda kutip sudah dihapus atau disembunyikan. Hapus kutipan, lalu kirim lagi.")
            )
    author_id = context.member.user_id
    previous_last = thread.last_seq
    thread.last_seq += 1
    thread.last_post_at = now
    post = _new_post(
        thread,
        thread.last_seq,
        author_id,
        body,
        now,
        quote_of_id=quoted.id if quoted else None,
        client_token=data.client_token,
    )
    # Writing after reading everything: the thread is read up to this post. Writing from an older
    # page: what came after that page stays new.
    seen = min(max(data.seen_seq, 0), previous_last)
    record_read(author_id, thread.id, post.seq if seen >= previous_last else seen, now)
    notices = [Notice(thread.author_id, "reply", author_id, thread.id, post.id)]
    if quoted is not None:
        notices.append(Notice(quoted.author_id, "quote", author_id, thread.id, post.id))
    notices += _mention_notices(space_members(context.space), body, post, author_id)
    notifications.send(notices)
    return post


def edit_refusal(post: Post, context: ThreadContext, user_id: int, now: datetime | None = None) -> str | None:
    """Why the user may not edit the post now, or None if they may."""
    now = now or utcnow()
    if post.author_id != user_id:
        return _("Anda hanya dapat mengubah pos Anda sendiri.")
    if post.deleted_at is not None:
        return _("Pos ini sudah dihapus.")
    if post.hidden_at is not None:
        return _("Pos ini disembunyikan moderator dan tidak dapat diubah.")
    if context.thread.locked:
        return _("Utas ini sudah dikunci moderator.")
    if now - post.created_at > EDIT_WINDOW:
        return _("Pos hanya dapat diubah dalam 30 menit setelah dikirim.")
    return None


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
