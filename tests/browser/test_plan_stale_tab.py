"""A stale tab on the plan editor, at 360x740 and 1280x800: its save shows both texts and keeps what was typed;
saving again, knowingly, replaces the stored text."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in
from tests.helpers.plan_browser import EDITOR, saved, section

pytestmark = pytest.mark.browser


@pytest.fixture
def participant_nip(live_app) -> str:
    with live_app.app_context():
        install_default_phases()
        participant = make_participant(make_angkatan(make_instansi("Pemerintah Kota Tangerang"), 72))
        db.session.commit()
        return participant.nip


def test_a_stale_tab_shows_both_texts_and_keeps_what_was_typed(live_app, sized_page, participant_nip):
    base = live_app.config["LIVE_URL"]
    first = sized_page
    sign_in(first, base, participant_nip, PASSWORD)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(base + EDITOR)
        section(page, "penyebab")
    first.locator("#bagian-penyebab textarea[name=causes]").fill("Ditulis di ponsel")
    first.locator("#bagian-penyebab").get_by_role("button", name="Simpan bagian ini").click()
    saved(first, "Penyebab isu")

    second.locator("#bagian-penyebab textarea[name=causes]").fill("Ditulis di tab lama")
    second.locator("#bagian-penyebab").get_by_role("button", name="Simpan bagian ini").click()
    conflict = second.locator("#bagian-penyebab .conflict")
    expect(conflict).to_contain_text("sudah diubah di tab atau perangkat lain")
    expect(conflict).to_contain_text("Ditulis di ponsel")
    expect(second.locator("#bagian-penyebab textarea[name=causes]")).to_have_value("Ditulis di tab lama")
    assert_no_horizontal_scroll(second)
    screenshot(second, f"plan-journey-conflict-{sized_page.size}")
    # Saving again, knowingly, replaces the stored text.
    second.locator("#bagian-penyebab").get_by_role("button", name="Simpan bagian ini").click()
    saved(second, "Penyebab isu")
    first.reload()
    expect(section(first, "penyebab").locator("textarea[name=causes]")).to_have_value("Ditulis di tab lama")
