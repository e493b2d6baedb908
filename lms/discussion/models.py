"""Threads, posts and their history, read positions, reports, and in-app notifications.

A space is not a table: each angkatan has an announcements space, a general space with a topic per
MOOC module, and a space per tutor group, all derived from the angkatan, its tutor groups and the
modules (see spaces.py). A thread names its space by (angkatan_id, space, tutor_group_id), so a new
tutor group or a new module has its space or topic at once, with nothing to create or keep in sync.

Posts are numbered inside their thread (seq 1 is the opening post): pages, read positions and the
"baru" marker are ranges of seq, answered by the (thread_id, seq) index whatever the thread's size.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

SPACE_KINDS = ("pengumuman", "umum", "kelompok")
NOTIFICATION_KINDS = ("reply", "quote", "mention", "announcement", "hidden", "report")


class Thread(db.Model):
    __tablename__ = "discussion_threads"
    __table_args__ = (
        CheckConstraint(f"space IN {SPACE_KINDS}", name="space"),
        CheckConstraint("(space = 'kelompok') = (tutor_group_id IS NOT NULL)", name="group_space"),
        # The space page: pinned first, then the latest activity, 20 at a time.
        Index("ix_discussion_threads_listing", "angkatan_id", "space", "tutor_group_id", "pinned", "last_post_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id"))
    space: Mapped[str] = mapped_column(String(12))
    tutor_group_id: Mapped[int | None] = mapped_column(ForeignKey("tutor_groups.id"))
    # The topic inside the general space: a MOOC module, or none for "Umum".
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seq: Mapped[int] = mapped_column(default=0)
    # Posts deleted by their author or hidden by a moderator: a thread someone has never opened
    # holds last_seq - removed_posts posts new to them, counted without touching the posts.
    removed_posts: Mapped[int] = mapped_column(default=0)
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    # Set when a moderator hides the opening post: the whole thread leaves participants' lists.
    hidden: Mapped[bool] = mapped_column(default=False)
    answer_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("discussion_posts.id", use_alter=True, name="fk_discussion_threads_answer_post")
    )

    author = relationship("User", foreign_keys=[author_id])


class Post(db.Model):
    __tablename__ = "discussion_posts"
    __table_args__ = (
        UniqueConstraint("thread_id", "seq", name="uq_discussion_posts_seq"),
        # A retried or double-clicked submit carries the same token and finds the post it already made.
        UniqueConstraint("author_id", "client_token", name="uq_discussion_posts_client_token"),
        Index("ix_discussion_posts_author", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"))
    seq: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_md: Mapped[str] = deferred(mapped_column(Text))
    body_html: Mapped[str] = mapped_column(Text)
    # Plain text, shown when the post is quoted and in notifications.
    excerpt: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quote_of_id: Mapped[int | None] = mapped_column(ForeignKey("discussion_posts.id"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    client_token: Mapped[str | None] = mapped_column(String(40))

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author = relationship("User", foreign_keys=[author_id])


class PostRevision(db.Model):
    """The text a post had before an edit (and the thread title, when the opening post was edited)."""

    __tablename__ = "discussion_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThreadRead(db.Model):
    """How far a user has read a thread: every post with a higher seq is new to them."""

    __tablename__ = "discussion_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(db.Model):
    """A member tells the angkatan's instructors that a post needs a look."""

    __tablename__ = "discussion_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id", name="uq_discussion_reports_reporter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    post: Mapped[Post] = relationship()


class Notification(db.Model):
    """One in-app notice for one user. Made by notifications.InAppChannel, never by the forum code."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"kind IN {NOTIFICATION_KINDS}", name="kind"),
        Index("ix_notifications_user", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("discussion_threads.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("discussion_posts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
