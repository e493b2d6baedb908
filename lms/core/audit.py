"""The append-only audit log: who did what, when (UTC), to which object, and why."""

from datetime import datetime

from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from lms.core import ledger
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    # The participant whose record the entry belongs to, so their record page finds it by index.
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User", foreign_keys=[actor_id])


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _flush_context, _instances):
    # The database triggers (see the migration) refuse it too; this fails earlier, with a clear name.
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit_log rows are never updated or deleted")


def record(
    action: str, obj_type: str, obj_id, *, reason: str | None = None, subject_user_id=None, actor_id=None, **details
) -> AuditEntry:
    """Add an audit entry to the current transaction (committed with the change it describes). A score action
    (lms.core.ledger.SCORE_ACTIONS) also needs its ledger entry in the transaction, or the commit is refused."""
    if actor_id is None and current_user and getattr(current_user, "is_authenticated", False):
        actor_id = current_user.id
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        subject_user_id=subject_user_id,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    ledger.expect_entry(action, subject_user_id)
    return entry
