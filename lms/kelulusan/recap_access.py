"""Who reads an angkatan's recap, and which of its rows: the one load-or-abort function of the recap's pages."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import get_angkatan_or_404, role_required, viewer_instansi_ids
from lms.people.models import Angkatan, Enrolment

# The coordinators of the angkatan's lembaga, admins, the head of that lembaga (who ratifies its results), and the
# instansi viewers whose employees are in it (their rows alone). Others: 403 by role.
recap_readers_required = role_required(Role.COORDINATOR, Role.ADMIN, Role.HEAD, Role.INSTANSI_VIEWER)


@dataclass(frozen=True)
class RecapScope:
    angkatan_id: int
    instansi_ids: list[int] | None  # an instansi viewer's: only their employees' rows; None: every row


def recap_scope_or_404(angkatan_id: int) -> RecapScope:
    """The angkatan's recap as the current user may read it. Coordinators and heads: the angkatan of their lembaga
    (lms.people.access.visible_angkatan_clause); admins: any; an instansi viewer: an angkatan holding one of their
    employees at least, their rows alone. Anything else answers 404, recorded when the angkatan exists."""
    if current_user.role != Role.INSTANSI_VIEWER.value:
        return RecapScope(get_angkatan_or_404(angkatan_id).id, None)
    instansi_ids = list(db.session.scalars(viewer_instansi_ids(current_user)))
    theirs = db.session.scalar(
        select(Enrolment.angkatan_id)
        .where(Enrolment.angkatan_id == angkatan_id, Enrolment.instansi_id.in_(instansi_ids))
        .limit(1)
    )
    if theirs is None:
        if db.session.get(Angkatan, angkatan_id) is not None:
            refuse_hidden()
        abort(404)
    return RecapScope(angkatan_id, instansi_ids)
