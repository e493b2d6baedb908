"""What waits for a coach's or a mentor's word, counted for their home: plans to review or approve, habituation log
entries to confirm (a mentor) or comment on (a coach), changes of plan to decide, reports to check or approve.
Each count is one query, whatever the number of participants; the items themselves are on /aktualisasi/antrean."""

from dataclasses import dataclass

from sqlalchemy import select

from lms.aktualisasi.overview import coach_queue_counts, mentor_queue_counts
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.habituation.queue import changes_waiting_count, waiting_count
from lms.people.models import Enrolment
from lms.report.queue import waiting_report_count


@dataclass(frozen=True)
class WaitingToday:
    as_mentor: bool
    plans: int
    entries: int
    changes: int
    reports: int

    @property
    def total(self) -> int:
        return self.plans + self.entries + self.changes + self.reports


def waiting_today(user: User) -> WaitingToday | None:
    """The counts for a mentor, or for a widyaiswara who coaches someone; None for anyone else (no card)."""
    as_mentor = user.role == Role.MENTOR.value
    if not as_mentor:
        if user.role != Role.INSTRUCTOR.value:
            return None
        coaches = db.session.scalar(select(Enrolment.id).where(Enrolment.coach_id == user.id).limit(1))
        if coaches is None:
            return None
    plans = (mentor_queue_counts if as_mentor else coach_queue_counts)([user.id])[user.id]
    return WaitingToday(
        as_mentor,
        plans=plans,
        entries=waiting_count(user.id, as_mentor),
        changes=changes_waiting_count(user.id, as_mentor),
        reports=waiting_report_count(user.id, as_mentor),
    )
