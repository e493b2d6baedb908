"""Sikap perilaku in the browser, at 360x740 and 1280x800: the coach finds the participants waiting on their home,
saves a draft, is told which criterion is missing (the typed note kept), submits (locked) and corrects with a
reason; the mentor scores the same participant; the coordinator reads form 3G on the angkatan's page, the complete
participant's sikap score beside the one still waiting, and the record's form 3G."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_coordinator, make_instansi, make_instructor, make_mentor
from tests.factories import make_participant as participant_in
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.sikap import import_program

pytestmark = pytest.mark.browser
NAME = "Siti Rahmawati Kusumaningtyas"
OTHER = "Budi Santoso"
CRITERIA = 7  # 3C and 3D: the BerAKHLAK values


@pytest.fixture
def sikap_people(live_app):
    """Two participants of Angkatan 72 coached by one widyaiswara, the first with a mentor; the coordinator."""
    with live_app.app_context():
        install_default_phases()
        import_program()
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 72)
        first, second = participant_in(angkatan, name=NAME), participant_in(angkatan, name=OTHER)
        coach = make_instructor(name="Dr. Bambang Sutrisno")
        first.enrolment.coach_id = second.enrolment.coach_id = coach.id
        mentor = make_mentor(first, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        coordinator = make_coordinator(instansi)
        db.session.commit()
        people = dict(coach=coach, mentor=mentor, coordinator=coordinator)
        return {"angkatan": angkatan.id, "first": first.id, **{k: v.nip for k, v in people.items()}}


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def _flash(page, text: str) -> None:
    expect(page.locator(".flash").filter(has_text=text).first).to_be_visible()


def _choose(page, points: dict[int, str], scope=None) -> None:
    where = scope or page
    for criterion, value in points.items():
        where.locator(f"input[name=kriteria-{criterion}][value='{value}']").check()


def test_coach_and_mentor_score_and_the_coordinator_reads_form_3g(live_app, sized_page, sikap_people):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size

    _as(page, base, sikap_people["coach"])
    waiting = page.locator(".waiting-home")
    expect(waiting).to_contain_text("2 penilaian sikap perilaku belum Anda kirim")
    waiting.get_by_role("link", name="2 penilaian sikap perilaku belum Anda kirim").click()
    expect(page.locator("main")).to_contain_text("2 belum dikirim")
    page.get_by_role("link", name="Nilai peserta Angkatan 72").click()
    expect(page.locator("table.sikap-list")).to_contain_text("belum")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"sikap-journey-list-{size}")
    page.get_by_role("link", name=NAME).click()
    expect(page.locator("main")).to_contain_text("Anda menilai sebagai coach.")
    _choose(page, {0: "3", 1: "4"})
    page.get_by_label("Catatan (tidak wajib)").fill("Konsisten mengisi log habituasi dan terbuka pada masukan.")
    page.get_by_role("button", name="Simpan draf").click()
    _flash(page, "Draf disimpan; belum dikirim.")
    expect(page.locator("input[name=kriteria-0][value='3']")).to_be_checked()
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator(".flash-error")).to_contain_text("Pilih level untuk kriteria 'Kompeten'.")
    expect(page.get_by_label("Catatan (tidak wajib)")).to_have_value(
        "Konsisten mengisi log habituasi dan terbuka pada masukan."
    )
    _choose(page, {i: "4" for i in range(2, CRITERIA)})
    assert_no_horizontal_scroll(page)
    screenshot(page, f"sikap-journey-sheet-{size}")
    page.get_by_role("button", name="Kirim").click()
    _flash(page, "Nilai 96,43 dikirim dan dikunci.")
    expect(page.get_by_role("button", name="Simpan draf")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("terkirim, terkunci")
    page.get_by_text("Koreksi nilai (dengan alasan)").click()
    correction = page.locator(".sikap-correction form")
    _choose(page, {1: "3"}, correction)
    correction.get_by_role("button", name="Simpan koreksi").click()
    expect(page.locator(".flash-error")).to_contain_text("Tulis alasan koreksi")
    _choose(page, {1: "3"}, page.locator(".sikap-correction form"))
    page.get_by_label("Alasan koreksi").fill("Kriteria Akuntabel salah pilih.")
    page.get_by_role("button", name="Simpan koreksi").click()
    _flash(page, "Koreksi disimpan: nilai sekarang 92,86.")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"sikap-journey-corrected-{size}")

    _as(page, base, sikap_people["mentor"])
    page.get_by_role("link", name="1 penilaian sikap perilaku belum Anda kirim").click()
    page.get_by_role("link", name="Nilai peserta Angkatan 72").click()
    page.get_by_role("link", name=NAME).click()
    expect(page.locator("main")).to_contain_text("3D · Sikap perilaku di tempat kerja (mentor)")
    _choose(page, {i: "3" for i in range(CRITERIA)})
    page.get_by_role("button", name="Kirim").click()
    _flash(page, "Nilai 75,00 dikirim dan dikunci.")
    assert_no_horizontal_scroll(page)

    _as(page, base, sikap_people["coordinator"])
    page.goto(f"{base}/orang/angkatan/{sikap_people['angkatan']}")
    expect(page.locator("main")).to_contain_text("Nilai sikap lengkap: 1 dari 2 peserta.")
    page.get_by_role("link", name="Rekap sikap perilaku (3G)").click()
    recap = page.locator("table.sikap-recap")
    first = recap.locator("tr", has_text=NAME)
    expect(first).to_contain_text("92,86")
    expect(first).to_contain_text("75")
    expect(first).to_contain_text("83,93")  # (92.86 + 75) / 2: no widyaiswara nor committee in this angkatan
    expect(recap.locator("tr", has_text=OTHER)).to_contain_text("belum lengkap")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"sikap-journey-recap-{size}")
    recap.get_by_role("link", name=NAME).click()
    record = page.locator("table.sikap-record")
    expect(record).to_contain_text("83,93")
    assert_no_horizontal_scroll(page)
