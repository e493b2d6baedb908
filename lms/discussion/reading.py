"""Loads the space and thread pages in a fixed number of queries, whatever the number of posts."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.pagination import page_window
from lms.discussion.access import Member, SpaceContext
from lms.discussion.models import Post, Thread, ThreadRead
from lms.discussion.posting import POSTS_PER_PAGE, THREADS_PER_PAGE
from lms.discussion.spaces import GROUP, Space


def _space_clause(space: Space):
    clause = [Thread.angkatan_id == space.angkatan_id, Thread.space == space.kind]
    if space.kind == GROUP:
        clause.append(Thread.tutor_group_id == space.tutor_group_id)
    return clause


def _visible_threads(context: SpaceContext):
    clause = _space_clause(context.space)
    if not context.moderator:
        clause.append(or_(Thread.hidden.is_(False), Thread.author_id == context.member.user_id))
    return clause


@dataclass
class ThreadRow:
    id: int
    title: str
    author_name: str
    module_id: int | None
    created_at: datetime
    last_post_at: datetime
    replies: int
    pinned: bool
    locked: bool
    hidden: bool
    answered: bool
    read_seq: int
    unread: int = 0


def thread_page(context: SpaceContext, page: int, module_id: int | None = None, topic: bool = False):
    """One page of the space's threads (pinned first, then latest activity) and the number of pages.
    With topic=True only the threads of module_id (None: "Umum")."""
    where = _visible_threads(context)
    if topic:
        where.append(Thread.module_id == module_id if module_id is not None else Thread.module_id.is_(None))
    total = db.session.scalar(select(func.count()).select_from(Thread).where(*where))
    page, pages = (window := page_window(total, THREADS_PER_PAGE, page)).page, window.pages
    rows = db.session.execute(
        select(
            Thread.id,
            Thread.title,
            User.name,
            Thread.module_id,
            Thread.created_at,
            Thread.last_post_at,
            Thread.last_seq,
            Thread.pinned,
            Thread.locked,
            Thread.hidden,
            Thread.answer_post_id,
            ThreadRead.last_seq,
        )
        .join(User, User.id == Thread.author_id)
        .outerjoin(ThreadRead, and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == context.member.user_id))
        .where(*where)
        .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
        .limit(THREADS_PER_PAGE)
        .offset((page - 1) * THREADS_PER_PAGE)
    ).all()
    threads = [
        ThreadRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] - 1, r[7], r[8], r[9], r[10] is not None, r[11] or 0)
        for r in rows
    ]
    return threads, page, pages


def topic_counts(space: Space) -> dict[int | None, int]:
    """Threads per topic (module id, None for "Umum") of a general space."""
    rows = db.session.execute(
        select(Thread.module_id, func.count())
        .where(*_space_clause(space), Thread.hidden.is_(False))
        .group_by(Thread.module_id)
    )
    return {module_id: n for module_id, n in rows}


def thread_counts(member: Member) -> dict[str, int]:
    """Threads per space key of the member's angkatan."""
    rows = db.session.execute(
        select(Thread.space, Thread.tutor_group_id, func.count())
        .where(Thread.angkatan_id == member.angkatan_id, Thread.hidden.is_(False))
        .group_by(Thread.space, Thread.tutor_group_id)
    )
    return {(f"{GROUP}-{group}" if space == GROUP else space): n for space, group, n in rows}


@dataclass
class Quote:
    post_id: int
    seq: int
    author_name: str
    excerpt: str
    gone: bool  # deleted or hidden: its text is not shown


@dataclass
class PostRow:
    id: int
    seq: int
    author_id: int
    author_name: str
    author_role: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    hidden: bool
    hidden_reason: str | None
    quote: Quote | None


def page_bounds(page: int) -> tuple[int, int]:
    """The seq range a page of a thread shows: page 1 is posts 1-30, page 2 is 31-60..."""
    return (page - 1) * POSTS_PER_PAGE + 1, page * POSTS_PER_PAGE


def posts_page(thread_id: int, page: int, viewer_id: int, moderator: bool) -> list[PostRow]:
    """The page's posts with their authors and quoted posts, in one query. Hidden posts are left out
    for everybody but moderators and their authors (so a page may hold fewer than 30)."""
    first, last = page_bounds(page)
    quoted, quoted_author = aliased(Post), aliased(User)
    where = [Post.thread_id == thread_id, Post.seq.between(first, last)]
    if not moderator:
        where.append(or_(Post.hidden_at.is_(None), Post.author_id == viewer_id))
    rows = db.session.execute(
        select(
            Post.id,
            Post.seq,
            Post.author_id,
            User.name,
            User.role,
            Post.body_html,
            Post.created_at,
            Post.edited_at,
            Post.deleted_at,
            Post.hidden_at,
            Post.hidden_reason,
            quoted.id,
            quoted.seq,
            quoted_author.name,
            quoted.excerpt,
            quoted.deleted_at,
            quoted.hidden_at,
        )
        .join(User, User.id == Post.author_id)
        .outerjoin(quoted, quoted.id == Post.quote_of_id)
        .outerjoin(quoted_author, quoted_author.id == quoted.author_id)
        .where(*where)
        .order_by(Post.seq)
    ).all()
    posts = []
    for r in rows:
        quote = None
        if r[11] is not None:
            gone = r[15] is not None or (r[16] is not None and not moderator)
            quote = Quote(r[11], r[12], r[13], "" if gone else r[14], gone)
        posts.append(
            PostRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] is not None, r[9] is not None, r[10], quote)
        )
    return posts


def first_unread(posts: list[PostRow], read_seq: int, viewer_id: int) -> int | None:
    """The id of the first post on the page that is new to the viewer (where the "baru" marker goes)."""
    return next(
        (p.id for p in posts if p.seq > read_seq and p.author_id != viewer_id and not p.deleted and not p.hidden),
        None,
    )


def first_unread_seq(thread_id: int, read_seq: int, viewer_id: int) -> int | None:
    return db.session.scalar(
        select(func.min(Post.seq)).where(
            Post.thread_id == thread_id,
            Post.seq > read_seq,
            Post.author_id != viewer_id,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
    )
