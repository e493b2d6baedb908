"""Health check, security headers, error pages, language."""

import pytest

from lms.app import create_app
from lms.core.extensions import db
from tests.factories import make_user
from tests.helpers.database import TEST_CONFIG
from tests.helpers.web import AuthActions, post


def test_healthz_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/for/sure/lms.sqlite3",
        "postgresql+psycopg://postgres@127.0.0.1:1/test",
    ],
)
def test_healthz_down_and_pages_answer_503_in_indonesian(url, tmp_path):
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "connect_args": {}},
        }
    )
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"
    page = client.get("/admin/pengguna", headers={"Cookie": "session=x"})
    assert page.status_code in (302, 503)


@pytest.mark.parametrize("path", ["/masuk", "/", "/tidak-ada", "/healthz", "/orang/angkatan"])
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_error_pages_are_indonesian_without_trace(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_boom")
    def boom():
        raise RuntimeError("rahasia internal")

    client = app.test_client()
    response = client.get("/tidak-ada")
    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.get_data(as_text=True)
    response = client.get("/_boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Terjadi kesalahan" in body
    assert "Traceback" not in body and "rahasia internal" not in body


def test_session_cookie_flags(client, app):
    with app.app_context():
        nip = make_user().nip
        db.session.commit()
    response = AuthActions(client).login(nip)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_and_hsts_behind_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, LMS_HTTPS=True)
    response = app.test_client().get("/masuk")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_request_size_is_capped(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/masuk", data={"identifier": "x" * 5000})
    assert response.status_code == 413


def test_production_refuses_weak_secret(monkeypatch, tmp_path):
    from lms.core.config import ConfigError, load_config

    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"LMS_ENV": "production", "SECRET_KEY": "pendek"})
    with pytest.raises(ConfigError):
        load_config(str(tmp_path), {"LMS_ENV": "production"})
    config = load_config(str(tmp_path), {"LMS_ENV": "production", "SECRET_KEY": "k" * 64})
    assert config["DEBUG"] is False and config["SESSION_COOKIE_SECURE"] is True


def test_laptop_secret_is_generated_once(tmp_path):
    from lms.core.config import load_config

    first = load_config(str(tmp_path), {})["SECRET_KEY"]
    assert len(first) >= 64 and load_config(str(tmp_path), {})["SECRET_KEY"] == first


def test_static_files_are_fingerprinted_and_cached(client):
    html = client.get("/masuk").get_data(as_text=True)
    import re

    href = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_english_is_selectable_and_kept_per_user(app, client):
    with app.app_context():
        nip = make_user().nip
        db.session.commit()
    AuthActions(client).login(nip)
    post(client, "/bahasa", {"language": "en", "next": "/"}, token_from="/")
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html
    other = app.test_client()
    AuthActions(other).login(nip)
    assert 'lang="en"' in other.get("/").get_data(as_text=True)


@pytest.mark.parametrize("error", ["pending", "invalidated"])
def test_a_connection_lost_mid_request_is_an_outage_not_a_defect(make_app, error):
    from sqlalchemy.exc import DBAPIError, PendingRollbackError

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_lost")
    def lost():
        if error == "pending":
            raise PendingRollbackError("This Session's transaction has been rolled back due to a previous exception")
        raise DBAPIError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True)

    response = app.test_client().get("/_lost")
    assert response.status_code == 503
    assert "tidak dapat menghubungi basis data" in response.get_data(as_text=True)


def test_a_connection_dropped_after_the_page_was_made_still_delivers_the_page(make_app, monkeypatch):
    """The database went away between the view's last query and the end-of-request rollback: the
    page is already made (its work committed or read), so the visitor gets it, not a bare 500."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import scoped_session

    app = make_app(PROPAGATE_EXCEPTIONS=False)
    real_remove, failures = scoped_session.remove, []

    def remove_on_a_dead_connection(self):
        if not failures:
            failures.append(True)
            raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))
        return real_remove(self)

    monkeypatch.setattr(scoped_session, "remove", remove_on_a_dead_connection)
    client = app.test_client()
    first = client.get("/masuk")
    assert failures and first.status_code == 200
    assert 'name="identifier"' in first.get_data(as_text=True)
    assert client.get("/masuk").status_code == 200  # the next request gets a fresh session


@pytest.mark.parametrize(
    ("url", "ping"),
    [("sqlite:///:memory:", False), ("postgresql+psycopg://postgres@127.0.0.1:5432/test", True)],
)
def test_pooled_connections_are_pinged_on_postgresql_only_whichever_way_the_url_came(url, ping, monkeypatch):
    """A URL given to create_app (as the tests and the drills do) decides as DATABASE_URL does: a
    PostgreSQL connection that died with the server must be replaced before a request uses it."""
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is ping
    monkeypatch.setenv("DATABASE_URL", url)
    from_env = create_app({k: v for k, v in TEST_CONFIG.items() if k != "SQLALCHEMY_DATABASE_URI"})
    assert from_env.config["SQLALCHEMY_DATABASE_URI"] == url
    assert from_env.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is ping


def _kept(view):
    from lms.core.web import browser_may_keep

    return browser_may_keep(view)


@pytest.mark.parametrize(
    ("endpoint", "view", "status", "versioned", "expected"),
    [
        ("static", None, 200, True, "public, max-age=31536000, immutable"),
        ("static", None, 200, False, None),
        ("content.lesson", _kept(lambda: None), 200, False, None),
        ("content.lesson", _kept(lambda: None), 304, False, None),
        ("content.lesson", _kept(lambda: None), 403, False, "no-store"),
        ("dashboard.participant", lambda: None, 200, False, "no-store"),
        (None, None, 404, False, "no-store"),
    ],
)
def test_cache_control_keeps_nothing_unless_the_view_allows_it(endpoint, view, status, versioned, expected):
    from lms.core.web import cache_control

    assert cache_control(endpoint, view, status, versioned) == expected


def test_the_login_page_with_its_csrf_token_is_not_stored(client):
    response = client.get("/masuk")
    assert response.headers["Cache-Control"] == "no-store"
