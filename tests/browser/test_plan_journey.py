"""The rancangan aktualisasi in the browser, at 360x740 and 1280x800: a participant writes every section and
submits; the coach returns it with a comment on one section; the participant fixes it and resubmits; the coach
accepts, the mentor approves, the coordinator marks the seminar scheduled; the participant sees each state and
what to do next on the plan page and on their home. And a stale tab: its save shows both texts, keeps the typed."""

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.people.models import SeminarExaminer
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
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot, sign_in

pytestmark = pytest.mark.browser
EDITOR = "/aktualisasi/rancangan"
NAME = "Siti Rahmawati Kusumaningtyas"
# Title, then APKL (aktual, problematik, kekhalayakan, layak) and USG (urgency, seriousness, growth) scores.
ISSUES = [
    ("Antrean pendaftaran pasien di Puskesmas menumpuk pada pagi hari", (5, 5, 4, 4, 5, 4, 4)),
    ("Rekam medis kertas sering terselip antar-ruang layanan", (4, 3, 3, 4, 3, 3, 3)),
    ("Warga belum mengetahui jadwal layanan poli", (4, 4, 4, 5, 3, 3, 3)),
]
CODES = ("aktual", "problematik", "kekhalayakan", "layak", "urgency", "seriousness", "growth")
ACTIVITIES = [
    (
        "Menyusun SOP antrean daring",
        "Konsultasi dengan kepala puskesmas\nMenyusun draf SOP\nPengesahan SOP",
        "SOP antrean daring yang disahkan",
        (1, 6),
        {"value_akuntabel": "SOP tertulis dan dapat diperiksa siapa pun."},
    ),
    (
        "Membuat papan informasi jadwal poli",
        "Mengumpulkan jadwal poli\nMerancang papan\nMemasang papan di ruang tunggu",
        "Papan informasi jadwal poli",
        (7, 14),
        {"value_berorientasi_pelayanan": "Warga tahu kapan poli buka.", "value_kolaboratif": "Bersama petugas poli."},
    ),
]
COMMENT = "Penyebab kedua belum didukung data antrean harian."
FIXED_CAUSE = "Pendaftaran manual: rata-rata 120 pasien per pagi"


@pytest.fixture
def plan_people(live_app):
    """A participant with a coach, a mentor and a penguji; the coordinator of their angkatan's lembaga."""
    with live_app.app_context():
        install_default_phases()
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 72)
        participant = make_participant(angkatan, name=NAME)
        coach, examiner = make_instructor(name="Dr. Bambang Sutrisno"), make_instructor(name="Dra. Ratna Dewi")
        participant.enrolment.coach_id = coach.id
        mentor = make_mentor(participant, unit="Puskesmas Cipondoh", name="dr. Hendra Wijaya")
        db.session.add(
            SeminarExaminer(enrolment_id=participant.enrolment.id, examiner_id=examiner.id, kind="rancangan")
        )
        coordinator = make_coordinator(instansi)
        db.session.commit()
        people = dict(participant=participant, coach=coach, mentor=mentor, coordinator=coordinator, examiner=examiner)
        return {"id": participant.id, **{k: v.nip for k, v in people.items()}}


def _section(page, key: str):
    """The editor's section `key`, opened (each section is a <details>)."""
    block = page.locator(f"#bagian-{key}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    return block


def _saved(page, text: str) -> None:
    expect(page.locator(".flash, [role=status], .flashes").filter(has_text=text).first).to_be_visible()


def _write_plan(page) -> None:
    # Two candidate rows on an empty plan; each save brings the next empty row.
    for rows in (ISSUES[:2], ISSUES[2:]):
        isu = _section(page, "isu")
        first = 0 if rows == ISSUES[:2] else 2
        expect(isu.locator("fieldset.issue-row")).to_have_count(max(2, first + 1))
        for n, (title, scores) in enumerate(rows, start=first):
            isu.get_by_label("Calon isu", exact=True).nth(n).fill(title)
            for code, score in zip(CODES, scores, strict=True):
                isu.locator(f"select[name='candidates-{n}-score_{code}']").select_option(str(score))
        isu.get_by_label("Calon isu 1", exact=True).check()
        isu.get_by_role("button", name="Simpan bagian ini").click()
        _saved(page, "Isu dan pemilihannya")
    # The totals come back from the server: 18 + 13 for the first candidate.
    expect(page.locator("#bagian-isu legend").first).to_contain_text("jumlah 31")

    causes = _section(page, "penyebab")
    causes.locator("textarea[name=causes]").fill("Pendaftaran masih manual di satu loket\nBelum ada nomor antrean")
    causes.get_by_role("button", name="Simpan bagian ini").click()
    _saved(page, "Penyebab isu")

    idea = _section(page, "gagasan")
    idea.get_by_label("Judul gagasan kreatif").fill("Optimalisasi antrean daring pendaftaran pasien")
    idea.get_by_label("Uraian gagasan").fill("Nomor antrean lewat WhatsApp dan papan informasi jadwal poli.")
    idea.get_by_role("button", name="Simpan bagian ini").click()
    _saved(page, "Gagasan kreatif")

    for title, steps, output, (start, end), values in ACTIVITIES:
        new = _section(page, "kegiatan-baru")
        new.get_by_label("Nama kegiatan").fill(title)
        new.get_by_label("Tahapan kegiatan").fill(steps)
        new.get_by_label("Output/keluaran").fill(output)
        new.get_by_label("Mulai hari ke-").fill(str(start))
        new.get_by_label("Selesai hari ke-").fill(str(end))
        for name, how in values.items():
            new.locator(f"textarea[name={name}]").fill(how)
        new.get_by_label("Kontribusi terhadap visi dan misi").fill("Mendukung misi pelayanan kesehatan bermutu.")
        new.get_by_label("Penguatan nilai-nilai organisasi").fill("Ramah dan cepat.")
        new.get_by_role("button", name="Tambahkan kegiatan").click()
        _saved(page, "Kegiatan ditambahkan.")


def _sees_state(page, base: str, label: str, next_step: str) -> None:
    """The participant sees `label` and what to do next on the plan page and on their home."""
    page.goto(base + EDITOR)
    card = page.locator(".plan-state")
    expect(card).to_contain_text(label)
    expect(card).to_contain_text(next_step)
    page.goto(base + "/")
    home = page.locator(".plan-home")
    expect(home).to_contain_text(label)
    expect(home).to_contain_text(next_step)
    assert_no_horizontal_scroll(page)


def _as(page, base: str, login: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, login, PASSWORD)


def test_a_plan_from_the_first_word_to_a_scheduled_seminar(live_app, sized_page, plan_people):
    page, base, size = sized_page, live_app.config["LIVE_URL"], sized_page.size
    _as(page, base, plan_people["participant"])
    page.get_by_role("link", name="Rancangan", exact=True).first.click()
    expect(page.locator(".plan-state")).to_contain_text("Draf")
    screenshot(page, f"plan-journey-editor-empty-{size}")
    _write_plan(page)
    expect(page.locator("#ajukan")).to_contain_text("Semua bagian sudah terisi")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-editor-filled-{size}")
    page.get_by_role("button", name="Ajukan ke coach").click()
    _saved(page, "Rancangan diajukan.")
    _sees_state(page, base, "Diajukan ke coach", "Coach sedang meninjau")

    _as(page, base, plan_people["coach"])
    page.get_by_role("link", name="1 rancangan menunggu tinjauan Anda").click()
    page.get_by_role("link", name=f"Tinjau: {NAME}").click()
    expect(page.locator("#bagian-isu")).to_contain_text(ISSUES[0][0])
    page.locator("#bagian-penyebab textarea").fill(COMMENT)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-coach-review-{size}")
    page.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    _saved(page, "Dikembalikan coach")

    _as(page, base, plan_people["participant"])
    _sees_state(page, base, "Dikembalikan coach", "Perbaiki bagian yang dikomentari")
    page.goto(base + EDITOR)
    causes = page.locator("#bagian-penyebab")
    expect(causes.get_by_text(COMMENT)).to_be_visible()  # the commented section is open, its comment in sight
    causes.locator("textarea[name=causes]").fill(f"Pendaftaran masih manual di satu loket\n{FIXED_CAUSE}")
    causes.get_by_role("button", name="Simpan bagian ini").click()
    _saved(page, "Penyebab isu")
    page.get_by_role("button", name="Ajukan ke coach").click()
    _saved(page, "Rancangan diajukan.")

    _as(page, base, plan_people["coach"])
    page.goto(f"{base}/aktualisasi/peserta/{plan_people['id']}")
    expect(page.locator("#bagian-penyebab")).to_contain_text(FIXED_CAUSE)
    page.get_by_role("link", name="Bandingkan dengan versi sebelumnya").click()
    expect(page.locator("main")).to_contain_text(FIXED_CAUSE)
    page.go_back()
    page.get_by_role("button", name="Terima rancangan").click()
    _saved(page, "Diterima coach")

    _as(page, base, plan_people["participant"])
    _sees_state(page, base, "Diterima coach, menunggu mentor", "Tunggu persetujuan mentor")

    _as(page, base, plan_people["mentor"])
    page.get_by_role("link", name="1 rancangan menunggu persetujuan Anda").click()
    page.get_by_role("link", name=f"Setujui atau kembalikan: {NAME}").click()
    expect(page.locator(".mentor-decision")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-mentor-{size}")
    page.locator(".mentor-decision").get_by_role("button", name="Setujui rancangan").click()
    _saved(page, "Disetujui mentor")

    _as(page, base, plan_people["participant"])
    _sees_state(page, base, "Disetujui mentor", "Penyelenggara akan menjadwalkan seminar rancangan")

    _as(page, base, plan_people["coordinator"])
    page.goto(f"{base}/aktualisasi/peserta/{plan_people['id']}")
    page.get_by_role("button", name="Tandai seminar dijadwalkan").click()
    _saved(page, "Seminar rancangan dijadwalkan")
    expect(page.get_by_role("button", name="Tandai seminar dijadwalkan")).to_have_count(0)

    _as(page, base, plan_people["participant"])
    _sees_state(page, base, "Seminar rancangan dijadwalkan", "Siapkan paparan rancangan Anda")
    page.goto(base + EDITOR)
    expect(page.locator("form[action$='/bagian/penyebab']")).to_have_count(0)  # the pen is not theirs now
    page.get_by_role("link", name="Versi yang diajukan (3)").click()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"plan-journey-versions-{size}")


def test_a_stale_tab_shows_both_texts_and_keeps_what_was_typed(live_app, sized_page, plan_people):
    base = live_app.config["LIVE_URL"]
    first = sized_page
    _as(first, base, plan_people["participant"])
    second = first.context.new_page()
    for page in (first, second):
        page.goto(base + EDITOR)
        _section(page, "penyebab")
    first.locator("#bagian-penyebab textarea[name=causes]").fill("Ditulis di ponsel")
    first.locator("#bagian-penyebab").get_by_role("button", name="Simpan bagian ini").click()
    _saved(first, "Penyebab isu")

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
    _saved(second, "Penyebab isu")
    first.reload()
    expect(_section(first, "penyebab").locator("textarea[name=causes]")).to_have_value("Ditulis di tab lama")
