"""Fixtures of the deployment tests (tests/ops): gunicorn instances, a database of their own on the PostgreSQL
server of LMS_TEST_DATABASE_URL, a Redis database index, and a throwaway PostgreSQL server.

PostgreSQL, Redis and the throwaway server are optional on a laptop (the tests skip, saying why)
and mandatory in CI (LMS_REQUIRE_POSTGRES=1), where a missing one fails the test instead.
Every process and temporary directory is cleaned up by these fixtures, whatever the test did.
"""

import itertools
import os
import urllib.parse

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.helpers.ops import PG_URL, RedisIndex, unavailable
from tests.ops.servers import Fleet, ThrowawayPostgres, as_postgres_user, postgres_bin

# The login throttle of the two-instance test lives in this Redis database index, apart from the
# index other users of the server work in; the test deletes only the keys it made there.
REDIS_DB = 7
_databases = itertools.count(1)


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@pytest.fixture
def ops_database():
    yield from _own_database()


@pytest.fixture(scope="module")
def ops_database_for_module():
    yield from _own_database()


def _own_database():
    """A fresh database of our own (lms_ops_<pid>_<n>) on the server of LMS_TEST_DATABASE_URL, dropped
    afterwards. The suite's own database there is never touched: the rest of the suite uses it."""
    if not PG_URL:
        unavailable("LMS_TEST_DATABASE_URL is not set: the deployment tests need a PostgreSQL server")
    server = make_url(_sqlalchemy_url(PG_URL))
    name = f"lms_ops_{os.getpid()}_{next(_databases)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        unavailable(f"cannot create a database on {server.render_as_string()}: {exc}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def redis_index():
    import redis

    # The server (and credentials) of LMS_TEST_REDIS_URL, our own database index on it.
    base = urllib.parse.urlsplit(os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    url = urllib.parse.urlunsplit(base._replace(path=f"/{REDIS_DB}"))
    client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        unavailable(f"Redis is not reachable at {base.hostname}:{base.port or 6379}: {exc}")
    index = RedisIndex(url, client)
    try:
        yield index
    finally:
        index.clean()
        client.close()


@pytest.fixture
def fleet(tmp_path):
    """fleet.start(env, workers=2, names=("a", "b")) starts app instances; all stop at the end."""
    instances = Fleet(tmp_path)
    try:
        yield instances
    finally:
        instances.stop_all()


@pytest.fixture
def throwaway_postgres():
    """A PostgreSQL server of the test's own (initdb in a temporary directory, its own port)."""
    if not PG_URL:
        unavailable("LMS_TEST_DATABASE_URL is not set: the PostgreSQL drills run only when PostgreSQL tests do")
    bindir = postgres_bin()
    if bindir is None:
        unavailable("initdb not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    run_as = as_postgres_user()
    if run_as is None:
        unavailable("cannot run initdb as the postgres OS user (needs root with runuser, or the postgres user)")
    server = ThrowawayPostgres(bindir, run_as)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.destroy()
