"""Browser helpers for the plan editor: a plan's worth of typed content (three issue candidates with their APKL and
USG scores, two activities) and the steps that write it section by section, as a participant does."""

from playwright.sync_api import expect

EDITOR = "/aktualisasi/rancangan"
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


def section(page, key: str):
    """The editor's section `key`, opened (each section is a <details>)."""
    block = page.locator(f"#bagian-{key}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    return block


def saved(page, text: str) -> None:
    expect(page.locator(".flash, [role=status], .flashes").filter(has_text=text).first).to_be_visible()


def write_plan(page) -> None:
    # Two candidate rows on an empty plan; each save brings the next empty row.
    for rows in (ISSUES[:2], ISSUES[2:]):
        isu = section(page, "isu")
        first = 0 if rows == ISSUES[:2] else 2
        expect(isu.locator("fieldset.issue-row")).to_have_count(max(2, first + 1))
        for n, (title, scores) in enumerate(rows, start=first):
            isu.get_by_label("Calon isu", exact=True).nth(n).fill(title)
            for code, score in zip(CODES, scores, strict=True):
                isu.locator(f"select[name='candidates-{n}-score_{code}']").select_option(str(score))
        isu.get_by_label("Calon isu 1", exact=True).check()
        isu.get_by_role("button", name="Simpan bagian ini").click()
        saved(page, "Isu dan pemilihannya")
    # The totals come back from the server: 18 + 13 for the first candidate.
    expect(page.locator("#bagian-isu legend").first).to_contain_text("jumlah 31")

    causes = section(page, "penyebab")
    causes.locator("textarea[name=causes]").fill("Pendaftaran masih manual di satu loket\nBelum ada nomor antrean")
    causes.get_by_role("button", name="Simpan bagian ini").click()
    saved(page, "Penyebab isu")

    idea = section(page, "gagasan")
    idea.get_by_label("Judul gagasan kreatif").fill("Optimalisasi antrean daring pendaftaran pasien")
    idea.get_by_label("Uraian gagasan").fill("Nomor antrean lewat WhatsApp dan papan informasi jadwal poli.")
    idea.get_by_role("button", name="Simpan bagian ini").click()
    saved(page, "Gagasan kreatif")

    for title, steps, output, (start, end), values in ACTIVITIES:
        new = section(page, "kegiatan-baru")
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
        saved(page, "Kegiatan ditambahkan.")
