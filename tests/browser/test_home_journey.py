"""A mentor on a phone opens the LMS and sees, at 360 px, which mentees need attention today, then opens one's
record; a widyaiswara who coaches and examines sees "Bimbingan hari ini" on a phone too."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.core.extensions import db
from lms.people.models import Instansi, SeminarExaminer
from lms.phases.models import Phase, install_default_phases
from tests.factories import (
    PASSWORD,
    make_angkatan,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
    wib_today,
)
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser


def _days(first: int, last: int):
    return wib_today() + timedelta(days=first), wib_today() + timedelta(days=last)


@pytest.fixture
def guided(live_app):
    with live_app.app_context():
        install_default_phases()
        db.session.scalar(select(Phase).where(Phase.code == "mooc")).requires_completion = True
        instansi = make_instansi("Pemerintah Kabupaten Tangerang")
        late = make_angkatan(instansi, 72, schedule=[_days(-30, -10), _days(-9, 10), _days(11, 40), _days(41, 47)])
        early = make_angkatan(instansi, 73, schedule=[_days(-3, 12), _days(13, 30)])
        stuck = make_participant(late, name="Dewi Kartika Sari Wulandari Rahmawati")
        fine = make_participant(early, name="Ahmad Fauzi")
        mentor = make_mentor(stuck, fine, name="Hj. Siti Nurhaliza, S.E., M.Si.")
        coach = make_instructor(name="Dr. Bambang Sutrisno")
        stuck.enrolment.coach_id = coach.id
        db.session.add(SeminarExaminer(enrolment_id=fine.enrolment.id, examiner_id=coach.id, kind="rancangan"))
        db.session.commit()
        return {"mentor": mentor.nip, "coach": coach.nip, "stuck": stuck.id}


def _sign_in(page, base: str, nip: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("NIP atau email").fill(nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")


def test_a_mentor_sees_who_needs_attention_on_a_phone(live_app, phone, guided):
    base = live_app.config["LIVE_URL"]
    _sign_in(phone, base, guided["mentor"])
    expect(phone.get_by_role("heading", name="Peserta bimbingan Anda hari ini")).to_be_visible()
    expect(phone.get_by_text("1 peserta perlu perhatian; mereka ada di atas.")).to_be_visible()
    rows = phone.locator("table.today tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Dewi Kartika")
    expect(rows.first).to_contain_text("terkunci")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "home-mentor-phone")
    phone.get_by_role("link", name="Dewi Kartika Sari Wulandari Rahmawati").click()
    phone.wait_for_url(f"{base}/orang/peserta/{guided['stuck']}")
    assert_no_horizontal_scroll(phone)


def test_a_coach_who_examines_sees_bimbingan_hari_ini_on_a_phone(live_app, phone, guided):
    base = live_app.config["LIVE_URL"]
    _sign_in(phone, base, guided["coach"])
    expect(phone.get_by_role("heading", name="Bimbingan hari ini")).to_be_visible()
    expect(phone.get_by_role("heading", name="Seminar yang Anda uji")).to_be_visible()
    expect(phone.get_by_role("link", name="Ahmad Fauzi")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "home-coach-phone")


def test_an_instansi_viewer_reads_the_summary_on_a_phone(live_app, phone, guided):
    with live_app.app_context():
        instansi = db.session.scalar(select(Instansi).where(Instansi.name == "Pemerintah Kabupaten Tangerang"))
        nip = make_instansi_viewer(instansi, name="Rudi Hartono").nip
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    _sign_in(phone, base, nip)
    expect(phone.get_by_text("2 pegawai sedang mengikuti Latsar.")).to_be_visible()
    expect(phone.get_by_role("button", name="Unduh XLSX")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "home-viewer-phone")
    phone.get_by_role("link", name="Kemajuan, nilai dan status setiap pegawai").click()
    expect(phone.get_by_role("heading", name="Pegawai instansi")).to_be_visible()
