"""A participant logs in on a phone, sees their home page, and logs out."""

from datetime import date

import pytest
from playwright.sync_api import expect

from lms.auth.models import Role
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser


def test_participant_logs_in_sees_home_and_logs_out_on_a_phone(live_app, phone):
    with live_app.app_context():
        install_default_phases()
        angkatan = make_angkatan(make_instansi("Pemerintah Kota Uji"), 72, schedule_start=date(2026, 1, 5))
        user = make_participant(angkatan, name="Dewi Lestari", nip="199004112019032001")
        assert user.role == Role.PARTICIPANT.value
        db.session.commit()
    base = live_app.config["LIVE_URL"]

    phone.goto(base + "/")
    assert phone.url.endswith("/masuk?next=%2F") or "/masuk" in phone.url
    phone.get_by_label("NIP atau email").fill("19900411 201903 2 001")
    phone.get_by_label("Kata sandi").fill("salah-sekali")
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_text("NIP/email atau kata sandi salah.")).to_be_visible()
    screenshot(phone, "login-error-phone")

    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + "/")
    expect(phone.get_by_role("heading", name="Halo, Dewi Lestari")).to_be_visible()
    expect(phone.get_by_text("Fase Latsar Anda")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "home-participant-phone")

    phone.get_by_text("Dewi Lestari", exact=True).click()  # the account menu
    phone.get_by_role("button", name="Keluar").click()
    phone.wait_for_url("**/masuk")
    expect(phone.get_by_text("Anda sudah keluar.")).to_be_visible()
    phone.goto(base + "/")
    assert "/masuk" in phone.url
