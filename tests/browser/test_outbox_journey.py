"""A coordinator on a phone finds a waiting set-up link in the outbox, hands it over and marks it."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.core.extensions import db
from lms.core.outbox import OutboxMessage, enqueue
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_coordinator, make_instansi, make_participant
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser


def test_coordinator_hands_over_a_waiting_link_on_a_phone(live_app, phone):
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Serang")
        person = make_participant(
            make_angkatan(instansi, 72), name="Rina Anggraini", email="rina.anggraini.panjang@serangkota.go.id"
        )
        coordinator = make_coordinator(instansi, name="Sri Wahyuningsih")
        link = "http://127.0.0.1:5000/akun/atur-ulang/Zx9r0Yq3lKp2mWb8Jf4dUv7TnHsQeA1cXoIgRyBk5aE"
        enqueue(
            "uji:rina",
            "Atur ulang kata sandi Latsar LMS",
            f"Yth. Rina,\n\n{link}\n",
            to_address=person.email,
            recipient_id=person.id,
        )
        db.session.commit()
        nip = coordinator.nip
    base = live_app.config["LIVE_URL"]
    phone.goto(base + "/masuk")
    phone.get_by_label("NIP atau email").fill(nip)
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + "/")
    phone.get_by_role("link", name="Pesan keluar").click()
    expect(phone.get_by_role("heading", name="Pesan keluar")).to_be_visible()
    expect(phone.get_by_text(link)).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "outbox-coordinator-phone")
    phone.get_by_role("button", name="Tandai sudah diserahkan").click()
    expect(phone.get_by_text("Pesan ditandai sudah diserahkan langsung.")).to_be_visible()
    expect(phone.get_by_role("link", name="Terkirim (1)")).to_be_visible()
    with live_app.app_context():
        assert db.session.scalar(select(OutboxMessage.by_hand).where(OutboxMessage.key == "uji:rina")) is True
