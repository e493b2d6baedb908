"""PJJ's columns of the angkatan report: each participant's attendance and tasks in the PJJ phase, read for every
participant of the report at once (attendance_summary and task_summary each take a fixed number of queries)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from lms.attendance.recap import Summary as AttendanceSummary
from lms.attendance.recap import attendance_summary
from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.tasks.summary import Summary as TaskSummary
from lms.tasks.summary import task_summary

PJJ = "pjj"


@dataclass(frozen=True)
class PjjFacts:
    phase_id: int | None
    attendance: dict[int, AttendanceSummary] = field(default_factory=dict)
    tasks: dict[int, TaskSummary] = field(default_factory=dict)


def pjj_facts(phases, user_ids: list[int], now: datetime) -> PjjFacts:
    """phases: the report's PhaseLines (the program's phases, the same for every angkatan)."""
    phase_id = next((p.id for p in phases if p.code == PJJ), None)
    if phase_id is None or not user_ids:
        return PjjFacts(phase_id)
    enrolments = db.session.execute(  # read once for both summaries
        select(Enrolment.user_id, Enrolment.angkatan_id, Enrolment.tutor_group_id).where(
            Enrolment.user_id.in_(user_ids)
        )
    ).all()
    return PjjFacts(
        phase_id,
        attendance_summary(user_ids, phase_id, now, angkatan_of={u: a for u, a, _g in enrolments}),
        task_summary(user_ids, phase_id, now, enrolments=enrolments),
    )
