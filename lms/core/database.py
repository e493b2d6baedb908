"""Database engine set-up: SQLite in WAL mode with writers that wait, and small shared helpers.

Row locks are written as `.with_for_update()` on every database: PostgreSQL takes them, and SQLite's
compiler leaves the clause out, as its write lock (BEGIN IMMEDIATE, below) is database-wide already."""

import contextlib
import logging
import sqlite3
from datetime import UTC, datetime

from flask import g, has_request_context, request
from sqlalchemy import DateTime, TypeDecorator, event
from sqlalchemy.engine import Engine

from lms.core.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware UTC datetimes and always gives them back aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use lms.core.database.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred and buggy).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    # A deferred transaction that later writes fails at once with "database is locked" when
    # another writer got there first; IMMEDIATE takes the write lock up front and waits
    # (busy_timeout) instead. Read-only requests keep deferred BEGIN so readers never queue, and so
    # does a snapshot (below), wherever it is taken: it never writes, and must not hold writers back.
    read_only = conn.get_execution_options().get(SNAPSHOT_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() and not read_only else "BEGIN")


def _wants_write_lock() -> bool:
    if not has_request_context():
        return True  # CLI, tests, background work: assume they write
    return request.method not in SAFE_METHODS or g.get("lms_write_intent", False)


SNAPSHOT_OPTION = "lms_snapshot"


@contextlib.contextmanager
def snapshot_read():
    """Every read inside the block sees the database as it was at one moment, whatever other connections
    commit meanwhile: a page or an export composed from many statements (the recap of an angkatan) is
    consistent while scores are still changing.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction (its snapshot is taken by the first statement, which
    is the one issued here). SQLite in WAL mode: a deferred transaction whose read is begun at once by reading
    the schema; a WAL reader keeps its snapshot until its transaction ends (pysqlite would begin none for a
    SELECT: _sqlite_pragmas hands BEGIN to SQLAlchemy, SQLAlchemy's documented recipe). The transaction under
    way is committed first (a snapshot begins a transaction of its own), and the snapshot's is ended on leaving,
    so objects loaded inside are expired afterwards: take plain values out."""
    session = db.session()  # the request's Session (db.session is its scoped proxy)
    if session.in_transaction():
        session.commit()
    options = {SNAPSHOT_OPTION: True}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    connection = session.connection(execution_options=options)
    # The snapshot's moment: the first read (PostgreSQL takes it at the first statement; SQLite at the first
    # read of the file). Read here, so it is this moment and not the caller's first query's.
    connection.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1" if dialect == "sqlite" else "SELECT 1")
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    session.commit()


def begin_write() -> None:
    """Called by a GET view before it writes (e.g. grading an expired attempt on touch)."""
    if not g.get("lms_write_intent"):
        db.session.commit()  # end any read transaction so the next one starts IMMEDIATE
        g.lms_write_intent = True


def close_session_quietly(_exc: BaseException | None = None) -> None:
    """End the request's session even when the database went away after the response was made.

    Flask-SQLAlchemy's own teardown rolls back; on a connection the server just dropped, that
    rollback raises and the finished page would turn into a bare 500 from gunicorn. The work of the
    request is already committed or already lost, so the dead connection is only discarded."""
    try:
        db.session.remove()
    except Exception:
        logging.getLogger("lms").warning("session close failed; the connection is discarded", exc_info=True)
        with contextlib.suppress(Exception):  # nothing more to release
            db.session.invalidate()
        db.session.registry.clear()
