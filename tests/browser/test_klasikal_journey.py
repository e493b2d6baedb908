"""Klasikal attendance in the browser, at 360x740 and at 1280x800: the participant opens their QR; the committee
member finds today's session on their home, takes attendance on the list (a refused row keeps what was typed),
then opens the participant's QR address as a phone camera would (signing in first) and records them present,
once; the participant sees their attendance."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lms.attendance.klasikal_pass import pass_token
from lms.auth.models import Role
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import (
    PASSWORD,
    enrol,
    make_angkatan,
    make_committee,
    make_instansi,
    make_instructor,
    make_session,
    make_user,
)
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in, sized_context

pytestmark = pytest.mark.browser
NAMES = ["Dewi Kartika Sari Wulandari Rahmawati", "Ahmad Fauzi", "Rina Marlina", "Joko Santoso", "Putu Ayu"]


@pytest.fixture
def on_campus(live_app):
    """An angkatan on campus: a klasikal session that started five minutes ago, five participants, a committee
    member."""
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Cilegon")
        angkatan = make_angkatan(instansi, 69)
        widyaiswara = make_instructor(angkatan, name="Dr. Bambang Sutrisno")
        people = []
        for ndh, name in enumerate(NAMES, start=1):
            person = make_user(Role.PARTICIPANT, name=name)
            enrol(person, angkatan, ndh=ndh)
            people.append(person)
        committee = make_committee(angkatan, name="Bayu Pranata")
        session = make_session(
            angkatan,
            starts_at=utcnow() - timedelta(minutes=5),
            minutes=210,
            topic="Seminar aktualisasi kelompok 1",
            phase_code="klasikal",
            mode="tatap_muka",
            room="Ruang Garuda",
            widyaiswara=widyaiswara,
        )
        db.session.commit()
        return {
            "participants": [p.nip for p in people],
            "ids": [p.id for p in people],
            "committee": committee.nip,
            "session": session.id,
            "scan": "/klasikal/pindai/" + pass_token(people[0].id, live_app.secret_key),
        }


def _flash(page, text: str) -> None:
    expect(page.locator(".flash").filter(has_text=text).first).to_be_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_committee_takes_klasikal_attendance_by_list_and_by_qr(live_app, browser, on_campus, size):
    base = live_app.config["LIVE_URL"]
    participant = sized_context(browser, size).new_page()
    sign_in(participant, base, on_campus["participants"][0], PASSWORD)
    participant.get_by_role("link", name="Klasikal", exact=True).click()
    expect(participant.get_by_role("heading", name="QR presensi Anda")).to_be_visible()
    qr = participant.locator("svg.qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and abs(box["width"] - box["height"]) < 1  # big enough for a camera, square
    expect(participant.get_by_text("belum dicatat")).to_be_visible()
    assert_no_horizontal_scroll(participant)
    screenshot(participant, f"klasikal-participant-qr-{size}")

    committee = sized_context(browser, size).new_page()
    sign_in(committee, base, on_campus["committee"], PASSWORD)
    expect(committee.get_by_text("Seminar aktualisasi kelompok 1")).to_be_visible()
    committee.get_by_role("link", name="Ambil presensi").click()
    expect(committee.get_by_text("0 dari 5 peserta tercatat.")).to_be_visible()
    assert_no_horizontal_scroll(committee)
    rows = {ndh: committee.locator(f"#peserta-{uid}") for ndh, uid in enumerate(on_campus["ids"], start=1)}
    rows[2].get_by_role("radio", name="Hadir", exact=True).check()
    rows[3].get_by_role("radio", name="Terlambat", exact=True).check()
    rows[3].get_by_label("Menit terlambat").fill("12")
    rows[4].get_by_role("radio", name="Izin", exact=True).check()  # its reason forgotten
    committee.get_by_role("button", name="Simpan presensi").click()
    _flash(committee, "2 peserta dicatat. 1 baris belum tersimpan")
    expect(rows[4].get_by_text("Tulis alasan izin")).to_be_visible()
    expect(rows[4].get_by_role("radio", name="Izin", exact=True)).to_be_checked()  # what was typed is still there
    expect(rows[3].get_by_text("tercatat terlambat 12 menit")).to_be_visible()
    assert_no_horizontal_scroll(committee)
    screenshot(committee, f"klasikal-list-refused-{size}")
    rows[4].get_by_label("Alasan", exact=True).fill("Surat izin kepala dinas")
    committee.get_by_role("button", name="Simpan presensi").click()
    _flash(committee, "1 peserta dicatat.")
    expect(committee.get_by_text("3 dari 5 peserta tercatat.")).to_be_visible()
    committee.get_by_role("link", name="Belum dicatat").click()
    expect(rows[1]).to_be_visible()
    expect(rows[2]).to_have_count(0)
    screenshot(committee, f"klasikal-list-{size}")

    # The phone's camera opens the QR's address in a browser not signed in yet: the login, then the page.
    camera = sized_context(browser, size).new_page()
    camera.goto(base + on_campus["scan"])
    expect(camera).to_have_url(re.compile(r"/masuk\?next="))
    camera.get_by_label("NIP atau email").fill(on_campus["committee"])
    camera.get_by_label("Kata sandi").fill(PASSWORD)
    camera.get_by_role("button", name="Masuk").click()
    expect(camera.get_by_role("heading", name=NAMES[0])).to_be_visible()
    expect(camera.get_by_text(on_campus["participants"][0])).to_be_visible()
    expect(camera.get_by_role("radio", name="Seminar aktualisasi kelompok 1")).to_be_checked()
    assert_no_horizontal_scroll(camera)
    screenshot(camera, f"klasikal-scan-{size}")
    camera.get_by_role("button", name="Catat hadir").click()
    _flash(camera, f"{NAMES[0]} tercatat hadir di sesi Seminar aktualisasi kelompok 1.")
    camera.get_by_role("button", name="Catat hadir").click()
    _flash(camera, "sudah tercatat hadir")
    screenshot(camera, f"klasikal-scanned-{size}")

    committee.reload()
    expect(committee.get_by_text("Semua peserta sudah dicatat")).to_have_count(0)
    expect(rows[1]).to_have_count(0)  # recorded by the scan: no longer among those not recorded
    participant.reload()
    expect(participant.locator(".badge", has_text="hadir")).to_be_visible()
    for page in (participant, committee, camera):
        page.context.close()
