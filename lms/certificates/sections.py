"""The certificates' section on the angkatan page (lms.people.record.ANGKATAN_SECTIONS): for its staff and head."""

from flask_babel import gettext as _

from lms.auth.models import Role, User
from lms.people.models import Angkatan
from lms.people.record import Section

READERS = (Role.COORDINATOR.value, Role.ADMIN.value, Role.HEAD.value)


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    if viewer.role not in READERS:
        return None
    return Section(_("STTPL"), "certificates/_angkatan_section.html", {"angkatan": angkatan})
