"""Attendance as a requirement of its phase: the share of the phase's sessions attended, against the minimum the
program sets (the `completion:` block's min_attendance_percent). Excused absences (izin, sakit, dinas) leave the
count: they neither help nor hurt. The rule counts every scheduled session, held or not, so a participant meets it
as soon as enough sessions are attended, and no sooner."""

import math

from flask_babel import gettext as _
from sqlalchemy import select

from lms.attendance.recap import Summary, attendance_summary
from lms.core.extensions import db
from lms.phases.models import Phase
from lms.phases.requirements import CompletionRules


def sessions_needed(min_percent: int, scheduled: int, excused: int) -> int:
    """How many sessions must be attended: the minimum share of those that count, rounded up."""
    return math.ceil(min_percent * max(scheduled - excused, 0) / 100)


def attendance_unmet(summary: Summary, min_percent: int, phase_name: str, for_staff: bool) -> str | None:
    """What is missing, in words for the participant or about them for staff; None when the rule is met."""
    if summary.scheduled == 0:
        return _("Jadwal sesi %(phase)s untuk angkatan ini belum ditetapkan penyelenggara.", phase=phase_name)
    needed = sessions_needed(min_percent, summary.scheduled, summary.excused_total)
    if summary.present_total >= needed:
        return None
    values = {
        "phase": phase_name,
        "needed": needed,
        "total": summary.scheduled - summary.excused_total,
        "min": min_percent,
        "attended": summary.present_total,
    }
    if for_staff:
        return _(
            "Baru hadir di %(attended)d sesi %(phase)s; perlu %(needed)d dari %(total)d sesi (minimal %(min)d%%).",
            **values,
        )
    return _(
        "Hadiri sedikitnya %(needed)d dari %(total)d sesi %(phase)s (minimal %(min)d%%); sejauh ini Anda hadir di "
        "%(attended)d sesi.",
        **values,
    )


def explain_attendance(user_id: int, phase_ids: list[int], for_staff: bool = False) -> dict[int, list[str]]:
    """phases.progress.EXPLAIN_UNMET: for each phase whose rules set a minimum attendance, what is missing."""
    messages: dict[int, list[str]] = {}
    for phase_id, name, rules in db.session.execute(
        select(Phase.id, Phase.name, Phase.completion_rules).where(Phase.id.in_(phase_ids))
    ):
        minimum = CompletionRules.from_dict(rules).min_attendance_percent
        if minimum is None:
            continue
        summary = attendance_summary([user_id], phase_id)[user_id]
        if message := attendance_unmet(summary, minimum, name, for_staff):
            messages[phase_id] = [message]
    return messages
