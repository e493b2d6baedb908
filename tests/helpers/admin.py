"""Reading the admin tests' results back: audit entries and users, outside any request."""

from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db


def audit_entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        entries = list(entries)
        db.session.expunge_all()
        return entries


def user_by_nip(app, nip: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.nip == nip))
        if user is not None:
            db.session.expunge(user)
        return user


def user_by_id(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user
