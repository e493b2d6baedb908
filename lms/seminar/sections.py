"""The seminar's parts of other pages: the angkatan page's section for its coordinators, and the homes'
lines (a participant's seminars and results; a penguji's, coach's or mentor's upcoming seminars)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.access import can_manage_people
from lms.people.models import Angkatan
from lms.people.record import Section
from lms.seminar.access import my_seminars_clause
from lms.seminar.models import Seminar, SeminarPlace
from lms.seminar.results import Result
from lms.seminar.sheet import place_result


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    if not can_manage_people(viewer):
        return None
    count = db.session.scalar(select(func.count()).select_from(Seminar).where(Seminar.angkatan_id == angkatan.id))
    return Section(_("Seminar"), "seminar/_angkatan_section.html", {"angkatan": angkatan, "count": count})


@dataclass(frozen=True)
class MySeminar:
    seminar: Seminar
    result: Result | None  # shown once every scorer submitted


def participant_seminars(user: User) -> list[MySeminar]:
    """A participant's seminars in time order, with the result once it is final (all expected scorers
    submitted: a partial mean would change under them)."""
    enrolment = user.enrolment
    if enrolment is None:
        return []
    places = db.session.scalars(
        select(SeminarPlace)
        .join(Seminar, Seminar.id == SeminarPlace.seminar_id)
        .where(SeminarPlace.enrolment_id == enrolment.id)
        .order_by(Seminar.starts_at)
    ).all()
    shown = []
    for place in places:
        result = place_result(place.seminar, place)
        shown.append(MySeminar(place.seminar, result if result.final else None))
    return shown


def upcoming_count(user: User) -> int:
    """How many seminars not yet over the user examines or is invited to (their home links "Seminar saya")."""
    if user.role not in (Role.INSTRUCTOR.value, Role.MENTOR.value):
        return 0
    return db.session.scalar(
        select(func.count()).select_from(Seminar).where(my_seminars_clause(user), Seminar.ends_at >= utcnow())
    )
