"""Migration 0011_outbox on SQLite and PostgreSQL: down and up again keeps the data of the tables before it,
and the outbox it makes holds what delivery needs."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage, enqueue, status_of
from tests.factories import make_user


def test_0011_goes_down_and_up_keeping_the_other_tables(app):
    with app.app_context():
        user_id = make_user(name="Tetap Ada", email="tetap@contoh.go.id").id
        db.session.commit()
        db.session.remove()  # no transaction of the test's may hold a lock the migration waits for
        try:
            downgrade(revision="0010_auditci")
            assert "outbox" not in inspect(db.engine).get_table_names()
            upgrade(revision="0011_outbox")
            columns = {c["name"] for c in inspect(db.engine).get_columns("outbox")}
            assert {"claimed_at", "next_attempt_at", "sent_at", "by_hand", "handed_over_by_id", "attempts"} <= columns
            assert (
                db.session.execute(text("SELECT name FROM users WHERE id = :id"), {"id": user_id}).scalar()
                == "Tetap Ada"
            )
            message = enqueue("uji:migrasi", "Uji", "isi", to_address="tetap@contoh.go.id", recipient_id=user_id)
            db.session.commit()
            stored = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == "uji:migrasi"))
            assert (stored.by_hand, stored.attempts, status_of(stored, utcnow()).value) == (False, 0, "menunggu")
            assert stored.id == message.id
            db.session.remove()
        finally:  # the next tests of this worker share the database: leave it at the head
            db.session.remove()
            upgrade()
