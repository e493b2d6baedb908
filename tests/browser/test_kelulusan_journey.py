"""Kelulusan in the browser, at 360x740 and 1280x800: the coordinator finds what blocks the result, prepares it once
nothing does; the head of institution reviews it and ratifies it (the statement ticked); the participant sees their
result on their home and page; a correction proposed by one coordinator and confirmed by a second becomes version 2
beside the old. Each page is checked with axe and for sideways scrolling."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.browser.test_accessibility import AXE_OPTIONS, SMALL_TARGETS, _describe
from tests.factories import PASSWORD
from tests.helpers.browser import assert_no_horizontal_scroll, axe_source, screenshot, sign_in
from tests.helpers.kelulusan import SCORES, connect_test_sources, graduating, install_program, score

pytestmark = pytest.mark.browser
NAMES = ["Ayu Lestari", "Budi Santoso", "Citra Dewi Kusumawardhani"]


@pytest.fixture
def kelulusan_people(live_app):
    """Angkatan of three: Citra's seminar not yet scored (she then fails its minimum), two coordinators, the head."""
    connect_test_sources(live_app)
    with live_app.app_context():
        install_default_phases()
        install_program()
        angkatan, people, first, second, head = graduating(names=NAMES)
        SCORES["uji_seminar"].pop(people[2].id)
        db.session.commit()
        return {
            "angkatan": angkatan.id,
            "people": people,
            "participants": [p.nip for p in people],
            "coordinator": first.nip,
            "second": second.nip,
            "head": head.nip,
        }


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def _flash(page, text: str) -> None:
    expect(page.locator(".flash").filter(has_text=text).first).to_be_visible()


def _check(page, name: str, size: str) -> None:
    """No sideways scroll, no serious axe finding, no tiny target in a table; a screenshot."""
    assert_no_horizontal_scroll(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    found = _describe(page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"])
    assert not found, "\n".join(found)
    assert page.evaluate(SMALL_TARGETS) == []
    screenshot(page, f"kelulusan-journey-{name}-{size}")


def test_from_prepared_to_ratified_to_corrected(live_app, sized_page, kelulusan_people):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size
    people = kelulusan_people

    _as(page, base, people["coordinator"])
    page.goto(f"{base}/orang/angkatan/{people['angkatan']}")
    page.get_by_role("link", name="Kelulusan angkatan ini").click()
    blockers = page.locator(".blockers")
    expect(blockers).to_contain_text("Nilai belum lengkap")
    expect(blockers).to_contain_text(f"{NAMES[2]}: Seminar aktualisasi")
    expect(page.get_by_role("button", name="Siapkan hasil")).to_have_count(0)
    _check(page, "blockers", size)
    score(people["people"][2], seminar=55)  # the seminar is scored: below its minimum of 60
    page.reload()
    expect(blockers).to_contain_text("Tidak ada")
    expect(page.locator("main")).to_contain_text("Peserta yang tidak lulus")
    page.get_by_role("button", name="Siapkan hasil").click()
    _flash(page, "Hasil disiapkan.")
    expect(page.locator("table.result-table")).to_contain_text("87,00")
    _check(page, "prepared", size)

    _as(page, base, people["head"])
    page.get_by_role("link", name="Buka pengesahan hasil").click()
    page.get_by_role("link", name="Angkatan").first.click()
    expect(page.locator("main")).to_contain_text("3 peserta: 2 lulus, 1 tidak lulus.")
    _check(page, "review", size)
    page.get_by_role("button", name="Sahkan hasil").click()
    _flash(page, "Centang pernyataan pengesahan untuk mengesahkan hasil.")
    page.get_by_label("Saya sudah memeriksa hasil ini dan mengesahkannya.", exact=False).check()
    page.get_by_role("button", name="Sahkan hasil").click()
    _flash(page, "disahkan dan disegel")
    expect(page.get_by_role("button", name="Sahkan hasil")).to_have_count(0)
    _check(page, "ratified", size)

    _as(page, base, people["participants"][0])
    card = page.locator(".kelulusan-home")
    expect(card).to_contain_text("87,00")
    expect(card).to_contain_text("Memuaskan")
    card.get_by_role("link", name="Lihat nilai per komponen").click()
    expect(page.locator(".my-result")).to_contain_text("Lulus")
    expect(page.locator("main")).to_contain_text("Seminar aktualisasi")
    _check(page, "participant", size)

    _as(page, base, people["coordinator"])
    page.goto(f"{base}/kelulusan/angkatan/{people['angkatan']}/persiapan")
    page.get_by_role("region", name="Hasil yang disahkan").get_by_role("link", name=NAMES[2]).click()
    page.get_by_label("Seminar aktualisasi (60%)").fill("72,5")
    page.get_by_label("Alasan koreksi").fill("Nilai penguji salah ketik pada berita acara seminar")
    page.get_by_role("button", name="Usulkan koreksi").click()
    _flash(page, "menunggu konfirmasi orang kedua")
    expect(page.get_by_role("button", name="Konfirmasi koreksi")).to_have_count(0)  # never the proposer
    _check(page, "proposed", size)

    _as(page, base, people["second"])
    page.goto(f"{base}/kelulusan/angkatan/{people['angkatan']}/persiapan")
    page.get_by_role("region", name="Hasil yang disahkan").get_by_role("link", name=NAMES[2]).click()
    expect(page.locator(".correction-pending")).to_contain_text("55,00 → 72,50")
    page.get_by_role("button", name="Konfirmasi koreksi").click()
    _flash(page, "hasil versi 2 berlaku")
    versions = page.locator(".result-version")
    expect(versions.nth(0)).to_contain_text("Versi 2 (berlaku)")
    expect(versions.nth(0)).to_contain_text("78,70")
    expect(versions.nth(1)).to_contain_text("Versi 1 (diganti)")
    expect(versions.nth(1)).to_contain_text("68,20")
    _check(page, "corrected", size)

    _as(page, base, people["participants"][2])
    expect(page.locator(".kelulusan-home")).to_contain_text("78,70")
    expect(page.locator(".kelulusan-home")).to_contain_text("Lulus")
