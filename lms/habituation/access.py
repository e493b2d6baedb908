"""Who may open a participant's log and its entries, and as whom: the one load-or-abort place of the log pages.

The same people as the plan (lms.aktualisasi.access): the participant, their coach, their mentor, the penguji of
their seminar and the coordinators of their angkatan's lembaga. Anyone else gets a 404 (recorded), so a mentor
cannot even learn that another mentor's mentee has an entry; acting outside one's part is a 403."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.aktualisasi.access import get_plan_access_or_404, plan_readers_required
from lms.auth.models import User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.habituation.models import LogEntry, LogEvidence, PlanChange
from lms.people.models import Enrolment

log_readers_required = plan_readers_required


@dataclass(frozen=True)
class LogAccess:
    person: User
    enrolment: Enrolment
    actors: frozenset[str]

    def require(self, actor: str) -> None:
        """403 for someone who may read the log but does not hold this part in it."""
        if actor not in self.actors:
            abort(403)


def get_log_access_or_404(user_id: int) -> LogAccess:
    plan = get_plan_access_or_404(user_id)
    return LogAccess(plan.person, plan.enrolment, plan.actors)


def get_entry_or_404(entry_id: int, *, actor: str | None = None) -> tuple[LogEntry, LogAccess]:
    """The entry and the current user's parts in its participant's log; with `actor`, 404 (recorded) unless the
    user holds that part for this participant: a mentor confirming a non-mentee's entry learns nothing."""
    entry = db.session.get(LogEntry, entry_id)
    if entry is None:
        abort(404)
    access = get_log_access_or_404(entry.user_id)
    if actor is not None and actor not in access.actors:
        refuse_hidden()
    return entry, access


def get_evidence_or_404(evidence_id: int) -> LogEvidence:
    evidence = db.session.get(LogEvidence, evidence_id)
    if evidence is None:
        abort(404)
    get_entry_or_404(evidence.entry_id)
    return evidence


def get_change_or_404(change_id: int) -> tuple[PlanChange, LogAccess]:
    change = db.session.get(PlanChange, change_id)
    if change is None:
        abort(404)
    return change, get_log_access_or_404(change.user_id)


def own_enrolment_or_404() -> Enrolment:
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == current_user.id))
    if enrolment is None:
        abort(404)
    return enrolment
