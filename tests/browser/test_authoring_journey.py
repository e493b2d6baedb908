"""An instructor edits a lesson on a phone, sees the live and the button preview, saves a draft,
publishes it; a participant then reads the new text. Screenshots of the editor on phone and desktop."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.content.importer import import_content
from lms.content.models import Module, ModuleAssignment
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant, make_user, wib_today
from tests.helpers.browser import DESKTOP, assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"
INSTRUCTOR, PARTICIPANT = "198001012005011003", "199004112019031001"
NEW_TEXT = "Kalimat baru dari widyaiswara untuk angkatan ini."


def _login(page, base, nip):
    page.goto(base + "/masuk")
    page.get_by_label("NIP atau email").fill(nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")


def test_instructor_edits_previews_publishes_and_the_participant_reads_it(live_app, phone, browser):
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Uji"), 72, schedule_start=wib_today() - timedelta(days=2)
        )
        make_participant(angkatan, name="Rizki Pratama", nip=PARTICIPANT)
        instructor = make_user("instructor", name="Dewi Widyaiswara", nip=INSTRUCTOR)
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "wawasan-kebangsaan"))
        db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    _login(phone, base, INSTRUCTOR)
    phone.get_by_role("link", name="Kelola materi").click()
    phone.get_by_role("link", name="Wawasan Kebangsaan dan Nilai-Nilai Bela Negara").click()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "authoring-module-phone")
    phone.get_by_role("link", name="Sejarah Pergerakan Kebangsaan Indonesia").click()

    body = phone.get_by_label("Isi pelajaran (markdown)")
    body.fill(body.input_value() + f'\n\n!!! tips "Untuk angkatan ini"\n    {NEW_TEXT}\n')
    # The live preview (static/editor.js) shows the admonition while typing...
    phone.locator("#pratinjau .admonition.tips", has_text=NEW_TEXT).wait_for()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "authoring-editor-phone")
    # ...and the button preview, without JavaScript's help, shows the same.
    phone.get_by_role("button", name="Pratinjau").click()
    expect(phone.locator("#pratinjau .admonition.tips")).to_contain_text(NEW_TEXT)
    phone.get_by_role("button", name="Simpan draf").click()
    expect(phone.get_by_text("Tersimpan sebagai draf revisi 2")).to_be_visible()

    phone.get_by_role("link", name="Tinjau dan terbitkan").click()
    expect(phone.locator(".diff-add", has_text=NEW_TEXT)).to_have_count(1)
    screenshot(phone, "authoring-publish-phone")
    phone.get_by_role("button", name="Terbitkan revisi 2").click()
    expect(phone.get_by_text("Revisi 2 diterbitkan")).to_be_visible()

    reader = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="id-ID").new_page()
    _login(reader, base, PARTICIPANT)
    reader.goto(base + "/belajar/modul/wawasan-kebangsaan/sejarah-pergerakan-kebangsaan")
    assert reader.locator(".prose .admonition.tips").inner_text().endswith(NEW_TEXT)
    screenshot(reader, "authoring-participant-reads-phone")
    reader.context.close()

    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    _login(desktop, base, INSTRUCTOR)
    desktop.goto(base + "/kelola/modul/wawasan-kebangsaan/pelajaran/sejarah-pergerakan-kebangsaan")
    desktop.locator("#pratinjau .admonition.tips").wait_for()
    screenshot(desktop, "authoring-editor-desktop")
    desktop.goto(base + "/kelola/modul/wawasan-kebangsaan/riwayat")
    screenshot(desktop, "authoring-history-desktop")
    desktop.context.close()
