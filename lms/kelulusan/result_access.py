"""The load-or-abort functions of the result pages. Coordinators and the head reach the angkatan of their own
lembaga (lms.people.access.visible_angkatan_clause), admins every one; anything else answers 404, recorded as a
refusal. Role decorators stop the other roles first (403)."""

from flask import abort
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.kelulusan.models import Correction, ResultRow
from lms.people.access import get_angkatan_or_404, role_required
from lms.people.models import Angkatan

# Who reads an angkatan's results and a participant's versions: its coordinators, its head, admins.
result_readers_required = role_required(Role.COORDINATOR, Role.HEAD, Role.ADMIN)
# Who decides on a correction: another coordinator of the lembaga or its head (lms.kelulusan.corrections.may_decide).
deciders_required = role_required(Role.COORDINATOR, Role.HEAD)


def get_result_angkatan_or_404(angkatan_id: int) -> Angkatan:
    return get_angkatan_or_404(angkatan_id)


def get_result_participant_or_404(angkatan: Angkatan, user_id: int) -> User:
    """A participant with a stored result in this angkatan."""
    found = db.session.scalar(
        select(ResultRow.user_id).where(ResultRow.angkatan_id == angkatan.id, ResultRow.user_id == user_id).limit(1)
    )
    if found is None:
        abort(404)
    return db.session.get(User, user_id)


def get_correction_or_404(angkatan: Angkatan, user_id: int, correction_id: int) -> Correction:
    correction = db.session.get(Correction, correction_id)
    if correction is None:
        abort(404)
    if correction.angkatan_id != angkatan.id or correction.user_id != user_id:
        refuse_hidden()
        abort(404)
    return correction
