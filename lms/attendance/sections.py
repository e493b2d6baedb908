"""Attendance on people's pages: the angkatan page links to its PJJ schedule and attendance recap."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.attendance.models import TrainingSession
from lms.core.extensions import db
from lms.people.access import can_manage_people
from lms.people.record import Section


def angkatan_section(angkatan, viewer) -> Section:
    count = db.session.scalar(select(func.count()).where(TrainingSession.angkatan_id == angkatan.id))
    return Section(
        _("Jadwal sesi dan presensi"),
        "attendance/_angkatan_section.html",
        dict(angkatan=angkatan, count=count, manage=can_manage_people(viewer)),
    )
