"""On two phones: a participant starts a thread, another replies with a mention (and finds a draft
kept across a reload), and the first sees the notification and the "Baru" marker."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.people.models import TutorGroup
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_instructor, make_participant, wib_today
from tests.helpers.browser import PHONE, assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser


def _login(page, base: str, nip: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("NIP atau email").fill(nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")


def test_thread_reply_with_mention_notification_and_unread_marker(live_app, phone, browser):
    today = wib_today()
    with live_app.app_context():
        install_default_phases()
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Tangerang"),
            72,
            schedule=[
                (today - timedelta(days=30), today - timedelta(days=10)),
                (today - timedelta(days=9), today + timedelta(days=20)),
            ],
        )
        make_instructor(angkatan, name="Dr. Bambang Sutrisno")
        db.session.add(TutorGroup(angkatan_id=angkatan.id, name="Kelompok 1"))
        make_participant(angkatan, name="Putri Handayani", nip="199004112019032002")
        make_participant(angkatan, name="Agus Saputra", nip="199105062019031003")
        db.session.commit()
    base = live_app.config["LIVE_URL"]

    # Putri starts a thread in the general space.
    _login(phone, base, "199004112019032002")
    expect(phone.locator(".discussion-card")).to_be_visible()
    phone.get_by_role("link", name="Diskusi", exact=True).first.click()
    phone.get_by_role("link", name="Diskusi angkatan").click()
    assert_no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Mulai utas").click()
    phone.get_by_label("Judul").fill("Isu antrean pasien untuk rancangan aktualisasi")
    phone.get_by_label("Isi").fill(
        "Di puskesmas kami antrean pagi **sangat panjang**. Ada ide kegiatan yang realistis?"
    )
    screenshot(phone, "discussion-new-thread-phone")
    phone.get_by_role("button", name="Kirim utas").click()
    expect(phone.get_by_role("heading", name="Isu antrean pasien untuk rancangan aktualisasi")).to_be_visible()
    expect(phone.locator(".post-body strong", has_text="sangat panjang")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "discussion-thread-phone")

    # Agus, on his own phone, finds it new, starts a reply, reloads (the draft stays), mentions Putri.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID")
    agus = context.new_page()
    try:
        _login(agus, base, "199105062019031003")
        agus.goto(base + "/diskusi")
        assert agus.locator(".space-item", has_text="Diskusi angkatan").locator(".badge.new").inner_text() == "1 baru"
        assert_no_horizontal_scroll(agus)
        screenshot(agus, "discussion-spaces-phone")
        agus.get_by_role("link", name="Diskusi angkatan").click()
        agus.get_by_role("link", name="Isu antrean pasien untuk rancangan aktualisasi").click()
        box = agus.get_by_label("Balasan Anda")
        box.press_sequentially("Saran saya: nomor antrean daring lewat WhatsApp. ")
        agus.wait_for_timeout(500)  # the draft is saved a moment after typing stops
        agus.reload()
        assert agus.get_by_label("Balasan Anda").input_value().startswith("Saran saya: nomor antrean daring")
        expect(agus.get_by_text("Draf yang belum terkirim dipulihkan.")).to_be_visible()
        box = agus.get_by_label("Balasan Anda")
        box.press("End")
        box.press_sequentially("Bagaimana menurut @Put")
        agus.get_by_role("button", name="@Putri Handayani").click()
        box.press_sequentially("?")
        assert "@Putri Handayani ?" in box.input_value()
        screenshot(agus, "discussion-reply-mention-phone")
        agus.get_by_role("button", name="Kirim balasan").click()
        expect(agus.locator(".post", has_text="nomor antrean daring")).to_be_visible()
        assert_no_horizontal_scroll(agus)
        # the draft was forgotten once posted
        agus.reload()
        assert agus.get_by_label("Balasan Anda").input_value() == ""
    finally:
        context.close()

    # Putri sees the bell, the notification, and the marker at Agus's reply.
    phone.goto(base + "/")
    assert phone.locator(".bell-count").inner_text() == "1"
    screenshot(phone, "discussion-home-bell-phone")
    phone.locator(".bell").click()
    notice = phone.locator(".notice.unread").first
    assert "Agus Saputra menyebut Anda" in notice.inner_text()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "discussion-notifications-phone")
    notice.get_by_role("link").click()
    marker = phone.locator("#baru")
    expect(marker).to_have_text("Baru")
    following = phone.locator("#baru + li.post")
    assert "nomor antrean daring" in following.inner_text()
    assert phone.locator(".bell-count").count() == 0  # read now
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "discussion-unread-marker-phone")


def test_a_reply_written_while_the_login_ended_is_still_there_after_logging_in_again(live_app, phone):
    today = wib_today()
    with live_app.app_context():
        install_default_phases()
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Cilegon"),
            73,
            schedule=[
                (today - timedelta(days=30), today - timedelta(days=10)),
                (today - timedelta(days=9), today + timedelta(days=20)),
            ],
        )
        make_participant(angkatan, name="Dewi Kartika", nip="199208082019032006")
        db.session.commit()
        angkatan_id = angkatan.id
    base = live_app.config["LIVE_URL"]
    _login(phone, base, "199208082019032006")
    phone.goto(base + f"/diskusi/angkatan/{angkatan_id}/umum/baru")
    phone.get_by_label("Judul").fill("Jadwal sesi kelompok")
    phone.get_by_label("Isi").fill("Kapan sesi kelompok pertama?")
    phone.get_by_role("button", name="Kirim utas").click()
    thread_path = phone.url.split("?")[0].removeprefix(base)
    text = "Jawaban panjang yang saya tulis di jaringan seluler yang lambat."
    phone.get_by_label("Balasan Anda").press_sequentially(text)
    phone.wait_for_timeout(500)
    with live_app.app_context():  # the login ends meanwhile (a password change on another device)
        from lms.auth.models import AuthSession

        db.session.execute(db.delete(AuthSession))
        db.session.commit()
    phone.get_by_role("button", name="Kirim balasan").click()
    phone.wait_for_url("**/masuk**")
    phone.get_by_label("NIP atau email").fill("199208082019032006")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + thread_path)  # back where the reply was being written
    assert phone.get_by_label("Balasan Anda").input_value() == text
    expect(phone.get_by_text("Draf yang belum terkirim dipulihkan.")).to_be_visible()
    screenshot(phone, "discussion-draft-after-login-phone")
    phone.get_by_role("button", name="Kirim balasan").click()
    expect(phone.locator(".post", has_text="jaringan seluler yang lambat")).to_be_visible()
