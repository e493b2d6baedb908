"""Fixtures: an app per database (SQLite always, PostgreSQL when LMS_TEST_DATABASE_URL is set), each
test on a fresh, migrated database; its client, CLI runner, sign-in helper and statement counter."""

import shutil

import pytest
from sqlalchemy import create_engine, text

from lms.app import create_app
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.helpers.database import (
    DATABASES,
    PG_URL,
    TEST_CONFIG,
    QueryCounter,
    migrate,
    truncate_pg,
    worker_database,
)
from tests.helpers.web import AuthActions


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "lms.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_url():
    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1) if PG_URL.startswith("postgresql://") else PG_URL
    url = worker_database(url)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate(url)
    return url


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "lms.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    truncate_pg(url)
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


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def count_queries(app):
    def counter():
        with app.app_context():
            return QueryCounter(db.engine)

    return counter
