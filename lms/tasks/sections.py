"""The tasks' part of the angkatan page: how many tasks, and the link to them for those who may set them."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.people.record import Section
from lms.tasks.access import may_set_tasks
from lms.tasks.models import Task


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    if not may_set_tasks(viewer, angkatan):
        return None
    count = db.session.scalar(select(func.count()).select_from(Task).where(Task.angkatan_id == angkatan.id))
    return Section(_("Tugas"), "tasks/_angkatan_section.html", {"angkatan": angkatan, "count": count})
