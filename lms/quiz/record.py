"""The quiz feature's parts of the participant record: the required evaluations of each gated phase (with
the coordinator's exception form) and every attempt, one line each (its questions and answers on the attempt's
own page, lms.quiz.staff_routes.record_attempt, so the record stays light whatever the number of attempts)."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.access import can_manage_people
from lms.people.record import Section
from lms.phases.models import Phase
from lms.quiz.completion import requirement_results
from lms.quiz.forms import REASON_MIN, ExceptionForm
from lms.quiz.models import Attempt, PhaseRequirement


def exception_phase_choices() -> list[tuple[int, str]]:
    """The phases a coordinator may excuse a participant from: those with required quizzes."""
    gated = select(PhaseRequirement.phase_id).distinct()
    return [
        (p.id, p.name) for p in db.session.scalars(select(Phase).where(Phase.id.in_(gated)).order_by(Phase.position))
    ]


def exception_form() -> ExceptionForm:
    form = ExceptionForm(min_length=REASON_MIN)
    form.phase_id.choices = exception_phase_choices()
    return form


def requirement_sections(person: User, viewer: User) -> list[Section]:
    """One section per gated phase: each required quiz with the participant's counted result."""
    choices = exception_phase_choices()
    form = exception_form() if can_manage_people(viewer) else None
    return [
        Section(
            _("Evaluasi wajib %(name)s", name=name),
            "quiz/_record_requirements.html",
            dict(person=person, results=requirement_results(person.id, phase_id), exception_form=form),
        )
        for phase_id, name in choices
    ]


def attempts_section(person: User, viewer: User) -> Section:
    """Every attempt of the participant, newest first, one line each, linking to its questions and answers."""
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == person.id)
            .order_by(Attempt.started_at.desc())
            .options(joinedload(Attempt.quiz))
        )
    )
    return Section(_("Percobaan evaluasi"), "quiz/_record_attempts.html", dict(person=person, attempts=attempts))
