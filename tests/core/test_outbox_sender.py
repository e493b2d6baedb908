"""`lms send-outbox` against a real SMTP server (aiosmtpd, started by the test): each message arrives
once, a refusal or a server away leaves it waiting with its error, a claim never marked is not sent
again, and two senders at once send each message once."""

import threading
import time
from datetime import timedelta

from sqlalchemy import select, text

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.mail import message_id, parse_smtp_url, send_email
from lms.core.outbox import (
    CLAIM_STALE,
    MAX_ATTEMPTS,
    OutboxMessage,
    OutboxStatus,
    enqueue,
    retry_delay,
    status_clause,
    status_of,
)
from lms.core.outbox_sender import claim_next, send_waiting
from tests.helpers.outbox import free_port

FROM = "Latsar LMS <lms@bpsdm.contoh.go.id>"


def _enqueue(app, n: int = 1, to: str | None = "mentor@contoh.go.id") -> list[int]:
    with app.app_context():
        rows = [
            enqueue(
                f"undangan:mentor:{i}",
                f"Undangan mentor {i}",
                f"Yth. Mentor {i},\n\nTautan: https://lms/x/{i}\n",
                to_address=to,
            )
            for i in range(n)
        ]
        db.session.commit()
        return [row.id for row in rows]


def _row(app, message_id_: int) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, message_id_)
        db.session.expunge(row)
        return row


def _send(app, server_url: str, clock=utcnow, limit: int = 100):
    settings = parse_smtp_url(server_url)
    with app.app_context():
        return send_waiting(lambda email: send_email(settings, email), FROM, limit=limit, clock=clock)


def test_a_message_arrives_once_with_its_subject_body_and_headers(mail_app, smtp_server):
    [mid] = _enqueue(mail_app)
    runner = mail_app.test_cli_runner()
    result = runner.invoke(args=["lms", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "1 terkirim, 0 gagal" in result.output
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Undangan mentor 0"
    assert mail["To"] == "mentor@contoh.go.id"
    assert mail["From"] == FROM
    assert mail["Message-ID"].strip() == message_id("undangan:mentor:0", FROM)
    assert mail["Message-ID"].endswith("@bpsdm.contoh.go.id>")
    assert mail["Auto-Submitted"] == "auto-generated"
    assert "Tautan: https://lms/x/0" in mail.get_content()
    row = _row(mail_app, mid)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None and not row.by_hand
    assert row.body == "" and row.subject == "Undangan mentor 0" and row.to_address == "mentor@contoh.go.id"
    # A second run finds nothing to send.
    again = runner.invoke(args=["lms", "send-outbox"])
    assert again.exit_code == 0 and "0 terkirim" in again.output
    assert len(smtp_server.messages) == 1


def test_the_message_id_is_the_same_for_the_same_key():
    assert message_id("k:1", FROM) == message_id("k:1", FROM) != message_id("k:2", FROM)


def test_a_refusal_leaves_the_message_waiting_with_its_error_and_a_back_off(mail_app, smtp_server):
    [mid] = _enqueue(mail_app)
    smtp_server.catcher.refuse = "550 5.1.1 Mailbox unavailable"
    start = utcnow()
    report = _send(mail_app, smtp_server.url, clock=lambda: start)
    assert (report.sent, report.failed, report.stopped) == (0, 1, None)
    row = _row(mail_app, mid)
    assert row.sent_at is None and row.claimed_at is None and row.attempts == 1
    assert "550" in row.last_error and "Mailbox unavailable" in row.last_error
    assert row.next_attempt_at == start + retry_delay(1)
    assert status_of(row, start) == OutboxStatus.WAITING
    # Not tried again before its time, even once the server accepts.
    smtp_server.catcher.refuse = None
    assert _send(mail_app, smtp_server.url, clock=lambda: start + timedelta(minutes=1)).sent == 0
    assert _send(mail_app, smtp_server.url, clock=lambda: start + retry_delay(1)).sent == 1
    assert len(smtp_server.messages) == 1
    row = _row(mail_app, mid)
    assert row.attempts == 2 and row.sent_at is not None and row.last_error is None


def test_a_refused_recipient_does_not_stop_the_others(mail_app, smtp_server):
    _enqueue(mail_app, n=3)
    smtp_server.catcher.refuse = "550 No such user"
    report = _send(mail_app, smtp_server.url)
    assert (report.sent, report.failed, report.stopped) == (0, 3, None)


def test_a_server_away_stops_the_run_and_the_message_waits(mail_app):
    first, second = _enqueue(mail_app, n=2)
    mail_app.config["LMS_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    result = mail_app.test_cli_runner().invoke(args=["lms", "send-outbox"])
    assert result.exit_code != 0
    assert "Server SMTP tidak dapat dipakai" in result.output and "ConnectionRefusedError" in result.output
    row = _row(mail_app, first)
    assert row.attempts == 1 and row.claimed_at is None and row.sent_at is None
    assert "ConnectionRefusedError" in row.last_error
    # The run stopped there: the next message was not tried against a server that is away.
    untouched = _row(mail_app, second)
    assert (untouched.attempts, untouched.last_error, untouched.claimed_at) == (0, None, None)


def test_after_the_last_attempt_a_message_is_failed_and_left_alone(mail_app, smtp_server):
    [mid] = _enqueue(mail_app)
    smtp_server.catcher.refuse = "550 No such user"
    when = utcnow()
    for _ in range(MAX_ATTEMPTS):
        assert _send(mail_app, smtp_server.url, clock=lambda: when).failed == 1
        when += retry_delay(MAX_ATTEMPTS)
    assert status_of(_row(mail_app, mid), when) == OutboxStatus.FAILED
    smtp_server.catcher.refuse = None
    assert _send(mail_app, smtp_server.url, clock=lambda: when + timedelta(days=1)).sent == 0
    assert smtp_server.messages == []


def test_a_claimed_message_never_marked_is_not_sent_again_and_shows_as_unknown(mail_app, smtp_server):
    """The sender died between claiming and marking: the message may have gone out, so it is never
    sent again on its own."""
    [mid] = _enqueue(mail_app)
    claimed = utcnow()
    with mail_app.app_context():
        db.session.get(OutboxMessage, mid).claimed_at = claimed
        db.session.commit()
    assert status_of(_row(mail_app, mid), claimed + timedelta(minutes=1)) == OutboxStatus.SENDING
    later = claimed + CLAIM_STALE + timedelta(seconds=1)
    assert status_of(_row(mail_app, mid), later) == OutboxStatus.UNKNOWN
    for moment in (claimed + timedelta(minutes=1), later, later + timedelta(days=2)):
        assert _send(mail_app, smtp_server.url, clock=lambda m=moment: m).sent == 0
    assert smtp_server.messages == []
    with mail_app.app_context():
        unknown = db.session.scalars(select(OutboxMessage.id).where(status_clause(OutboxStatus.UNKNOWN, later)))
        assert list(unknown) == [mid]


def test_two_senders_at_once_send_each_message_once(mail_app, smtp_server):
    """On PostgreSQL the claim skips a row another sender holds (FOR UPDATE SKIP LOCKED); on SQLite the
    write lock serialises the claims. Either way: every message once, none twice."""
    ids = _enqueue(mail_app, n=12)
    smtp_server.catcher.delay = 0.05  # each send takes a while, so the two senders overlap
    reports, errors = [], []

    def sender():
        try:
            reports.append(_send(mail_app, smtp_server.url))
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    subjects = sorted(mail["Subject"] for mail in smtp_server.messages)
    assert subjects == sorted(f"Undangan mentor {i}" for i in range(12))
    assert sum(r.sent for r in reports) == 12
    assert all(r.sent > 0 for r in reports), "one sender did all the work: the test did not overlap them"
    with mail_app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
        assert all(row.sent_at is not None and row.attempts == 1 for row in rows)


def test_without_smtp_the_command_says_so_and_sends_nothing(app, runner):
    [mid] = _enqueue(app)
    result = runner.invoke(args=["lms", "send-outbox"])
    assert result.exit_code == 0
    assert "LMS_SMTP_URL belum diatur" in result.output and "1 pesan menunggu" in result.output
    row = _row(app, mid)
    assert (row.attempts, row.claimed_at, row.sent_at) == (0, None, None)


def test_a_message_without_an_address_is_never_taken_by_the_sender(mail_app, smtp_server):
    [mid] = _enqueue(mail_app, to=None)
    assert _send(mail_app, smtp_server.url).sent == 0
    assert _row(mail_app, mid).claimed_at is None


def test_a_claim_never_takes_a_row_another_sender_holds(mail_app):
    """PostgreSQL: a row locked by another sender's claim is skipped at once (SKIP LOCKED), the next one is
    taken. SQLite: the other sender's write lock makes the claim wait until that transaction ends."""
    first, second = _enqueue(mail_app, n=2)
    with mail_app.app_context():
        other = db.engine.connect()
        try:
            if db.engine.dialect.name == "postgresql":
                other.execute(select(OutboxMessage.id).where(OutboxMessage.id == first).with_for_update())
                claimed_id, _email = claim_next(utcnow(), FROM)
                assert claimed_id == second
            else:
                other.execute(text("SELECT 1"))  # the engine's BEGIN IMMEDIATE: the write lock is held
                released = threading.Timer(0.5, other.rollback)
                started = time.monotonic()
                released.start()
                claimed_id, _email = claim_next(utcnow(), FROM)
                assert time.monotonic() - started >= 0.4 and claimed_id == first
                released.join()
        finally:
            other.rollback()
            other.close()
