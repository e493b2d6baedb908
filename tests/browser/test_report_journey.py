"""The laporan aktualisasi in the browser, at 360x740 and 1280x800: a participant whose plan passed its seminar
starts the report from their home, edits its sections and submits; the coach checks it from their queue (the
evidence photo in sight); the mentor approves; the participant sees each state and downloads the PDF."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from lms.aktualisasi.models import Plan, PlanActivity
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_instructor, make_mentor, make_participant
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.report import log_items, plan_fully_approved, store_photo

pytestmark = pytest.mark.browser
EDITOR = "/aktualisasi/laporan"
NAME = "Siti Rahmawati Kusumaningtyas"


@pytest.fixture
def report_people(live_app, fake_log, tmp_path):
    """A participant whose plan passed its seminar rancangan, their coach and mentor; the log confirmed two
    entries of the first activity, one with a photo."""
    live_app.instance_path = str(tmp_path / "instance")  # the photo goes to this test's own storage folder
    with live_app.app_context():
        install_default_phases()
        angkatan = make_angkatan(make_instansi("Pemerintah Kota Tangerang"), 72)
        participant = make_participant(angkatan, name=NAME)
        coach, examiner = make_instructor(name="Dr. Bambang Sutrisno"), make_instructor(name="Dra. Ratna Dewi")
        participant.enrolment.coach_id = coach.id
        mentor = make_mentor(participant, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        db.session.flush()
        plan_fully_approved(participant.id, coach.id, mentor.id, examiner.id)
        plan_id = db.session.scalar(select(Plan.id).where(Plan.user_id == participant.id))
        activity_id = db.session.scalar(select(PlanActivity.id).where(PlanActivity.plan_id == plan_id))
        photo = store_photo(color=(40, 120, 200))
        db.session.commit()
        fake_log.items[participant.id] = log_items(activity_id, photo)
        return {"id": participant.id, "participant": participant.nip, "coach": coach.nip, "mentor": mentor.nip}


def _saved(page, text: str) -> None:
    expect(page.locator(".flash, [role=status], .flashes").filter(has_text=text).first).to_be_visible()


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def _section(page, key: str):
    block = page.locator(f"#bagian-{key}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    return block


def _sees_state(page, base: str, label: str, next_step: str) -> None:
    page.goto(base + EDITOR)
    card = page.locator(".plan-state")
    expect(card).to_contain_text(label)
    expect(card).to_contain_text(next_step)
    page.goto(base + "/")
    expect(page.locator(".report-home")).to_contain_text(label)
    assert_no_horizontal_scroll(page)


def test_a_report_from_the_approved_plan_to_the_mentors_approval_and_its_pdf(live_app, sized_page, report_people):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size
    _as(page, base, report_people["participant"])
    page.locator(".report-home").get_by_role("link", name="Mulai menyusun laporan").click()
    page.get_by_role("button", name="Mulai menyusun laporan").click()
    _saved(page, "Draf laporan disusun")
    expect(page.locator(".plan-state")).to_contain_text("Draf")
    activity = page.locator(".report-section").nth(2)
    expect(activity).to_contain_text("Rapat dengan kepala puskesmas tentang SOP antrean.")
    screenshot(page, f"report-journey-editor-{size}")

    for key, text in (
        ("nilai", "Akuntabel: SOP tertulis. Kolaboratif: disusun bersama petugas loket."),
        ("dampak", "Waktu tunggu pendaftaran pagi hari turun."),
        ("penutup", "Kesimpulan: gagasan terlaksana. Saran: perluas ke poli gigi."),
    ):
        section = _section(page, key)
        section.locator("textarea[name=body]").fill(text)
        section.get_by_role("button", name="Simpan bagian ini").click()
        _saved(page, "tersimpan")
    expect(page.locator("#ajukan")).to_contain_text("Semua bagian sudah terisi")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Ajukan ke coach").click()
    _saved(page, "Laporan diajukan.")
    _sees_state(page, base, "Diajukan ke coach", "Coach sedang memeriksa")

    _as(page, base, report_people["coach"])
    page.get_by_role("link", name="1 laporan menunggu pemeriksaan Anda").click()
    page.get_by_role("link", name=f"Periksa laporan: {NAME}").click()
    photo = page.locator("img.evidence-thumb").first
    photo.scroll_into_view_if_needed()  # loading="lazy": the photo loads when it nears the viewport
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0  # served through the report's access check
    assert_no_horizontal_scroll(page)
    screenshot(page, f"report-journey-coach-{size}")
    page.get_by_role("button", name="Tandai sudah diperiksa").first.click()
    _saved(page, "Diperiksa coach")

    _as(page, base, report_people["participant"])
    _sees_state(page, base, "Diperiksa coach, menunggu mentor", "Tunggu persetujuan mentor")

    _as(page, base, report_people["mentor"])
    page.get_by_role("link", name="1 laporan menunggu persetujuan Anda").click()
    page.get_by_role("link", name=f"Setujui atau kembalikan laporan: {NAME}").click()
    decision = page.locator(".mentor-decision")
    expect(decision).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"report-journey-mentor-{size}")
    decision.get_by_role("button", name="Setujui laporan").click()
    _saved(page, "Disetujui mentor")

    _as(page, base, report_people["participant"])
    _sees_state(page, base, "Disetujui mentor", "Unduh PDF-nya")
    page.goto(base + EDITOR)
    expect(page.locator("textarea[name=body]")).to_have_count(0)  # the pen is not theirs now
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    data = open(download.value.path(), "rb").read()  # noqa: SIM115, PTH123
    reader = PdfReader(io.BytesIO(data))
    assert NAME in reader.pages[0].extract_text()
    assert sum(len(p.images) for p in reader.pages) == 1
