"""Angkatan 70 (the demo's angkatan in aktualisasi) on the dashboard: the stage columns and the new reasons for
attention, on a phone and a desktop; the demo mentor's and coach's
homes count what waits for them and link to it."""

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
        cell = matrix.locator("td.waiting", has_text="Laporan menunggu persetujuan mentor")
        assert cell.bounding_box()["width"] <= 16 * 16 + 1  # the mentor's name wraps instead of widening the matrix
    desktop.context.close()
    # Each one's own queue on their home, at both sizes: the mentor confirms entries, the coach comments on them.
    for role, link in (("mentor", "entri menunggu konfirmasi"), ("instructor", "entri menunggu komentar Anda")):
        for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = browser.new_context(viewport=viewport, is_mobile=size == "phone", locale="id-ID")
            page = context.new_page()
            sign_in(page, base, logins[role], DEMO_PASSWORD)
            card = page.locator(".waiting-home")
            expect(card.get_by_role("link", name=link)).to_be_visible()
            assert_no_horizontal_scroll(page)
            screenshot(page, f"home-{role}-waiting-{size}")
            card.get_by_role("link", name=link).click()
            expect(page.locator("#entri")).to_be_visible()
            context.close()
