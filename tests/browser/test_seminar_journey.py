"""The seminar rancangan in the browser, at 360x740 and 1280x800: the coordinator schedules it from the angkatan
page and places a participant whose plan the mentor approved; the penguji finds it under "Seminar saya", opens the
plan, saves a draft score, then submits it (locked) and is offered the decision on the plan; the coordinator sees
the result and downloads the XLSX and the PDF; the participant sees the seminar and the score on their home."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import (
    PASSWORD,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_mentor,
    make_participant,
)
from tests.helpers.aktualisasi import plan_approved_by_mentor
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in

pytestmark = pytest.mark.browser
NAME = "Siti Rahmawati Kusumaningtyas"
PENGUJI = "Dra. Ratna Dewi, M.Si."
DAY = (date.today() + timedelta(days=3)).isoformat()


@pytest.fixture
def seminar_people(live_app):
    """A participant whose plan the mentor approved, their coach and mentor, a widyaiswara to examine, and the
    coordinator of their angkatan's lembaga."""
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 72)
        participant = make_participant(angkatan, name=NAME)
        coach, penguji = make_instructor(name="Dr. Bambang Sutrisno"), make_instructor(name=PENGUJI)
        participant.enrolment.coach_id = coach.id
        mentor = make_mentor(participant, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        coordinator = make_coordinator(instansi)
        db.session.flush()
        plan_approved_by_mentor(participant.id, coach.id, mentor.id)
        db.session.commit()
        people = dict(participant=participant, penguji=penguji, coordinator=coordinator)
        return {"angkatan": angkatan.id, **{k: v.nip for k, v in people.items()}}


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def _flash(page, text: str) -> None:
    expect(page.locator(".flash, [role=status], .flashes").filter(has_text=text).first).to_be_visible()


def _download(page, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return open(info.value.path(), "rb").read()


def test_a_seminar_rancangan_from_scheduling_to_the_result_sheet(live_app, sized_page, seminar_people):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size
    _as(page, base, seminar_people["coordinator"])
    page.goto(f"{base}/orang/angkatan/{seminar_people['angkatan']}")
    page.get_by_role("link", name="Seminar angkatan ini").click()
    expect(page.locator(".empty")).to_contain_text("Belum ada seminar")
    page.get_by_role("link", name="Jadwalkan seminar").click()
    page.get_by_label("Jenis seminar").select_option("rancangan")
    page.get_by_label("Mulai").fill(f"{DAY}T09:00")
    page.get_by_label("Selesai").fill(f"{DAY}T08:00")
    page.get_by_label("Ruang").fill("Ruang Garuda, Gedung B")
    page.get_by_label("Penguji").select_option(label=PENGUJI)
    page.get_by_role("button", name="Jadwalkan", exact=True).click()
    expect(page.locator(".flash-error")).to_contain_text("Waktu selesai harus sesudah waktu mulai.")
    expect(page.get_by_label("Ruang")).to_have_value("Ruang Garuda, Gedung B")  # nothing typed is lost
    page.get_by_label("Selesai").fill(f"{DAY}T11:30")
    page.get_by_role("button", name="Jadwalkan", exact=True).click()
    _flash(page, "Seminar dijadwalkan.")
    expect(page.locator("main")).to_contain_text("09.00–11.30 WIB")
    page.get_by_label("Peserta", exact=True).select_option(label=NAME)
    page.get_by_role("button", name="Tambahkan").click()
    _flash(page, f"{NAME} ditambahkan ke seminar.")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"seminar-journey-coordinator-{size}")

    _as(page, base, seminar_people["penguji"])
    page.get_by_role("link", name="Seminar saya: 1 akan datang").click()
    page.get_by_role("link", name="Buka peserta dan penilaian").click()
    page.get_by_role("link", name="Buka rancangan aktualisasi").click()
    expect(page.locator("main")).to_contain_text(NAME)
    page.go_back()
    page.get_by_role("link", name="Nilai sebagai penguji").click()
    for criterion in range(4):
        page.locator(f"input[name=kriteria-{criterion}][value='4']").check()
    page.locator("input[name=kriteria-3][value='3']").check()
    page.get_by_label("Catatan untuk peserta").fill("Paparan runtut; perjelas data antrean harian.")
    page.get_by_role("button", name="Simpan draf").click()
    _flash(page, "Draf nilai disimpan")
    expect(page.locator("input[name=kriteria-3][value='3']")).to_be_checked()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"seminar-journey-score-{size}")
    page.get_by_role("button", name="Kirim nilai (dikunci)").click()
    _flash(page, "Nilai 97,50 dikirim dan dikunci.")
    expect(page.get_by_role("button", name="Kirim nilai (dikunci)")).to_have_count(0)
    page.get_by_role("link", name="Sahkan atau minta revisi").click()
    expect(page.get_by_role("button", name="Sahkan rancangan")).to_be_visible()

    _as(page, base, seminar_people["coordinator"])
    page.goto(f"{base}/seminar/angkatan/{seminar_people['angkatan']}")
    page.get_by_role("link", name="Seminar rancangan aktualisasi").click()
    sheet = page.locator("table.seminar-sheet")
    expect(sheet).to_contain_text("97,5")
    expect(sheet).to_contain_text("lengkap")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"seminar-journey-result-{size}")
    rows = list(load_workbook(io.BytesIO(_download(page, "Unduh hasil (XLSX)"))).active.iter_rows(values_only=True))
    assert rows[1][2] == NAME and rows[1][3] == 97.5
    pdf = PdfReader(io.BytesIO(_download(page, "Unduh hasil (PDF)")))
    assert NAME in pdf.pages[0].extract_text() and "97,50" in pdf.pages[0].extract_text()

    _as(page, base, seminar_people["participant"])
    home = page.locator(".seminar-home")
    expect(home).to_contain_text("Ruang Garuda, Gedung B")
    expect(home).to_contain_text(PENGUJI)
    expect(home).to_contain_text("Nilai seminar Anda: 97,5")
