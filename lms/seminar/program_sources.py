"""The seminars' components of the final score: a participant's seminar score once it is final (every expected
scorer submitted), for the seminar rancangan and the seminar aktualisasi."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.seminar.models import SeminarPlace
from lms.seminar.sheet import place_result

SOURCES = {"seminar_rancangan": "rancangan", "seminar_aktualisasi": "aktualisasi"}


def seminar_scores(kind: str, user_ids: list[int]) -> dict:
    """Each placed participant's final seminar score (None while a scorer has not submitted), in two queries."""
    if not user_ids:
        return {}
    places = db.session.scalars(
        select(SeminarPlace)
        .join(Enrolment, Enrolment.id == SeminarPlace.enrolment_id)
        .where(SeminarPlace.kind == kind, Enrolment.user_id.in_(user_ids))
        .options(
            selectinload(SeminarPlace.scores), selectinload(SeminarPlace.seminar), selectinload(SeminarPlace.enrolment)
        )
    )
    found = {}
    for place in places:
        result = place_result(place.seminar, place)
        found[place.enrolment.user_id] = result.score if result.final else None
    return found


def component_sources() -> dict:
    """lms.program.sources.COMPONENT_SOURCES."""
    return {
        name: (lambda user_ids, _program, kind=kind: seminar_scores(kind, user_ids)) for name, kind in SOURCES.items()
    }
