"""An instructor on a phone pins a thread and hides a post with a reason; the author is told;
the participation table on a desktop lists who has not written yet."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.discussion import posting
from lms.discussion.access import Member, ThreadContext
from lms.discussion.spaces import GENERAL, Space
from lms.phases.models import Phase, PhaseCompletion, install_default_phases
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_instructor, make_participant, wib_today
from tests.helpers.browser import DESKTOP, assert_no_horizontal_scroll, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_instructor_pins_hides_with_reason_and_reads_participation(live_app, phone, browser):
    today = wib_today()
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kabupaten Tangerang"),
            74,
            schedule=[
                (today - timedelta(days=30), today - timedelta(days=10)),
                (today - timedelta(days=9), today + timedelta(days=20)),
            ],
        )
        make_instructor(angkatan, name="Rina Marlina, M.Si.", nip="197811202002122005")
        writer = make_participant(angkatan, name="Wahyu Nugroho", nip="199203152019031004")
        other = make_participant(angkatan, name="Ayu Lestari", nip="199307212019032005")
        for n in range(3):
            make_participant(angkatan, name=f"Peserta Diam {n + 1}")
        # The two writers finished the MOOC: the discussion is theirs to open, and so are its notices.
        mooc = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        for person in (writer, other):
            db.session.add(PhaseCompletion(user_id=person.id, phase_id=mooc, source="exception", reason="Uji"))
        space = Space(angkatan.id, GENERAL)
        member = Member(writer.id, angkatan.id, True, False, frozenset())
        opening = posting.start_thread(
            space, member, posting.NewThread("Contoh akuntabilitas di kantor kelurahan", "Mari berbagi contoh.")
        )
        context = ThreadContext(opening.thread, space, Member(other.id, angkatan.id, True, False, frozenset()), "", 1)
        posting.reply(context, posting.NewReply("Daftar hadir diisi jujur, bukan titip absen."))
        posting.reply(context, posting.NewReply("Jual beli jawaban evaluasi, hubungi 0812xxxx"))
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    phone.goto(base + "/masuk")
    phone.get_by_label("NIP atau email").fill("197811202002122005")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + "/")
    phone.get_by_role("link", name="Diskusi", exact=True).click()
    phone.get_by_role("link", name="Diskusi angkatan").click()
    phone.locator(".topics summary").click()
    expect(phone.locator(".topics").get_by_text("Akuntabel", exact=True)).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "discussion-space-topics-phone")
    phone.get_by_role("link", name="Contoh akuntabilitas di kantor kelurahan").click()
    phone.get_by_role("button", name="Sematkan").click()
    expect(phone.get_by_text("Utas disematkan di atas.")).to_be_visible()
    bad = phone.locator(".post", has_text="Jual beli jawaban")
    bad.get_by_role("link", name="Sembunyikan").click()
    phone.get_by_label("Alasan").fill("Menawarkan jual beli jawaban evaluasi")
    phone.get_by_role("button", name="Sembunyikan").click()
    note = phone.locator(".post.hidden-post .hidden-note")
    assert "Menawarkan jual beli jawaban evaluasi" in note.inner_text()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "discussion-moderated-phone")

    desk = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = desk.new_page()
    try:
        page.goto(base + "/masuk")
        page.get_by_label("NIP atau email").fill("197811202002122005")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(base + "/")  # logged in before going on, or the goto would cancel the login
        page.goto(base + "/diskusi")
        page.get_by_role("link", name="Partisipasi peserta").click()
        expect(page.get_by_text("3 dari 5 peserta belum menulis di Diskusi angkatan.")).to_be_visible()
        screenshot(page, "discussion-participation-desktop")
    finally:
        desk.close()

    author = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="id-ID")
    ayu = author.new_page()
    try:
        ayu.goto(base + "/masuk")
        ayu.get_by_label("NIP atau email").fill("199307212019032005")
        ayu.get_by_label("Kata sandi").fill(PASSWORD)
        ayu.get_by_role("button", name="Masuk").click()
        ayu.locator(".bell").click()
        expect(ayu.locator(".notice").first).to_contain_text("disembunyikan moderator")
        expect(ayu.locator(".notice").first).to_contain_text("Alasan: Menawarkan jual beli jawaban evaluasi")
        screenshot(ayu, "discussion-hidden-notice-phone")
    finally:
        author.close()
