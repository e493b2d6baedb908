"""Telling people that something happened, behind one small interface.

The forum code only builds Notice values and calls send(). Each channel in CHANNELS delivers them:
today the in-app channel (the bell); an e-mail or chat bridge is one more class with a deliver()
method, appended to CHANNELS at start-up, without touching the forum code. send() runs inside the
transaction of the change it reports, so in-app notices commit or roll back with it; a channel that
talks to the outside world should queue its messages and send them after the commit.

A notice leads to a post in a discussion space. Every notice is stored, but a participant sees (in the
list and in the bell's count) only those they can open now: while their distance-learning phase is
locked the notices about its spaces wait, and appear, unread, the day it opens (whether it is open is
lms.phases.progress.phase_access's answer; `spaces_open=` below).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion.models import Notification, Post, Thread
from lms.discussion.spaces import PHASE_CODE
from lms.phases.progress import phase_access

# When one post gives the same person several reasons to hear about it, they hear the most specific.
PRIORITY = ("hidden", "report", "quote", "mention", "reply", "announcement")


@dataclass(frozen=True)
class Notice:
    recipient_id: int
    kind: str  # one of models.NOTIFICATION_KINDS
    actor_id: int | None
    thread_id: int | None
    post_id: int | None


class Channel(Protocol):
    def deliver(self, notices: list[Notice]) -> None: ...


class InAppChannel:
    """Stores notices for the bell; keeps users.unread_notifications in step (atomic increments)."""

    def deliver(self, notices: list[Notice]) -> None:
        if not notices:
            return
        now = utcnow()
        db.session.execute(
            insert(Notification),
            [
                {
                    "user_id": n.recipient_id,
                    "kind": n.kind,
                    "actor_id": n.actor_id,
                    "thread_id": n.thread_id,
                    "post_id": n.post_id,
                    "created_at": now,
                }
                for n in notices
            ],
        )
        per_user: dict[int, int] = {}
        for n in notices:
            per_user[n.recipient_id] = per_user.get(n.recipient_id, 0) + 1
        for amount in set(per_user.values()):
            ids = [uid for uid, k in per_user.items() if k == amount]
            db.session.execute(
                update(User)
                .where(User.id.in_(ids))
                .values(unread_notifications=User.unread_notifications + amount)
                .execution_options(synchronize_session=False)
            )


CHANNELS: list[Channel] = [InAppChannel()]


def send(notices: list[Notice]) -> list[Notice]:
    """Deliver through every channel: one notice per person and post, never to the person who acted."""
    best: dict[tuple[int, int | None, int | None], Notice] = {}
    for notice in notices:
        if notice.recipient_id == notice.actor_id:
            continue
        key = (notice.recipient_id, notice.thread_id, notice.post_id)
        if key not in best or PRIORITY.index(notice.kind) < PRIORITY.index(best[key].kind):
            best[key] = notice
    chosen = sorted(best.values(), key=lambda n: (n.recipient_id, PRIORITY.index(n.kind)))
    for channel in CHANNELS:
        channel.deliver(chosen)
    return chosen


def _recount(user_id: int) -> None:
    # Recounted from the rows rather than decremented, so the number heals itself if it ever drifted.
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            unread_notifications=select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )


def _waiting(spaces_open: bool) -> tuple:
    # Notices about a thread lead into a space; with the spaces locked only notices about nothing
    # in them (none are written today) would show.
    return () if spaces_open else (Notification.thread_id.is_(None),)


def visible_unread(user: User) -> int:
    """The bell's number: the unread notices the user can open now. No query while nothing is unread
    or the spaces are open; one to recount otherwise."""
    if not user.unread_notifications or phase_access(user, code=PHASE_CODE).open:
        return user.unread_notifications
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), *_waiting(False))
    )


def mark_all_read(user_id: int, now: datetime | None = None, spaces_open: bool = True) -> int:
    """Marks read what the user was shown; notices still waiting for a locked space stay unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None), *_waiting(spaces_open))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    _recount(user_id)
    return result.rowcount


def mark_read_for_posts(user_id: int, post_ids: list[int], now: datetime | None = None) -> int:
    """The user has now seen these posts: their notices about them are read."""
    if not post_ids:
        return 0
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.read_at.is_(None),
            Notification.post_id.in_(post_ids),
        )
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        _recount(user_id)
    return result.rowcount


@dataclass
class NotificationRow:
    id: int
    kind: str
    created_at: datetime
    read: bool
    actor_name: str | None
    thread_id: int | None
    thread_title: str | None
    post_id: int | None
    excerpt: str | None
    hidden_reason: str | None


def page_for(
    user_id: int, page: int, per_page: int = 30, spaces_open: bool = True
) -> tuple[list[NotificationRow], bool]:
    """One page of the user's notifications, newest first, with what they are about; and whether more follow.
    spaces_open: False leaves out the notices that lead into the (locked) discussion spaces."""
    actor = aliased(User)
    rows = db.session.execute(
        select(
            Notification.id,
            Notification.kind,
            Notification.created_at,
            Notification.read_at,
            actor.name,
            Thread.id,
            Thread.title,
            Thread.hidden,
            Post.id,
            Post.excerpt,
            Post.hidden_reason,
            Post.deleted_at,
            Post.hidden_at,
        )
        .outerjoin(actor, actor.id == Notification.actor_id)
        .outerjoin(Thread, Thread.id == Notification.thread_id)
        .outerjoin(Post, Post.id == Notification.post_id)
        .where(Notification.user_id == user_id, *_waiting(spaces_open))
        .order_by(Notification.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    items = []
    for r in rows[:per_page]:
        kind, thread_hidden, deleted, hidden = r[1], r[7], r[11], r[12]
        # What was removed after the notice was sent is not shown again from here; reports go to
        # moderators and "hidden" to the author, who both know what it was.
        knows = kind in ("report", "hidden")
        title = None if thread_hidden and not knows else r[6]
        excerpt = None if (deleted is not None or hidden is not None) and not knows else r[9]
        items.append(NotificationRow(r[0], kind, r[2], r[3] is not None, r[4], r[5], title, r[8], excerpt, r[10]))
    return items, len(rows) > per_page
