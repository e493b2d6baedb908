"""Starting threads, replying and quoting; the posting flow (editing and deleting: editing.py).

Every text goes through render_markdown(), the one sanitizer. A refused post raises PostRefused
with a message for the writer; the view puts the text back in the form, so nothing typed is lost.
submit() is the whole flow a form goes through (the same text saved once, the rules, the posting
rate, the save); views only read the form and show what it answers.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.render import render_markdown
from lms.discussion import notifications
from lms.discussion.access import Member, ThreadContext
from lms.discussion.members import space_members
from lms.discussion.mentions import find_mentions
from lms.discussion.models import Post, Thread
from lms.discussion.notifications import Notice
from lms.discussion.spaces import ANNOUNCEMENTS, GENERAL, GROUP, Space, topics
from lms.discussion.unread import record_read

MAX_BODY = 20_000
MAX_TITLE = 200
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


def last_page(thread: Thread) -> int:
    """The thread's last page (1 for a thread without posts)."""
    return page_of(max(thread.last_seq, 1))


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


def reply_refusal(thread: Thread, moderator: bool) -> str | None:
    """Why nobody but a moderator may reply to the thread now, or None (the page offers no reply form)."""
    if thread.locked and not moderator:
        return _("Utas ini sudah dikunci moderator: teks Anda tidak terkirim.")
    if thread.hidden and not moderator:
        return _("Utas ini disembunyikan moderator: teks Anda tidak terkirim.")
    return None


def check_reply(context: ThreadContext, thread: Thread, data: NewReply) -> str:
    """The reply's text as it will be stored, or PostRefused (views call it before the posting rate)."""
    body = check_body(data.body)
    if refusal := reply_refusal(thread, context.moderator):
        raise PostRefused(refusal)
    return body


def quoted_post(thread_id: int, post_id: int) -> Post | None:
    """The post a reply quotes, if it is in the thread."""
    return db.session.scalar(select(Post).where(Post.id == post_id, Post.thread_id == thread_id))


def quote_refusal(quoted: Post | None, moderator: bool) -> PostRefused | None:
    """Why a reply may not quote this post (None: it may). A hidden post is not there for a participant."""
    if quoted is None or (quoted.hidden_at is not None and not moderator):
        return PostRefused(_("Pos yang dikutip tidak ada di utas ini."), status=404)
    if quoted.deleted_at is not None or quoted.hidden_at is not None:
        return PostRefused(_("Pos yang Anda kutip sudah dihapus atau disembunyikan. Hapus kutipan, lalu kirim lagi."))
    return None


def quote_in_form(quoted: Post | None, moderator: bool) -> Post | None:
    """The quote the reply form shows: one the writer can see and that is not deleted. A moderator's
    quote of a hidden post stays, so quote_refusal()'s message can ask to remove it."""
    refused = quote_refusal(quoted, moderator)
    if refused is not None and (refused.status == 404 or quoted.deleted_at is not None):
        return None
    return quoted


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
        quoted = quoted_post(thread.id, data.quote_of_id)
        if refused := quote_refusal(quoted, context.moderator):
            raise refused
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


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted text. post: the post it made, or had made already (repeated: the same
    form sent twice, a double click or a retry after the network dropped); wait: the seconds the posting
    rate asks for; refused: why the rules refuse it. Nothing is written unless there is a post."""

    post: Post | None = None
    repeated: bool = False
    wait: float = 0.0
    refused: PostRefused | None = None

    @property
    def status(self) -> int:
        """The page's status when the form comes back: the text stays in it (a refusal about the
        form's fields, or one the writer can fix), except for 403/404, about where it was sent."""
        if self.wait:
            return 429
        if self.refused is not None and not self.refused.field and self.refused.status in (403, 404):
            return self.refused.status
        return 200


def submit(
    save: Callable[[], Post],
    check: Callable[[], object] = lambda: None,
    claim: Callable[[], float] = lambda: 0.0,
    author_id: int | None = None,
    client_token: str | None = None,
) -> Submitted:
    """The one posting flow: a form already saved finds its post; then the rules (check), before a place in
    the posting rate is claimed, so a refused text costs nothing; then the save, committed once."""
    if author_id is not None and (done := existing_post(author_id, client_token)) is not None:
        return Submitted(done, repeated=True)
    try:
        check()
        if wait := claim():
            return Submitted(wait=wait)
        post = save()
        db.session.commit()
    except PostRefused as refused:
        db.session.rollback()
        return Submitted(refused=refused)
    return Submitted(post)


def submit_thread(space: Space, member: Member, data: NewThread, claim: Callable[[], float]) -> Submitted:
    """Start a thread from the form. claim(): 0 when the writer may post now, else the seconds to wait."""
    return submit(
        lambda: start_thread(space, member, data),
        lambda: check_thread(space, member, data),
        claim,
        member.user_id,
        data.client_token,
    )


def submit_reply(context: ThreadContext, data: NewReply, claim: Callable[[], float]) -> Submitted:
    """Reply from the form; as submit_thread()."""
    return submit(
        lambda: reply(context, data),
        lambda: check_reply(context, context.thread, data),
        claim,
        context.member.user_id,
        data.client_token,
    )
