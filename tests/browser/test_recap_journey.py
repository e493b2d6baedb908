"""The recap of an angkatan in the browser, at 360x740 and 1280x800, on the demo world with the shipped program: the
coordinator reaches it from the dashboard, sees the summary, the missing scores marked and the wide table scrolling
in its own box (the page itself never scrolls sideways), and downloads the XLSX; the instansi viewer reaches their
employees' recap from their page and sees only their rows, the ranks still the whole angkatan's."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.people.models import Angkatan, Enrolment, Instansi, InstansiViewer
from lms.phases.models import install_default_phases
from lms.program.sources import COMPONENT_SOURCES, KLASIKAL_ATTENDANCE
from tests.browser.test_accessibility import AXE_OPTIONS, BLOCKING, SMALL_TARGETS
from tests.helpers.browser import assert_no_horizontal_scroll, axe_source, screenshot, sign_in, sized_context

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"
ANGKATAN = "Angkatan 72 Tahun 2026"


def _stand_in(user_ids, _program):
    """Scores the features of later branches give (PJJ evaluation, sikap, seminars): one in seven still missing."""
    return {u: Decimal(60 + u * 7 % 40) for u in user_ids if u % 7}


def _sources():
    return {name: _stand_in for name in ("evaluasi_pjj", "sikap", "seminar_rancangan", "seminar_aktualisasi")}


def _assert_accessible(page) -> None:
    """axe-core's serious and critical findings (WCAG 2.2 AA, best practices, target size), as the accessibility
    suite checks the other pages, and no lone link in a cell under 24x24 px."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"] if v["impact"] in BLOCKING
    ]
    assert found == [] and page.evaluate(SMALL_TARGETS) == []


def _attendance(user_ids):
    return {u: Decimal(85 if u % 5 == 0 else 100) for u in user_ids}


@pytest.fixture
def recap_site(live_app):
    COMPONENT_SOURCES.connect(live_app, _sources)
    KLASIKAL_ATTENDANCE.connect(live_app, _attendance)
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []  # the program file too
        logins = seed_demo()
        db.session.commit()
        angkatan_id = db.session.scalar(select(Angkatan.id).where(Angkatan.name == ANGKATAN))
        viewer_instansi = set(
            db.session.scalars(
                select(Instansi.name)
                .join(InstansiViewer, InstansiViewer.instansi_id == Instansi.id)
                .where(InstansiViewer.user_id == db.session.scalar(select(InstansiViewer.user_id).limit(1)))
            )
        )
        employees = db.session.scalar(
            select(db.func.count())
            .select_from(Enrolment)
            .join(Instansi, Instansi.id == Enrolment.instansi_id)
            .where(Enrolment.angkatan_id == angkatan_id, Instansi.name.in_(viewer_instansi))
        )
    assert employees, "the demo's instansi viewer has employees in Angkatan 72"
    return live_app, logins, angkatan_id, viewer_instansi, employees


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_coordinator_and_instansi_viewer_read_the_recap(browser, recap_site, size):
    app, logins, angkatan_id, viewer_instansi, employees = recap_site
    base = app.config["LIVE_URL"]
    context = sized_context(browser, size)
    page = context.new_page()
    sign_in(page, base, logins["coordinator"], DEMO_PASSWORD)
    page.goto(base + "/dasbor")
    page.locator("tr", has_text=ANGKATAN).get_by_role("link", name="Rekap nilai akhir").click()
    expect(page.get_by_role("heading", name=f"Rekap nilai akhir · {ANGKATAN}")).to_be_visible()
    expect(page.get_by_text("Pelatihan Dasar CPNS (pola blended learning)")).to_be_visible()
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    rows = page.locator("table.recap tbody tr")
    assert rows.count() == 40
    assert page.locator("table.recap td.missing").count() > 0  # what is missing, marked where it is
    assert page.locator("table.recap .badge", has_text="Lulus").count() > 0
    assert_no_horizontal_scroll(page)  # the table scrolls inside its own box
    box = page.evaluate(
        "(() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; })()"
    )
    if size == "phone":
        assert box[0] > box[1]  # wider than the phone: it scrolls, in its box
    screenshot(page, f"recap-coordinator-{size}")
    _assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh XLSX").click()
    assert info.value.suggested_filename == "rekap-nilai-akhir-angkatan-72-2026.xlsx"
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert sheet["A2"].value == "Rekapitulasi nilai akhir Pelatihan Dasar CPNS"
    assert sum(1 for row in sheet.iter_rows(min_row=7) if row[0].value) == 40
    context.close()

    context = sized_context(browser, size)
    page = context.new_page()
    sign_in(page, base, logins["instansi_viewer"], DEMO_PASSWORD)
    page.goto(base + "/dasbor/pegawai")
    page.get_by_role("link", name=f"Rekap nilai akhir pegawai Anda di {ANGKATAN}").click()
    expect(page.get_by_text("Hanya pegawai instansi Anda yang ditampilkan")).to_be_visible()
    cells = page.locator("table.recap tbody td.who .small.muted:not(.nip)").all_inner_texts()
    assert len(cells) == employees and set(cells) <= viewer_instansi
    assert_no_horizontal_scroll(page)
    screenshot(page, f"recap-instansi-viewer-{size}")
    _assert_accessible(page)
    context.close()
