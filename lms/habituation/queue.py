"""The log's part of the coach's and mentor's queue (/aktualisasi/antrean) and of the participant record.

The mentor sees the entries waiting for confirmation; the coach the entries without a comment of theirs or
changed since (edited, or answered by the participant), oldest first. Both see the changes of plan waiting for
their word. Each list is one query, whatever the number of mentees."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from lms.aktualisasi.access import examines_rancangan, plan_actors
from lms.aktualisasi.editing import plan_of
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.habituation.models import LogComment, LogEntry, PlanChange
from lms.habituation.period import period_for
from lms.habituation.progress import log_progress
from lms.people.models import Enrolment
from lms.people.record import Section

QUEUE_LIMIT = 100


@dataclass(frozen=True)
class Waiting:
    entry_id: int
    user_id: int
    name: str
    day: object
    since: datetime


def _mentor_waiting(mentor_id: int):
    return (
        select(LogEntry.id, LogEntry.user_id, User.name, LogEntry.day, LogEntry.updated_at)
        .join(Enrolment, Enrolment.user_id == LogEntry.user_id)
        .join(User, User.id == LogEntry.user_id)
        .where(Enrolment.mentor_id == mentor_id, LogEntry.state == "waiting")
    )


def mentor_waiting(mentor_id: int) -> list[Waiting]:
    query = _mentor_waiting(mentor_id).order_by(LogEntry.updated_at, LogEntry.id).limit(QUEUE_LIMIT)
    return [Waiting(*r) for r in db.session.execute(query).all()]


def coach_waiting(coach_id: int) -> list[Waiting]:
    query = _coach_waiting(coach_id).order_by(LogEntry.updated_at, LogEntry.id).limit(QUEUE_LIMIT)
    return [Waiting(*r) for r in db.session.execute(query).all()]


def waiting_count(viewer_id: int, as_mentor: bool) -> int:
    """How many entries wait for this mentor's confirmation (or this coach's comment), beyond QUEUE_LIMIT too:
    one query."""
    query = _mentor_waiting(viewer_id) if as_mentor else _coach_waiting(viewer_id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _coach_waiting(coach_id: int):
    last_coach = (
        select(LogComment.entry_id, func.max(LogComment.created_at).label("at"))
        .where(LogComment.role == "coach")
        .group_by(LogComment.entry_id)
        .subquery()
    )
    last_other = (
        select(LogComment.entry_id, func.max(LogComment.created_at).label("at"))
        .where(LogComment.role == "participant")
        .group_by(LogComment.entry_id)
        .subquery()
    )
    return (
        select(LogEntry.id, LogEntry.user_id, User.name, LogEntry.day, LogEntry.updated_at)
        .join(Enrolment, Enrolment.user_id == LogEntry.user_id)
        .join(User, User.id == LogEntry.user_id)
        .outerjoin(last_coach, last_coach.c.entry_id == LogEntry.id)
        .outerjoin(last_other, last_other.c.entry_id == LogEntry.id)
        .where(
            Enrolment.coach_id == coach_id,
            or_(
                last_coach.c.at.is_(None),
                LogEntry.updated_at > last_coach.c.at,
                last_other.c.at > last_coach.c.at,
            ),
        )
    )


def _changes_waiting(viewer_id: int, as_mentor: bool):
    relation = Enrolment.mentor_id if as_mentor else Enrolment.coach_id
    agreed = PlanChange.mentor_agreed_at if as_mentor else PlanChange.coach_agreed_at
    return (
        select(PlanChange)
        .join(Enrolment, Enrolment.user_id == PlanChange.user_id)
        .where(relation == viewer_id, PlanChange.state == "proposed", agreed.is_(None))
    )


def changes_waiting(viewer_id: int, as_mentor: bool) -> list[PlanChange]:
    return list(db.session.scalars(_changes_waiting(viewer_id, as_mentor).order_by(PlanChange.created_at)))


def changes_waiting_count(viewer_id: int, as_mentor: bool) -> int:
    """How many proposed changes wait for this coach's or mentor's word: one query, no rows loaded (a home)."""
    query = _changes_waiting(viewer_id, as_mentor).with_only_columns(PlanChange.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def queue_section(viewer, as_mentor: bool) -> Section:
    waiting = mentor_waiting(viewer.id) if as_mentor else coach_waiting(viewer.id)
    title = _l("Entri log menunggu konfirmasi") if as_mentor else _l("Entri log menunggu komentar coach")
    count = len(waiting) if len(waiting) < QUEUE_LIMIT else waiting_count(viewer.id, as_mentor)
    return Section(
        str(title),
        "habituation/_queue_section.html",
        {"waiting": waiting, "count": count, "mentor": as_mentor, "changes": changes_waiting(viewer.id, as_mentor)},
        anchor="entri",
    )


def record_section(person, viewer) -> Section | None:
    """The log's summary on the participant record, for those who may open the log (as for the plan)."""
    enrolment = person.enrolment
    if enrolment is None:
        return None
    examines = viewer.role == Role.INSTRUCTOR.value and examines_rancangan(viewer.id, enrolment.id)
    if not plan_actors(viewer, enrolment, examines=examines):
        return None
    plan = plan_of(person.id)
    activities = plan.activities if plan and plan.state == "approved" else []
    progress = log_progress(person.id, activities, period_for(enrolment.angkatan_id))
    counts = dict(
        db.session.execute(
            select(LogEntry.state, func.count()).where(LogEntry.user_id == person.id).group_by(LogEntry.state)
        ).all()
    )
    return Section(
        str(_l("Log habituasi")),
        "habituation/_record_section.html",
        {"person": person, "progress": progress, "counts": counts, "approved": bool(activities)},
    )
