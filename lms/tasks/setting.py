"""What may change in a task once participants have used it: the rubric stays once a grade was given by it
(the stored levels would no longer match), and individual/per-group stays once anything was submitted (the
submissions belong to participants or to groups)."""

from flask_babel import gettext as _
from sqlalchemy import exists, select

from lms.core.extensions import db
from lms.tasks.models import Grade, Submission, SubmissionVersion, Task


def locked_changes(task: Task, rubric: dict, per_group: bool) -> dict[str, str]:
    """{form field: why it cannot change} for the changes asked of an existing task; empty when all may."""
    refused = {}
    if rubric != task.rubric and db.session.scalar(
        select(
            exists()
            .where(Grade.version_id == SubmissionVersion.id)
            .where(SubmissionVersion.submission_id == Submission.id)
            .where(Submission.task_id == task.id)
        )
    ):
        refused["rubric"] = _("Rubrik tidak dapat diubah karena sudah ada kiriman yang dinilai dengannya.")
    if per_group != task.per_group and db.session.scalar(select(exists().where(Submission.task_id == task.id))):
        refused["per_group"] = _("Cara pengumpulan tidak dapat diubah karena sudah ada kiriman.")
    return refused
