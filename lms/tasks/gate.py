"""Tasks as a requirement of their phase: with the program's `all_tasks_submitted`, every task set for the
participant (or their tutor group) in the phase has a submission, late ones included when the task took them."""

from flask_babel import ngettext
from sqlalchemy import select

from lms.core.extensions import db
from lms.phases.models import Phase
from lms.phases.requirements import CompletionRules
from lms.tasks.summary import Summary, task_summary


def tasks_unmet(summary: Summary, phase_name: str, for_staff: bool) -> str | None:
    """What is missing, for the participant or about them for staff; None when every task has a submission."""
    left = summary.total - summary.submitted
    if left <= 0:
        return None
    if for_staff:
        return ngettext(
            "%(n)d tugas %(phase)s belum dikumpulkan.",
            "%(n)d tugas %(phase)s belum dikumpulkan.",
            left,
            n=left,
            phase=phase_name,
        )
    return ngettext(
        "Kumpulkan %(n)d tugas %(phase)s yang belum Anda kirim.",
        "Kumpulkan %(n)d tugas %(phase)s yang belum Anda kirim.",
        left,
        n=left,
        phase=phase_name,
    )


def explain_tasks(user_id: int, phase_ids: list[int], for_staff: bool = False) -> dict[int, list[str]]:
    """phases.progress.EXPLAIN_UNMET: for each phase whose rules ask every task submitted, what is missing."""
    messages: dict[int, list[str]] = {}
    for phase_id, name, rules in db.session.execute(
        select(Phase.id, Phase.name, Phase.completion_rules).where(Phase.id.in_(phase_ids))
    ):
        if not CompletionRules.from_dict(rules).all_tasks_submitted:
            continue
        summary = task_summary([user_id], phase_id).get(user_id)
        if summary is not None and (message := tasks_unmet(summary, name, for_staff)):
            messages[phase_id] = [message]
    return messages
