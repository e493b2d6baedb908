"""What is new to whom: read positions per thread, unread counts per thread and per space.

A read position is the highest seq a user has read in a thread; posts after it, written by
someone else and neither deleted nor hidden, are unread. Counting costs one row per thread plus
the unread posts of threads already opened, never the whole history of a space.
"""

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.database import begin_write, utcnow
from lms.core.extensions import db
from lms.discussion import notifications
from lms.discussion.access import Member, membership
from lms.discussion.models import Post, Thread, ThreadRead
from lms.discussion.spaces import GROUP, PHASE_CODE
from lms.phases.progress import phase_access


def _unread(user_id: int, group_by: list, where: list):
    """Unread posts per group_by, in one statement of two parts.

    Threads the user has opened: their posts after the read position, written by someone else and
    neither deleted nor hidden (a range of the (thread_id, seq) index). Threads never opened: all
    their posts but the removed ones, read from the thread row alone; the user wrote none of them,
    since writing in a thread records a read position."""
    opened = (
        select(*group_by, func.count(Post.id).label("n"))
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .join(ThreadRead, and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user_id))
        .where(
            *where,
            Post.seq > ThreadRead.last_seq,
            Post.author_id != user_id,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .group_by(*group_by)
    )
    never_opened = (
        select(*group_by, func.sum(Thread.last_seq - Thread.removed_posts).label("n"))
        .select_from(Thread)
        .outerjoin(ThreadRead, and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user_id))
        .where(*where, ThreadRead.thread_id.is_(None))
        .group_by(*group_by)
    )
    return db.session.execute(union_all(opened, never_opened)).all()


def unread_by_thread(user_id: int, thread_ids: list[int]) -> dict[int, int]:
    if not thread_ids:
        return {}
    counts: dict[int, int] = {}
    for thread_id, n in _unread(user_id, [Thread.id], [Thread.id.in_(thread_ids)]):
        if n:
            counts[thread_id] = counts.get(thread_id, 0) + int(n)
    return counts


def unread_by_space(member: Member) -> dict[str, int]:
    """Unread posts per space key ('pengumuman', 'umum', 'kelompok-3') of the member's angkatan."""
    visible = [Thread.angkatan_id == member.angkatan_id, Thread.hidden.is_(False)]
    if not member.all_groups:
        visible.append(or_(Thread.space != GROUP, Thread.tutor_group_id.in_(member.group_ids or [-1])))
    counts: dict[str, int] = {}
    for space, group, n in _unread(member.user_id, [Thread.space, Thread.tutor_group_id], visible):
        key = f"{GROUP}-{group}" if space == GROUP else space
        if n:
            counts[key] = counts.get(key, 0) + int(n)
    return counts


def record_read(user_id: int, thread_id: int, seq: int, now: datetime | None = None) -> None:
    """Move the user's read position forward to seq (never back), in one statement: two tabs may race."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ThreadRead).values(user_id=user_id, thread_id=thread_id, last_seq=seq, read_at=now or utcnow())
    statement = statement.on_conflict_do_update(
        index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
        set_={
            "last_seq": case(
                (statement.excluded.last_seq > ThreadRead.last_seq, statement.excluded.last_seq),
                else_=ThreadRead.last_seq,
            ),
            "read_at": statement.excluded.read_at,
        },
    )
    db.session.execute(statement)


def position_after_reading(read_seq: int, first_seq: int, last_seq: int) -> int | None:
    """The read position after reading the posts first_seq..last_seq, or None if it does not move.

    Only reading on from where one stopped moves it: a participant who jumps to the last page
    still finds the pages they skipped marked new."""
    if first_seq <= read_seq + 1 and last_seq > read_seq:
        return last_seq
    return None


def record_reading(user, thread_id: int, read_seq: int, first_seq: int, last_seq: int, post_ids: list[int]) -> None:
    """Reading a page of a thread (posts first_seq..last_seq) moves the read position and reads the
    notices about its posts, committed.

    The one write a GET makes: it only records what the reader has seen, is idempotent, and is
    skipped when there is nothing to record."""
    new_position = position_after_reading(read_seq, first_seq, last_seq)
    if new_position is None and not user.unread_notifications:
        return
    begin_write()
    if new_position is not None:
        record_read(user.id, thread_id, new_position)
    if user.unread_notifications:
        notifications.mark_read_for_posts(user.id, post_ids)
    db.session.commit()


def home_summary(user, states) -> dict | None:
    """For the participant's home page: whether their discussion spaces are open and how much is new.
    states: the participant's phase states, already loaded by the home page."""
    enrolment = user.enrolment
    access = phase_access(user, code=PHASE_CODE, states=states)
    if enrolment is None or access.state is None:
        return None
    if not access.open:
        return {"open": False, "unread": 0}
    member = membership(user, enrolment.angkatan_id)
    return {"open": True, "unread": sum(unread_by_space(member).values())}
