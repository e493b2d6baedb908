"""The plan's line on the participant record: its state and a link, for those who may open the plan."""

from flask_babel import lazy_gettext as _l

from lms.aktualisasi.access import examines_rancangan, plan_actors
from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.workflow import STATE_LABELS
from lms.auth.models import Role
from lms.people.record import Section


def record_section(person, viewer) -> Section | None:
    enrolment = person.enrolment
    if enrolment is None:
        return None
    examines = viewer.role == Role.INSTRUCTOR.value and examines_rancangan(viewer.id, enrolment.id)
    if not plan_actors(viewer, enrolment, examines=examines):
        return None
    plan = plan_of(person.id)
    state = plan.state if plan else "draft"
    return Section(
        str(_l("Rancangan aktualisasi")),
        "aktualisasi/_record_section.html",
        {"person": person, "state_label": STATE_LABELS[state], "has_plan": plan is not None},
    )
