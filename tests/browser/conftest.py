"""The browser suite: the app served on a local port, driven by Playwright in Debian's Chromium.

Skips with a reason when Chromium or Playwright is missing, unless LMS_REQUIRE_BROWSER=1 (CI),
where that is an error.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lms.app import create_app
from lms.core.extensions import db
from tests.conftest import TEST_CONFIG

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# axe-core from npm, pinned in the Makefile (`make axe`; `make test` runs it).
AXE_JS = Path(os.environ.get("LMS_AXE_JS", ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing()
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


def axe_source() -> str:
    """The axe-core script; skips without it, or fails when the browser suite is required."""
    if not AXE_JS.exists():
        reason = f"axe-core not found at {AXE_JS} (run `make axe`)"
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser suite required but {reason}")
        pytest.skip(reason)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def live_app(sqlite_template, tmp_path):
    """The app on a fresh SQLite database, served by a real HTTP server on a free local port."""
    path = tmp_path / "lms.sqlite3"
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
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_no_horizontal_scroll(page) -> None:
    # Called right after a click that navigates: measure the new page once it is there, not the
    # document being torn down (whose documentElement can be null for a moment).
    page.wait_for_load_state()
    page.wait_for_function("document.readyState === 'complete' && document.documentElement !== null")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"
