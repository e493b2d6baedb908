"""A participant reads a lesson of the real curriculum on a phone, marks it done, and progress moves."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant, wib_today
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_participant_reads_a_lesson_marks_it_done_and_progress_moves(live_app, phone):
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Uji"), 72, schedule_start=wib_today() - timedelta(days=2)
        )
        make_participant(angkatan, name="Rizki Pratama", nip="199004112019031001")
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    phone.goto(base + "/masuk")
    phone.get_by_label("NIP atau email").fill("199004112019031001")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + "/")

    phone.get_by_role("link", name="Lanjutkan belajar").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Sejarah Pergerakan Kebangsaan Indonesia"
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "lesson-phone")
    phone.get_by_role("button", name="Tandai selesai dan lanjut").click()
    phone.wait_for_url("**/empat-konsensus-dasar")

    phone.goto(base + "/belajar/mooc")
    expect(phone.get_by_text("Kemajuan fase: 1.5 dari 48 JP")).to_be_visible()
    expect(phone.get_by_text("1/4 selesai")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "phase-phone")
    phone.goto(base + "/belajar/modul/analisis-isu-kontemporer/teknik-analisis-isu")
    assert_no_horizontal_scroll(phone)  # its wide tables scroll inside their own box
    screenshot(phone, "lesson-tables-phone")
