"""Fixtures of the browser suite: the app served on a local port, driven by Playwright in Debian's
Chromium (skipped with a reason when missing, unless LMS_REQUIRE_BROWSER=1, as in CI)."""

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from lms.app import create_app
from lms.core.extensions import db
from lms.demo import seed_demo
from tests.helpers.browser import CHROMIUM, PHONE, browser_missing, sized_context
from tests.helpers.database import TEST_CONFIG


@pytest.fixture(scope="session")
def browser():
    reason = browser_missing()
    if reason:
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser suite required but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _serve(sqlite_template, directory):
    """The app on a copy of the migrated template database, served by a real HTTP server on a free local
    port; yields the app (its LIVE_URL set)."""
    path = directory / "lms.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_app(sqlite_template, tmp_path):
    """The app on a fresh SQLite database, served by a real HTTP server on a free local port."""
    yield from _serve(sqlite_template, tmp_path)


@pytest.fixture(scope="module")
def demo_site(sqlite_template, tmp_path_factory):
    """One served demo world (`lms seed-demo`, without the curriculum) for a whole module: (app, logins).
    Journeys that change it pick people no other journey of the module touches."""
    for app in _serve(sqlite_template, tmp_path_factory.mktemp("demo_site")):
        with app.app_context():
            logins = seed_demo()
            db.session.commit()
        yield app, logins


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=["phone", "desktop"])
def sized_page(request, browser):
    """A fresh page at 360x740 (a touch phone) and, in a second run, at 1280x800; its name is `page.size`."""
    context = sized_context(browser, request.param)
    page = context.new_page()
    page.size = request.param
    yield page
    context.close()
