"""The habituation log in the browser, at 360x740 and 1280x800: a participant whose plan is approved writes an
entry with a photo chosen in a file input; the coach comments on it from their queue; the mentor confirms it from
theirs; the participant sees it confirmed, the progress of the activity and the JP credited."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_instructor, make_mentor, make_participant
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.habituation import approve_plan, jpeg_bytes, last_workday, schedule_aktualisasi

pytestmark = pytest.mark.browser
NAME = "Siti Rahmawati Kusumaningtyas"
DONE = "Berkonsultasi dengan kepala puskesmas tentang draf SOP antrean daring."
COMMENT = "Bagus. Catat juga siapa saja yang hadir."


@pytest.fixture
def log_people(live_app):
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 70)
        participant = make_participant(angkatan, name=NAME)
        coach, examiner = make_instructor(name="Dr. Bambang Sutrisno"), make_instructor(name="Dra. Ratna Dewi")
        participant.enrolment.coach_id = coach.id
        mentor = make_mentor(participant, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        db.session.commit()
        approve_plan(participant.id, coach.id, mentor.id, examiner.id)
        schedule_aktualisasi(angkatan.id, date.today() - timedelta(days=20), date.today() + timedelta(days=30))
        db.session.commit()
        return {"participant": participant.nip, "coach": coach.nip, "mentor": mentor.nip}


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def test_an_entry_with_a_photo_commented_and_confirmed(live_app, sized_page, log_people, tmp_path):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size
    photo = tmp_path / "IMG_20261204_0930.jpg"
    photo.write_bytes(jpeg_bytes((2400, 1800), gps=True))

    _as(page, base, log_people["participant"])
    page.get_by_role("link", name="Habituasi", exact=True).first.click()
    expect(page.get_by_role("heading", name="Log habituasi")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Belum ada entri.")
    page.get_by_role("link", name="Tulis entri hari ini").click()
    expect(page.locator(".privacy-note")).to_contain_text("data pribadi warga")
    page.get_by_label("Kegiatan dan tahapan").select_option(label="1.1 Draf")
    page.get_by_label("Tanggal (hari kerja)").fill(last_workday(date.today()).isoformat())
    page.get_by_label("Apa yang Anda kerjakan").fill(DONE)
    page.get_by_label("Akuntabel").fill("Notulen konsultasi disimpan di map SOP.")
    page.get_by_label("Bukti: foto atau PDF").set_input_files(str(photo))
    page.get_by_label("Keterangan bukti").fill("Konsultasi di ruang kepala puskesmas")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"habituation-journey-new-entry-{size}")
    page.get_by_role("button", name="Simpan entri").click()
    expect(page.locator(".flash")).to_contain_text("menunggu konfirmasi mentor")
    expect(page.locator(".evidence img")).to_be_visible()
    assert page.locator(".evidence img").evaluate("img => img.naturalWidth") == 1600
    assert_no_horizontal_scroll(page)
    screenshot(page, f"habituation-journey-entry-{size}")

    _as(page, base, log_people["coach"])
    page.goto(base + "/aktualisasi/antrean")
    page.get_by_role("link", name=f"Beri komentar: {NAME}").click()
    expect(page.locator("main")).to_contain_text(DONE)
    page.get_by_label("Komentar").fill(COMMENT)
    page.get_by_role("button", name="Kirim komentar").click()
    expect(page.locator("#komentar")).to_contain_text(COMMENT)
    screenshot(page, f"habituation-journey-coach-{size}")

    _as(page, base, log_people["mentor"])
    page.goto(base + "/aktualisasi/antrean")
    expect(page.locator("main")).to_contain_text("1 entri menunggu konfirmasi")
    page.get_by_role("link", name=f"Konfirmasi: {NAME}").click()
    expect(page.locator("#komentar")).to_contain_text(COMMENT)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"habituation-journey-mentor-{size}")
    page.get_by_role("button", name="Konfirmasi entri").click()
    expect(page.locator(".flash")).to_contain_text("Entri dikonfirmasi.")
    expect(page.locator("main")).to_contain_text("Tidak ada entri log yang menunggu Anda.")

    _as(page, base, log_people["participant"])
    page.get_by_role("link", name="Habituasi", exact=True).first.click()
    expect(page.locator(".log-entries")).to_contain_text("Dikonfirmasi mentor")
    expect(page.locator(".log-progress")).to_contain_text("1 / 5")
    expect(page.locator(".log-summary strong")).not_to_have_text("0")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"habituation-journey-progress-{size}")
    page.locator(".log-entries a").first.click()
    expect(page.locator("main")).to_contain_text("Dikonfirmasi mentor")
    expect(page.locator("#ubah")).to_have_count(0)  # locked
