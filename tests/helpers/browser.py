"""The browser suite's settings and helpers: where Chromium and axe-core are, the viewports, screenshots,
and the check that a page does not scroll sideways.

Skips with a reason when Chromium, Playwright or axe-core is missing, unless LMS_REQUIRE_BROWSER=1 (CI),
where that is an error.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
# axe-core from npm, pinned in the Makefile (`make axe`; `make test` runs it).
AXE_JS = Path(os.environ.get("LMS_AXE_JS", ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def axe_source() -> str:
    """The axe-core script; skips without it, or fails when the browser suite is required."""
    if not AXE_JS.exists():
        reason = f"axe-core not found at {AXE_JS} (run `make axe`)"
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser suite required but {reason}")
        pytest.skip(reason)
    return AXE_JS.read_text(encoding="utf-8")


def sized_context(browser, size: str):
    """A new browser context at 360x740 as a touch phone (`size` 'phone') or at 1280x800 ('desktop')."""
    if size == "phone":
        return browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID"
        )
    return browser.new_context(viewport=DESKTOP, locale="id-ID")


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


def sign_in(page, base: str, login: str, password: str) -> None:
    """Log in through the form and wait until the page after it is there (a goto before that would cancel the
    login). Where a role lands (its home page, or a page `/` sends it to) is not this helper's business."""
    page.goto(base + "/masuk")
    page.get_by_label("NIP atau email").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.startswith(base) and not url.startswith(base + "/masuk"))


def status_of(page, url: str) -> int:
    """The HTTP status of a GET of url in the page's session (its cookies), without leaving the page."""
    return page.request.get(url).status
