"""Plans seen from above, for queues, homes and dashboards: each in a bounded number of queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.aktualisasi.models import Plan
from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment

# The state a coach's and a mentor's queue waits on.
COACH_WAITS_ON = "submitted"
MENTOR_WAITS_ON = "accepted_by_coach"
# IN lists are sent in chunks this long (PostgreSQL and SQLite both take it comfortably).
CHUNK = 900


def plan_states(user_ids) -> dict[int, str]:
    """{participant id: plan state} for the given participants; one without a plan is 'draft' (nothing
    written yet). One query per CHUNK ids."""
    ids = list(dict.fromkeys(user_ids))
    states = dict.fromkeys(ids, "draft")
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        states.update(db.session.execute(select(Plan.user_id, Plan.state).where(Plan.user_id.in_(part))).all())
    return states


def _queue_counts(column, state: str, ids) -> dict[int, int]:
    ids = list(dict.fromkeys(ids))
    counts = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        counts.update(
            db.session.execute(
                select(column, func.count())
                .join(Plan, Plan.user_id == Enrolment.user_id)
                .where(column.in_(part), Plan.state == state)
                .group_by(column)
            ).all()
        )
    return counts


def coach_queue_counts(coach_ids) -> dict[int, int]:
    """{coach id: plans of their participants waiting for their review}."""
    return _queue_counts(Enrolment.coach_id, COACH_WAITS_ON, coach_ids)


def mentor_queue_counts(mentor_ids) -> dict[int, int]:
    """{mentor id: plans of their mentees waiting for their approval}."""
    return _queue_counts(Enrolment.mentor_id, MENTOR_WAITS_ON, mentor_ids)


@dataclass(frozen=True)
class QueueRow:
    user_id: int
    name: str
    angkatan: str
    state: str
    since: datetime | None


def related_plans(column, user_id: int, limit: int = 200) -> list[QueueRow]:
    """The participants related to `user_id` through `column` (Enrolment.coach_id or .mentor_id) with their plan
    state, those waiting longest first among the ones waiting; one query."""
    rows = db.session.execute(
        select(User.id, User.name, Angkatan.name, func.coalesce(Plan.state, "draft"), Plan.state_changed_at)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .outerjoin(Plan, Plan.user_id == User.id)
        .where(column == user_id)
        .order_by(User.name, User.id)
        .limit(limit)
    ).all()
    return [QueueRow(*row) for row in rows]
