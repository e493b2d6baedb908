"""Fixtures: an app per database (SQLite always, PostgreSQL when LMS_TEST_DATABASE_URL is set),
each test on a fresh, migrated database, and helpers that send real requests with CSRF on."""

import os
import re
import shutil

import pytest
from sqlalchemy import create_engine, text

from lms.app import create_app
from lms.core.extensions import db
from lms.phases.models import install_default_phases

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


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "lms.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own beside the given one (test_gw0...),
    made on first use; the given database is the single process's."""
    from sqlalchemy.engine import make_url

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


@pytest.fixture(scope="session")
def pg_url():
    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1) if PG_URL.startswith("postgresql://") else PG_URL
    url = _worker_database(url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _migrate(url)
    return url


def _truncate_pg(url: str) -> None:
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


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "lms.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    _truncate_pg(url)
    return url


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on this test's database; extra config per call."""
    apps = []

    def factory(**config):
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **config})
        app.instance_path = str(tmp_path / "instance")
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        install_default_phases()
        db.session.commit()
    return app


@pytest.fixture
def ctx(app):
    """An app context for tests that call plain functions against the database."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, url: str = "/masuk") -> str:
    """The session's CSRF token, read from a rendered page like a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    if match is None:
        html = client.get("/").get_data(as_text=True)
        match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post(client, url: str, data: dict | None = None, token_from: str = "/masuk", **kwargs):
    """POST a form with the session's CSRF token, as the browser would."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from))
    return client.post(url, data=data, **kwargs)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, identifier: str, password: str = "rahasia-123456", next_: str | None = None):
        url = "/masuk" + (f"?next={next_}" if next_ else "")
        data = {"identifier": identifier, "password": password}
        if next_ is not None:
            data["next"] = next_
        return post(self.client, url, data, token_from="/masuk")

    def logout(self):
        return post(self.client, "/keluar", token_from="/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def pytest_sessionfinish(session, exitstatus):
    """In CI (LMS_FAIL_ON_SKIP=1) a skipped suite is a failure, not a pass."""
    if os.environ.get("LMS_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"LMS_FAIL_ON_SKIP: {len(skipped)} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1


class QueryCounter:
    """Counts the SQL statements a block sends (transaction control statements excluded)."""

    SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")

    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def _record(self, _conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(self.SKIP):
            self.statements.append(statement)

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    def counter():
        with app.app_context():
            return QueryCounter(db.engine)

    return counter
