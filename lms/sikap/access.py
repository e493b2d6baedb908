"""Who may open the sikap pages: the role decorators and the load-or-abort places of a scoring sheet and of an
angkatan's scoring list.

They answer only the scorers `lms.sikap.scorers.scorer_roles` names for the participants; anyone else gets a 404,
recorded as a refusal (an id that is no participant's or angkatan's is an ordinary miss). Pages of roles a user does
not have answer 403 through the decorators."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import role_required
from lms.people.models import Angkatan, Enrolment
from lms.program.spec import Instrument, Program
from lms.sikap.listing import AngkatanList, angkatan_list
from lms.sikap.programs import programs_for
from lms.sikap.scorers import relation_of, role_for, scope_of, scorer_roles

# Widyaiswara (teaching, tutoring or coaching), mentors and committee members score; nobody else has a list.
scorers_required = role_required(Role.INSTRUCTOR, Role.MENTOR, Role.COMMITTEE)
# An angkatan's form 3G: its coordinators, its widyaiswara, the head who ratifies its results, admins.
recap_readers_required = role_required(Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN, Role.HEAD)


@dataclass(frozen=True)
class Sheet:
    """One participant and instrument as the current user scores them, and in which role."""

    participant: User
    enrolment: Enrolment
    angkatan: Angkatan
    version_id: int
    program: Program
    instrument: Instrument
    role: str


def get_sheet_or_404(user_id: int, code: str) -> Sheet:
    """The scoring sheet of participant `user_id` on instrument `code` of their angkatan's program, if the current
    user scores that instrument for them; 404 otherwise (recorded when the participant exists)."""
    enrolment = db.session.scalar(
        select(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.user_id == user_id, User.role == Role.PARTICIPANT.value)
    )
    if enrolment is None:
        abort(404)
    held = scorer_roles(scope_of(current_user), relation_of(enrolment))
    if not held:
        refuse_hidden()
    found = programs_for([enrolment.angkatan_id]).get(enrolment.angkatan_id)
    instrument = found[1].instrument(code) if found else None
    if instrument is None:
        abort(404)  # a scorer of theirs asked for an instrument their program does not have
    role = role_for(instrument, held)
    if role is None:
        refuse_hidden()
    version_id, program = found
    return Sheet(enrolment.user, enrolment, enrolment.angkatan, version_id, program, instrument, role)


def get_scoring_list_or_404(angkatan_id: int) -> AngkatanList:
    """The current user's scoring list of one angkatan: 404 where they score nobody (recorded when it exists)."""
    found = angkatan_list(current_user, angkatan_id)
    if found is None:
        if db.session.get(Angkatan, angkatan_id) is not None:
            refuse_hidden()
        abort(404)
    return found
