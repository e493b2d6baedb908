"""The outbox: every message that leaves the system (an invitation, a set-up link) is first a row here.

A message is written in the same transaction as the change that causes it, so it exists exactly when
that change does. Delivery is separate: with SMTP configured (`LMS_SMTP_URL`) a command sends the
waiting rows and marks each one; without it, staff hand the links over themselves from the pages that
list pending messages. `key` makes a message idempotent: enqueueing the same key again returns the row
already there instead of writing a second one (a double click, a re-run import)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

MAX_ADDRESS, MAX_SUBJECT, MAX_KEY = 254, 200, 120


class OutboxMessage(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY), unique=True)
    to_address: Mapped[str | None] = mapped_column(String(MAX_ADDRESS))  # None: no e-mail, handed over by staff
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set when a sender claims the row, before it talks to the server: a row claimed and never marked sent
    # is not retried on its own (it may have gone out), so nothing is sent twice.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


def enqueue(key: str, subject: str, body: str, *, to_address: str | None, recipient_id: int | None = None):
    """Add a message to the current transaction (committed with the change that causes it); the one
    already there when `key` was enqueued before."""
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None:
        return existing
    message = OutboxMessage(
        key=key,
        subject=subject[:MAX_SUBJECT],
        body=body,
        to_address=to_address,
        recipient_id=recipient_id,
    )
    db.session.add(message)
    return message
