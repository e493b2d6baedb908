"""The outbox keeps each message once, in the transaction of the change that causes it."""

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.core.outbox import OutboxMessage, enqueue


def test_a_message_is_written_with_its_change_and_once_per_key(ctx):
    first = enqueue("undangan:mentor:1", "Undangan", "Tautan: https://contoh/x", to_address="mentor@contoh.go.id")
    again = enqueue("undangan:mentor:1", "Undangan", "Tautan lain", to_address="mentor@contoh.go.id")
    db.session.flush()
    assert again is first
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert (first.attempts, first.sent_at, first.claimed_at) == (0, None, None)


def test_a_message_rolled_back_with_its_change_is_gone(ctx):
    enqueue("undangan:mentor:2", "Undangan", "isi", to_address=None)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
