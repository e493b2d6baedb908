"""Angkatan 70 (the demo's angkatan in aktualisasi) on the dashboard: the stage columns and the new reasons for
attention, on a phone and a desktop; the demo mentor's home counts what waits for them and links to it."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.habituation.demo import NUMBER
from lms.people.models import Angkatan
from lms.phases.models import install_default_phases
from tests.helpers.browser import DESKTOP, PHONE, assert_no_horizontal_scroll, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_sees_the_aktualisasi_stages_and_the_mentor_their_queue(live_app, phone, browser):
    with live_app.app_context():
        install_default_phases()
        logins = seed_demo()
        db.session.commit()
        angkatan_id = db.session.scalar(db.select(Angkatan.id).where(Angkatan.number == NUMBER))
    base = live_app.config["LIVE_URL"]
    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    for page, name in ((phone, "phone"), (desktop, "desktop")):
        sign_in(page, base, logins["coordinator"], DEMO_PASSWORD)
        page.goto(f"{base}/dasbor/angkatan/{angkatan_id}")
        expect(page.get_by_role("link", name="Tahap aktualisasi")).to_be_visible()
        risks = page.locator(".risk-card")
        expect(risks.get_by_text("entri log belum dikonfirmasi mentor")).to_be_visible()
        expect(risks.get_by_text("Rancangan menunggu tinjauan coach")).to_be_visible()
        expect(risks.get_by_text("Laporan menunggu persetujuan mentor")).to_be_visible()
        expect(risks.get_by_text("Tidak mengisi log habituasi").first).to_be_visible()
        matrix = page.locator("table.matrix")
        for stage in ("Rancangan", "Seminar rancangan", "Habituasi", "Laporan", "Seminar aktualisasi"):
            expect(matrix.locator("td.stage", has_text=stage).first).to_be_attached()
        assert_no_horizontal_scroll(page)  # the wide matrix scrolls inside its own box
        screenshot(page, f"dashboard-aktualisasi-{name}")
    mentor = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID").new_page()
    sign_in(mentor, base, logins["mentor"], DEMO_PASSWORD)
    card = mentor.locator(".waiting-home")
    expect(card.get_by_role("link", name="entri menunggu konfirmasi")).to_be_visible()
    assert_no_horizontal_scroll(mentor)
    screenshot(mentor, "home-mentor-waiting-phone")
    card.get_by_role("link", name="entri menunggu konfirmasi").click()
    expect(mentor.locator("#entri")).to_be_visible()
