"""At 360x740: a participant sees today's session on their home, the widyaiswara shows a code on their screen,
the participant checks in with it from the phone; the coordinator exports the angkatan's recap."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import (
    PASSWORD,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_session,
)
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def class_today(live_app):
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Cilegon")
        angkatan = make_angkatan(instansi, 71)
        widyaiswara = make_instructor(angkatan, name="Dr. Bambang Sutrisno")
        participant = make_participant(angkatan, name="Dewi Kartika Sari Wulandari Rahmawati")
        make_participant(angkatan, name="Ahmad Fauzi")
        coordinator = make_coordinator(instansi)
        session = make_session(angkatan, widyaiswara=widyaiswara, topic="Wawasan Kebangsaan dan Bela Negara")
        db.session.commit()
        return {
            "participant": participant.nip,
            "widyaiswara": widyaiswara.nip,
            "coordinator": coordinator.nip,
            "session": session.id,
            "angkatan": angkatan.id,
        }


def test_a_participant_checks_in_with_the_code_on_the_screen(live_app, browser, phone, class_today):
    base = live_app.config["LIVE_URL"]
    screen = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID").new_page()
    sign_in(screen, base, class_today["widyaiswara"], PASSWORD)
    screen.goto(f"{base}/presensi/sesi/{class_today['session']}/kelola")
    screen.get_by_role("button", name="Tampilkan kode").click()
    code = screen.locator(".checkin-code").inner_text().strip()
    assert len(code) == 5

    sign_in(phone, base, class_today["participant"], PASSWORD)
    expect(phone.get_by_role("heading", name="Sesi hari ini")).to_be_visible()
    expect(phone.get_by_text("Wawasan Kebangsaan dan Bela Negara")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "attendance-home-phone")
    phone.get_by_role("link", name="Presensi", exact=True).click()
    phone.get_by_label("Kode presensi").fill("XXXXX")
    phone.get_by_role("button", name="Kirim presensi").click()
    expect(phone.get_by_text("Kode salah.")).to_be_visible()
    phone.get_by_label("Kode presensi").fill(code.lower())
    phone.get_by_role("button", name="Kirim presensi").click()
    expect(phone.get_by_text("Presensi tercatat. Terima kasih!")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "attendance-checked-in-phone")

    screen.reload()
    expect(screen.get_by_text("1 dari 2 peserta hadir.")).to_be_visible()
    screen.context.close()


def test_the_coordinator_exports_the_recap_on_a_phone(live_app, phone, class_today):
    base = live_app.config["LIVE_URL"]
    sign_in(phone, base, class_today["coordinator"], PASSWORD)
    phone.goto(f"{base}/orang/angkatan/{class_today['angkatan']}")
    phone.get_by_role("link", name="Rekap presensi").click()
    expect(phone.get_by_role("heading", name="Rekap presensi Angkatan 71")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "attendance-recap-phone")
    with phone.expect_download() as info:
        phone.get_by_role("button", name="Unduh CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["No", "NDH", "NIP", "Nama"]
    assert {row[3] for row in rows[1:3]} == {"Dewi Kartika Sari Wulandari Rahmawati", "Ahmad Fauzi"}
