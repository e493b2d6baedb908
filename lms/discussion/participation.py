"""Participation in the discussions, for instructors and coordinators (distance learning is assessed).

Counted over the distance-learning phase of the angkatan (from its opening day to its closing day,
in the angkatan's time zone) when it has a schedule; posts that were deleted by their author or
hidden by a moderator do not count.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.i18n import TIMEZONES, local_datetime
from lms.discussion.access import PHASE_CODE
from lms.discussion.models import Post, Thread
from lms.discussion.spaces import GROUP, Space
from lms.people.models import Angkatan, Enrolment
from lms.people.record import Section
from lms.phases.models import Phase, PhaseSchedule


def phase_period(angkatan_id: int) -> tuple[date, date] | None:
    """The first and last day of the angkatan's distance-learning phase, or None if unscheduled."""
    window = phase_window(angkatan_id)
    return (window[0].date(), (window[1] - timedelta(days=1)).date()) if window else None


def phase_window(angkatan_id: int) -> tuple[datetime, datetime] | None:
    """The distance-learning phase of the angkatan as instants [start, end) in its time zone, or None."""
    row = db.session.execute(
        select(PhaseSchedule.opens_on, PhaseSchedule.closes_on, Angkatan.timezone)
        .join(Phase, Phase.id == PhaseSchedule.phase_id)
        .join(Angkatan, Angkatan.id == PhaseSchedule.angkatan_id)
        .where(PhaseSchedule.angkatan_id == angkatan_id, Phase.code == PHASE_CODE)
    ).first()
    if row is None:
        return None
    opens, closes, zone = row
    tz = ZoneInfo(TIMEZONES[zone])
    start = datetime.combine(opens, time.min, tz)
    end = datetime.combine(closes + timedelta(days=1), time.min, tz)
    return start, end


def _counted(angkatan_id: int, window: tuple[datetime, datetime] | None):
    clause = [Thread.angkatan_id == angkatan_id, Post.deleted_at.is_(None), Post.hidden_at.is_(None)]
    if window is not None:
        clause += [Post.created_at >= window[0], Post.created_at < window[1]]
    return clause


def posts_per_participant(angkatan_id: int) -> dict[int, int]:
    """Posts (opening posts and replies) each participant of the angkatan wrote in its spaces during
    the distance-learning phase: user_id -> count, with 0 for those who have not written yet."""
    window = phase_window(angkatan_id)
    counts = (
        select(Post.author_id.label("user_id"), func.count().label("n"))
        .join(Thread, Thread.id == Post.thread_id)
        .where(*_counted(angkatan_id, window))
        .group_by(Post.author_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Enrolment.user_id, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.user_id == Enrolment.user_id)
        .where(Enrolment.angkatan_id == angkatan_id)
    )
    return {user_id: n for user_id, n in rows}


@dataclass
class ParticipationRow:
    user_id: int
    name: str
    nip: str | None
    threads: int
    replies: int
    last_post_at: datetime | None

    @property
    def posts(self) -> int:
        return self.threads + self.replies


def participation(space: Space) -> list[ParticipationRow]:
    """Every participant of the space (a group space: its group) with the threads they started and
    the replies they wrote there during the phase; those with no post yet are listed too, first."""
    window = phase_window(space.angkatan_id)
    where = _counted(space.angkatan_id, window) + [Thread.space == space.kind]
    if space.kind == GROUP:
        where.append(Thread.tutor_group_id == space.tutor_group_id)
    counts = (
        select(
            Post.author_id.label("user_id"),
            func.sum(case((Post.seq == 1, 1), else_=0)).label("threads"),
            func.sum(case((Post.seq > 1, 1), else_=0)).label("replies"),
            func.max(Post.created_at).label("last_at"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .where(*where)
        .group_by(Post.author_id)
        .subquery()
    )
    members = [Enrolment.angkatan_id == space.angkatan_id]
    if space.kind == GROUP:
        members.append(Enrolment.tutor_group_id == space.tutor_group_id)
    rows = db.session.execute(
        select(User.id, User.name, User.nip, counts.c.threads, counts.c.replies, counts.c.last_at)
        .join(Enrolment, and_(Enrolment.user_id == User.id, *members))
        .outerjoin(counts, counts.c.user_id == User.id)
        .order_by(func.coalesce(counts.c.threads, 0) + func.coalesce(counts.c.replies, 0), User.name)
    ).all()
    return [ParticipationRow(r[0], r[1], r[2], int(r[3] or 0), int(r[4] or 0), r[5]) for r in rows]


def posts_column(angkatan_id: int):
    """For the coordinators' matrix: a participant's posts in this angkatan's spaces (not deleted or
    hidden), as a correlated subquery so the matrix stays one query."""
    return (
        select(func.count(Post.id))
        .join(Thread, Thread.id == Post.thread_id)
        .where(
            Post.author_id == User.id,
            Thread.angkatan_id == angkatan_id,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .correlate(User)
        .scalar_subquery()
    )


def matrix_column() -> tuple[str, Callable]:
    """For the angkatan matrix: its "posts" column (dashboard's sort "diskusi", the exports' "Diskusi")."""
    return "posts", posts_column


def record_section(person: User, viewer: User) -> Section:
    """For the participant record: what they wrote in the discussions, newest first."""
    rows = db.session.execute(
        select(Thread.title, Post.created_at, Post.deleted_at, Post.hidden_at)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id == person.id)
        .order_by(Post.created_at.desc())
        .limit(50)
    ).all()
    lines = []
    for title, created, deleted, hidden in rows:
        state = _(" (dihapus)") if deleted else (_(" (disembunyikan moderator)") if hidden else "")
        lines.append(f"{local_datetime(created)} · {title}{state}")
    return Section(
        _("Diskusi (%(n)d kiriman terakhir)", n=len(rows)), "discussion/_record_section.html", dict(lines=lines)
    )
