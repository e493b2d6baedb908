"""Sikap's parts of other pages: the angkatan page's line for its coordinators and widyaiswara (how many forms 3G
are complete, and the link to it), and the participant record's form 3G for everyone allowed to read it."""

from flask_babel import gettext as _

from lms.auth.models import Role, User
from lms.people.models import Angkatan
from lms.people.record import Section
from lms.sikap.labels import template_helpers
from lms.sikap.programs import programs_for
from lms.sikap.recap import angkatan_recap, sikap_results

# Who sees the angkatan page's line: those the angkatan's form 3G page lets in (lms.sikap.access).
RECAP_ROLES = (Role.INSTRUCTOR.value, Role.COORDINATOR.value, Role.ADMIN.value, Role.HEAD.value)


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    if viewer.role not in RECAP_ROLES:
        return None
    recap = angkatan_recap(angkatan.id)
    return Section(
        _("Sikap perilaku"),
        "sikap/_angkatan_section.html",
        {"angkatan": angkatan, "recap": recap, **template_helpers()},
    )


def record_section(person: User, viewer: User) -> Section | None:
    """The participant's form 3G on their record (the record page has checked the viewer may read it)."""
    enrolment = person.enrolment
    if enrolment is None:
        return None
    found = programs_for([enrolment.angkatan_id]).get(enrolment.angkatan_id)
    result = sikap_results([person.id], found[1]).get(person.id) if found else None
    return Section(
        _("Sikap perilaku"), "sikap/_record_section.html", {"result": result, "person": person, **template_helpers()}
    )
