"""The score ledger in tests: its entries, `lms verify-ledger` as a person runs it, and the edits someone with
direct database access could make (a score row, a ledger row behind the append-only triggers)."""

import contextlib

from sqlalchemy import select, text

from lms.core.extensions import db
from lms.core.ledger import LedgerEntry


def entries(app, **where) -> list[LedgerEntry]:
    """The ledger's entries in order (filtered by column values), detached for reading."""
    with app.app_context():
        query = select(LedgerEntry).order_by(LedgerEntry.seq)
        for column, value in where.items():
            query = query.where(getattr(LedgerEntry, column) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def kinds(app, **where) -> list[tuple[str, str, str, int | None]]:
    """(kind, object type, object id, participant) of each entry."""
    return [(e.kind, e.object_type, e.object_id, e.participant_id) for e in entries(app, **where)]


def verify(app, *args: str) -> tuple[int, str]:
    """`flask --app wsgi lms verify-ledger ARGS`: its exit code and output."""
    result = app.test_cli_runner().invoke(args=["lms", "verify-ledger", *args])
    return result.exit_code, result.output


def edit_database(app, sql: str, **params) -> int:
    """Run SQL in a transaction of its own, as someone with the database's password would; rows changed."""
    with app.app_context(), db.engine.begin() as conn:
        return conn.execute(text(sql), params).rowcount


@contextlib.contextmanager
def ledger_guard_off(app):
    """The append-only triggers of score_ledger off, as the database's owner could turn them off."""
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE score_ledger DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS score_ledger_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS score_ledger_no_delete"))
    try:
        yield
    finally:
        with app.app_context(), db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # the next test reuses this database
                conn.execute(text("ALTER TABLE score_ledger ENABLE TRIGGER USER"))


@contextlib.contextmanager
def ledger_insert_fails(app):
    """Every insert into score_ledger fails in the database itself (a trigger), on SQLite and PostgreSQL."""
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION ledger_down() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'ledger down'; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER ledger_down BEFORE INSERT ON score_ledger "
                    "FOR EACH ROW EXECUTE FUNCTION ledger_down()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER ledger_down BEFORE INSERT ON score_ledger "
                    "BEGIN SELECT RAISE(ABORT, 'ledger down'); END"
                )
            )
    try:
        yield
    finally:
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(
                text("DROP TRIGGER ledger_down" + (" ON score_ledger" if conn.dialect.name == "postgresql" else ""))
            )
            if conn.dialect.name == "postgresql":
                conn.execute(text("DROP FUNCTION ledger_down()"))
