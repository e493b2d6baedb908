"""The outbox: every message that leaves the system (an invitation, a set-up link) is first a row here.

A message is written in the same transaction as the change that causes it, so it exists exactly when
that change does. Delivery is separate: with SMTP configured (`LMS_SMTP_URL`) a command sends the
waiting rows and marks each one (lms/core/outbox_sender.py); without it, staff hand the links over
themselves from the page that lists pending messages. `key` makes a message idempotent: enqueueing the
same key again returns the row already there instead of writing a second one (a double click, a re-run
import).

A message's status is derived from its columns by one rule, `status_of` (a row) and `status_clause`
(the same rule in SQL): waiting, sending (claimed by a sender a moment ago), sent, failed (out of
attempts) or unknown (claimed by a sender that never said how it went: it may have gone out, so it is
never sent again on its own).

Once a message is sent or handed over its text is blanked (SENT_BODY): it holds a one-time set-up link, and
the row stays as the record of what went to whom, when, and by whose hand."""

import enum
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, Text, and_, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

MAX_ADDRESS, MAX_SUBJECT, MAX_KEY = 254, 200, 120
# After this many failed tries a message is "failed": staff hand it over or ask for another round.
MAX_ATTEMPTS = 8
FIRST_RETRY, LONGEST_RETRY = timedelta(minutes=5), timedelta(hours=6)
# Longer than any SMTP conversation (lms/core/mail.py's timeout): a claim this old belongs to a
# sender that died between claiming and marking.
CLAIM_STALE = timedelta(minutes=15)
# The text of a message once it has gone out: the link in it was the recipient's secret, not the record's.
SENT_BODY = ""


class OutboxStatus(enum.StrEnum):
    WAITING = "menunggu"
    SENDING = "dikirim"
    SENT = "terkirim"
    FAILED = "gagal"
    UNKNOWN = "tidak-diketahui"


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
    # After a failure: the sender leaves the row alone until then (a growing back-off).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Set when staff marked the message as handed over in person instead of sent by e-mail.
    handed_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_hand: Mapped[bool] = mapped_column(default=False)


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


def status_of(message: OutboxMessage, now: datetime) -> OutboxStatus:
    """The status of one message at `now` (status_clause is the same rule in SQL)."""
    if message.sent_at is not None:
        return OutboxStatus.SENT
    if message.claimed_at is not None:
        return OutboxStatus.SENDING if message.claimed_at >= now - CLAIM_STALE else OutboxStatus.UNKNOWN
    return OutboxStatus.FAILED if message.attempts >= MAX_ATTEMPTS else OutboxStatus.WAITING


def status_clause(status: OutboxStatus, now: datetime):
    """A WHERE clause selecting the messages with this status at `now`."""
    m = OutboxMessage
    unsent, unclaimed = m.sent_at.is_(None), m.claimed_at.is_(None)
    return {
        OutboxStatus.SENT: m.sent_at.is_not(None),
        OutboxStatus.SENDING: and_(unsent, m.claimed_at >= now - CLAIM_STALE),
        OutboxStatus.UNKNOWN: and_(unsent, m.claimed_at < now - CLAIM_STALE),
        OutboxStatus.FAILED: and_(unsent, unclaimed, m.attempts >= MAX_ATTEMPTS),
        OutboxStatus.WAITING: and_(unsent, unclaimed, m.attempts < MAX_ATTEMPTS),
    }[status]


def due_clause(now: datetime):
    """The messages a sender may take now: waiting, with an address, and past their back-off."""
    return and_(
        status_clause(OutboxStatus.WAITING, now),
        OutboxMessage.to_address.is_not(None),
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
    )


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failure: doubling from five minutes, at most six hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def can_hand_over(status: OutboxStatus) -> bool:
    """A message not sent and not in a sender's hands right now may be handed over in person."""
    return status in (OutboxStatus.WAITING, OutboxStatus.FAILED, OutboxStatus.UNKNOWN)


def mark_handed_over(message: OutboxMessage, staff_id: int, now: datetime) -> bool:
    """Record that staff gave the message to its recipient themselves; False when it was sent (or a
    sender claimed it) in the meantime. The row is changed only if it is still in that state, so a
    sender marking it at the same moment does not make it "delivered twice"."""
    if not can_hand_over(status_of(message, now)):
        return False
    changed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_STALE),
        )
        .values(sent_at=now, by_hand=True, handed_over_by_id=staff_id, body=SENT_BODY)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(message)
    return changed == 1


def can_retry(status: OutboxStatus) -> bool:
    return status in (OutboxStatus.FAILED, OutboxStatus.UNKNOWN)


def release_for_retry(message: OutboxMessage, now: datetime) -> bool:
    """Staff ask for another round of tries (after fixing an address, or having checked that a message
    of unknown status did not arrive): the sender takes it again on its next run."""
    if not can_retry(status_of(message, now)):
        return False
    message.claimed_at = None
    message.next_attempt_at = None
    message.attempts = 0
    return True


def needs_hand_over(message: OutboxMessage, status: OutboxStatus, smtp_configured: bool) -> bool:
    """Whether staff must give this message to its recipient themselves (and so see its text): no
    sender will take it, because SMTP is not configured, it has no address, or the sender gave up on
    it or does not know whether it went out."""
    if not can_hand_over(status):
        return False
    return not smtp_configured or message.to_address is None or status != OutboxStatus.WAITING
