"""The phases feature's parts of people's pages: the schedule on the angkatan page, the states and
completions on the participant record."""

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.access import can_manage_people
from lms.people.models import Angkatan
from lms.people.record import Section
from lms.phases.forms import schedule_form
from lms.phases.models import Phase, PhaseCompletion
from lms.phases.progress import states_for_participant
from lms.phases.schedule import all_phases


def schedule_section(angkatan: Angkatan, viewer: User) -> Section:
    """The angkatan's phase dates; a form to set them for those who manage people."""
    phases = all_phases()
    context = dict(angkatan=angkatan, phases=phases, schedule={s.phase_id: s for s in angkatan.schedule})
    if can_manage_people(viewer):
        context["form"] = schedule_form(phases, angkatan)
    return Section(_("Jadwal fase"), "phases/_schedule_section.html", context)


def record_section(person: User, viewer: User) -> Section:
    """Each phase open or locked for the participant (and why, about them), and the phases they completed."""
    completions = db.session.execute(
        select(PhaseCompletion, Phase.name)
        .join(Phase, Phase.id == PhaseCompletion.phase_id)
        .where(PhaseCompletion.user_id == person.id)
    ).all()
    states = states_for_participant(person.enrolment, for_staff=True) if person.enrolment else []
    return Section(_("Fase"), "phases/_record_section.html", dict(states=states, completions=completions))
