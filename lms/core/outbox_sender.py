"""The sender behind `lms send-outbox`: claims waiting messages one at a time, sends each, marks it.

Each message goes through three short transactions and nothing is held open while the server talks:
claim (set `claimed_at`, under `FOR UPDATE SKIP LOCKED` on PostgreSQL so two senders never take the same
row; SQLite's write lock serialises them), send, then mark it sent or record the failure and release the
claim with a back-off. A sender that dies between claim and mark leaves the row claimed: it is never
taken again on its own, and staff see it as "status unknown" (lms/core/outbox.py)."""

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import func, select, update

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.mail import compose
from lms.core.outbox import SENT_BODY, OutboxMessage, OutboxStatus, due_clause, retry_delay, status_clause

MAX_ERROR = 1000


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    stopped: str | None = None  # why the run ended early (the server is away)


def claim_next(now: datetime, mail_from: str) -> tuple[int, EmailMessage] | None:
    """Claim the oldest due message and commit the claim; its id and the e-mail to send, or None."""
    message = db.session.scalar(
        select(OutboxMessage)
        .where(due_clause(now))
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if message is None:
        db.session.rollback()
        return None
    message.claimed_at = now
    email = compose(
        key=message.key,
        to_address=message.to_address,
        subject=message.subject,
        body=message.body,
        mail_from=mail_from,
    )
    message_id = message.id
    db.session.commit()
    return message_id, email


def mark_sent(message_id: int, now: datetime) -> None:
    """Sent: its text (a one-time link) blanked, the row kept as the record."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .values(sent_at=now, attempts=OutboxMessage.attempts + 1, last_error=None, body=SENT_BODY)
    )
    db.session.commit()


def record_failure(message_id: int, error: str, now: datetime) -> None:
    """Count the attempt, keep the error, release the claim and set when to try again."""
    attempts = db.session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id)) + 1
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .values(
            attempts=attempts,
            last_error=error[:MAX_ERROR],
            claimed_at=None,
            next_attempt_at=now + retry_delay(attempts),
        )
    )
    db.session.commit()


def describe(error: Exception) -> str:
    """The server's answer (code and text) or the connection problem, as staff will read it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def _refused_this_message(error: Exception) -> bool:
    """The server refused this recipient or this message (the next one may pass); anything else (no
    connection, a refused greeting, login or sender) would fail every message alike, so the run stops."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def send_waiting(
    transport: Callable[[EmailMessage], None],
    mail_from: str,
    *,
    limit: int = 100,
    clock: Callable[[], datetime] = utcnow,
) -> SendReport:
    """Send up to `limit` due messages through `transport` (lms.core.mail.send_email with its settings)."""
    report = SendReport()
    for _ in range(limit):
        claimed = claim_next(clock(), mail_from)
        if claimed is None:
            break
        message_id, email = claimed
        try:
            transport(email)
        except (smtplib.SMTPException, OSError) as error:
            record_failure(message_id, describe(error), clock())
            report.failed += 1
            if not _refused_this_message(error):
                report.stopped = describe(error)
                break
        else:
            mark_sent(message_id, clock())
            report.sent += 1
    return report


def count_by_status(now: datetime) -> dict[OutboxStatus, int]:
    """How many messages have each status (for the command's summary)."""
    counts = {}
    for status in OutboxStatus:
        counts[status] = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(status_clause(status, now))
        )
    db.session.rollback()
    return counts
