"""The recap's part of the angkatan page: a link to it, for those who read it there (coordinators and admins)."""

from flask_babel import gettext as _

from lms.auth.models import User
from lms.people.access import can_manage_people
from lms.people.models import Angkatan
from lms.people.record import Section


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    if not can_manage_people(viewer):
        return None
    return Section(_("Rekap nilai akhir"), "kelulusan/_recap_angkatan_section.html", {"angkatan": angkatan})
