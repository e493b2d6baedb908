"""A coordinator opens the overview, an angkatan, a participant, and downloads the CSV."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.phases.models import install_default_phases
from tests.helpers.browser import DESKTOP, assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_coordinator_overview_angkatan_participant_and_csv(live_app, phone, browser):
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        logins = seed_demo()
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    for page, name in ((phone, "phone"), (browser.new_context(viewport=DESKTOP).new_page(), "desktop")):
        page.goto(base + "/masuk")
        page.get_by_label("NIP atau email").fill(logins["coordinator"])
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(base + "/")  # logged in before going on, or the goto would cancel the login
        page.goto(base + "/dasbor")
        expect(page.get_by_role("heading", name="Dasbor nilai")).to_be_visible()
        # 72-74 in the MOOC, 71 in PJJ, 70 in aktualisasi (lms/habituation/demo.py)
        # Angkatan 68 (finished), 69 (klasikal), 70, 71 and 72-74 of the demo.
        assert page.locator("table.dash.overview tbody tr").count() == 7
        assert_no_horizontal_scroll(page)
        screenshot(page, f"dashboard-overview-{name}")
        page.get_by_role("link", name="Angkatan 72 Tahun 2026").click()
        expect(page.get_by_text("Perlu perhatian hari ini")).to_be_visible()
        assert page.locator("svg.histogram").count() == 1
        assert_no_horizontal_scroll(page)  # the wide matrix scrolls inside its own box
        screenshot(page, f"dashboard-angkatan-{name}")
    phone.locator("table.matrix tbody tr a").first.click()
    expect(phone.get_by_role("heading", name="Percobaan evaluasi")).to_be_visible()
    screenshot(phone, "dashboard-participant-phone")
    phone.go_back()
    with phone.expect_download() as info:
        phone.get_by_role("button", name="Unduh CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["NIP", "Nama"] and len(rows) == 41
