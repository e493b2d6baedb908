"""Load-or-abort for certificates: the staff of the holder's lembaga, the holder themselves."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.core.security_events import refuse_hidden
from lms.people.access import get_angkatan_or_404

ISSUERS = (Role.COORDINATOR.value, Role.ADMIN.value)


def get_certificate_or_404(certificate_id: int, *, manage: bool = False) -> Certificate:
    """A certificate the current user may read: their own (a participant), or one of an angkatan in their scope
    (staff, the head). manage=True: only coordinators of its lembaga and admins (revocation)."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if current_user.role == Role.PARTICIPANT.value:
        if certificate.user_id != current_user.id or manage:
            refuse_hidden()
            abort(404)
        return certificate
    get_angkatan_or_404(certificate.angkatan_id)  # 404 (recorded) outside the user's scope
    if manage and current_user.role not in ISSUERS:
        abort(403)
    return certificate


def own_certificate() -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == current_user.id).order_by(Certificate.id.desc()).limit(1)
    )
