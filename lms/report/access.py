"""Who may open a participant's report, and as whom: the one load-or-abort place for the report pages.

The participant edits; their coach and mentor review; the coordinators of their angkatan's lembaga (admins
too) and the penguji assigned to their seminar aktualisasi (from the moment of assignment) read. Everyone else,
a widyaiswara who only teaches the angkatan or an instansi viewer included, gets 404 (recorded)."""

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import get_participant_or_404, role_required
from lms.people.models import Enrolment, SeminarExaminer
from lms.report.editing import report_of
from lms.report.models import AktualisasiReport

# Every role that may hold a part in someone's report; the instansi viewer is refused by the relation check
# below (404, like anyone unrelated), not by role.
report_readers_required = role_required(
    Role.PARTICIPANT, Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN, Role.MENTOR, Role.INSTANSI_VIEWER
)


@dataclass(frozen=True)
class ReportAccess:
    person: User
    enrolment: Enrolment
    report: AktualisasiReport | None
    actors: frozenset[str]  # lms.report.workflow.ACTORS the current user holds for this participant


def examines_aktualisasi(viewer_id: int, enrolment_id: int) -> bool:
    return (
        db.session.scalar(
            select(SeminarExaminer.id).where(
                SeminarExaminer.enrolment_id == enrolment_id,
                SeminarExaminer.examiner_id == viewer_id,
                SeminarExaminer.kind == "aktualisasi",
                SeminarExaminer.assigned_at <= utcnow(),
            )
        )
        is not None
    )


def report_actors(viewer: User, enrolment: Enrolment) -> frozenset[str]:
    """The roles `viewer` holds on the report of the participant of `enrolment` (scope already checked)."""
    actors = set()
    if viewer.id == enrolment.user_id:
        actors.add("participant")
    if enrolment.coach_id == viewer.id:
        actors.add("coach")
    if enrolment.mentor_id == viewer.id:
        actors.add("mentor")
    if viewer.role in (Role.COORDINATOR.value, Role.ADMIN.value):
        actors.add("coordinator")
    if viewer.role == Role.INSTRUCTOR.value and examines_aktualisasi(viewer.id, enrolment.id):
        actors.add("penguji")
    return frozenset(actors)


def get_report_access_or_404(user_id: int, *, lock: bool = False) -> ReportAccess:
    """The participant's report and the current user's roles on it; 404 (recorded) outside them."""
    if current_user.role == Role.INSTANSI_VIEWER.value:
        refuse_hidden()  # follows their employees' progress, not their reports' texts
    person = get_participant_or_404(user_id)  # scope: angkatan, relation, self
    enrolment = person.enrolment
    actors = report_actors(current_user, enrolment)
    if not actors:  # in scope (e.g. teaches the angkatan) but no part in this report
        refuse_hidden()
    return ReportAccess(person, enrolment, report_of(user_id, lock=lock), actors)
