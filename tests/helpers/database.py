"""The test databases: which ones run (SQLite always, PostgreSQL when LMS_TEST_DATABASE_URL is set),
the test configuration, migrating and emptying a database, and counting the statements a block sends."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from lms.app import create_app
from lms.core.extensions import db

PG_URL = os.environ.get("LMS_TEST_DATABASE_URL")
if os.environ.get("LMS_REQUIRE_POSTGRES") == "1" and not PG_URL:
    raise pytest.UsageError("LMS_REQUIRE_POSTGRES=1 but LMS_TEST_DATABASE_URL is not set")
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "RATELIMIT_STORAGE_URI": "memory://",
    "LMS_PASSWORD_METHOD": "scrypt:1024:8:1",  # fast hashing; the algorithm stays scrypt
    "LMS_ENV": "test",
}


def migrate(url: str) -> None:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own beside the given one (test_gw0...),
    made on first use; the given database is the single process's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    server = make_url(url)
    name = f"{server.database}_{worker}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def truncate_pg(url: str) -> None:
    """Empty every table but alembic_version (faster than migrating again for each test)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        tables = (
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
            .scalars()
            .all()
        )
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


class QueryCounter:
    """Counts the SQL statements a block sends (transaction control statements excluded)."""

    SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")

    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def _record(self, _conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(self.SKIP):
            self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)
