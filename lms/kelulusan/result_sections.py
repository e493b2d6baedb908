"""The result's parts of other pages: the angkatan page's section for its coordinators, and what the homes show
(a participant's sealed result; what waits for the head)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.kelulusan.models import AngkatanResult, Correction
from lms.people.access import can_manage_people, visible_angkatan_clause
from lms.people.models import Angkatan
from lms.people.record import Section


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section | None:
    """lms.people.record.ANGKATAN_SECTIONS: the state of the result and the way to the kelulusan page."""
    if not can_manage_people(viewer):
        return None
    result = db.session.get(AngkatanResult, angkatan.id)
    return Section(_("Kelulusan"), "kelulusan/_angkatan_section.html", {"angkatan": angkatan, "result": result})


@dataclass(frozen=True)
class HeadWaiting:
    to_ratify: int  # prepared results not yet ratified
    corrections: int  # corrections waiting for a second person


def head_waiting(user: User) -> HeadWaiting | None:
    """What waits for a head of institution in their lembaga (two queries); None for anyone else."""
    if user.role != Role.HEAD.value:
        return None
    in_scope = select(Angkatan.id).where(visible_angkatan_clause(user))
    to_ratify = db.session.scalar(
        select(func.count())
        .select_from(AngkatanResult)
        .where(AngkatanResult.ratified_at.is_(None), AngkatanResult.angkatan_id.in_(in_scope))
    )
    corrections = db.session.scalar(
        select(func.count())
        .select_from(Correction)
        .where(Correction.state == "proposed", Correction.angkatan_id.in_(in_scope))
    )
    return HeadWaiting(to_ratify, corrections)
