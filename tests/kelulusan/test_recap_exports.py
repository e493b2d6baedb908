"""The recap's exports in the institutions' layout: the title block, each component with its weight, numbers as
numbers (two decimals shown), a name that starts a formula neutralised, the remark; the PDF read back with pypdf (the
header on every page, the signature block) and its first page rendered with pdftoppm; each export audited."""

import csv
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.pdf import Document
from lms.kelulusan.recap_pdf import wrap
from lms.people.models import Angkatan
from tests.factories import make_participant
from tests.helpers.web import csrf_token
from tests.plugins.recap import INJECTED, score

HEADER = [
    "No",
    "NIP",
    "Nama",
    "Instansi",
    "Evaluasi akademik MOOC (40%)",
    "Seminar aktualisasi (60%)",
    "Kehadiran klasikal (%)",
    "JP (dari 647)",
    "Nilai akhir",
    "Predikat",
    "Peringkat",
    "Keterangan",
]


def _export(world, kind, who="coordinator", **form):
    client = world.client(who)
    response = client.post(f"{world.url}.{kind}", data={"csrf_token": csrf_token(client, world.url), **form})
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="rekap-nilai-akhir-angkatan-90-2026.{kind}"'
    )
    return response


def test_the_csv_has_the_title_block_the_weights_and_safe_cells(recap_world):
    text = _export(recap_world, "csv").get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0].startswith("Penyelenggara Pemerintah Kota Rekap")  # the lembaga
    assert rows[1] == ["Rekapitulasi nilai akhir Pelatihan Dasar CPNS"]
    assert rows[2] == ["Angkatan 90 Tahun 2026 (Angkatan 90)"]
    assert rows[3][0].startswith("Program: Program rekap uji (versi ") and rows[3][0].endswith(", 647 JP)")
    assert rows[4] == [] and rows[5] == HEADER
    body = {row[2]: row for row in rows[6:]}
    assert list(body) == ["Ani Lulus", "Budi Kedua", "Citra Belum", "'" + INJECTED, "Eko Seri"]
    assert body["Ani Lulus"][4:] == ["95.0", "85.0", "100.0", "0.0", "89.0", "Memuaskan", "1", "Lulus"]
    assert body["Citra Belum"][5] == "" and body["Citra Belum"][-1] == "Belum lengkap: belum ada Seminar aktualisasi"
    assert body["Eko Seri"][-2:] == ["2", "Tidak lulus: Kehadiran klasikal 80% di bawah 90%"]
    semicolons = _export(recap_world, "csv", pemisah="titikkoma").get_data(as_text=True)
    assert "No;NIP;Nama;Instansi;" in semicolons


def test_the_xlsx_keeps_numbers_as_numbers_and_the_nip_as_text(recap_world):
    workbook = load_workbook(io.BytesIO(_export(recap_world, "xlsx").data))
    sheet = workbook.active
    assert sheet["A2"].value == "Rekapitulasi nilai akhir Pelatihan Dasar CPNS" and sheet["A1"].font.bold
    assert [c.value for c in sheet[6]] == HEADER and sheet.freeze_panes == "A7"
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=7)}
    top = rows["Ani Lulus"]
    assert isinstance(top[1].value, str) and len(top[1].value) == 18  # NIP: text, all 18 digits
    assert [top[i].value for i in (4, 5, 6, 8)] == [95, 85, 100, 89]
    assert all(isinstance(top[i].value, float | int) for i in (4, 5, 6, 7, 8, 10))
    assert top[8].number_format == "0.00" and top[4].number_format == "0.00"
    assert rows["'" + INJECTED][2].value.startswith("'=")  # neutralised, never a formula
    assert rows["Citra Belum"][5].value in (None, "")
    with recap_world.app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.recap"))
    assert entry.details["format"] == "xlsx" and entry.details["rows"] == 5
    assert entry.object_id == str(recap_world.ids["angkatan"])


def test_the_instansi_viewers_export_has_their_rows_only(recap_world):
    workbook = load_workbook(io.BytesIO(_export(recap_world, "xlsx", who="viewer").data))
    sheet = workbook.active
    assert sheet["A5"].value.startswith("Hanya pegawai Pemerintah Kabupaten Rekap")
    names = [row[2].value for row in sheet.iter_rows(min_row=8)]
    assert names == ["Budi Kedua", "'" + INJECTED]


def _pdf(world, who="coordinator") -> PdfReader:
    response = _export(world, "pdf", who=who)
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def test_the_pdf_has_the_title_block_the_table_and_the_signature_block(recap_world):
    reader = _pdf(recap_world)
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape A4
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    for expected in (
        "PENYELENGGARA PEMERINTAH KOTA REKAP",
        "Rekapitulasi nilai akhir Pelatihan Dasar CPNS",
        "Angkatan 90 Tahun 2026",
        "Program rekap uji",
        "Ani Lulus",
        "89,00",
        "Kepala Penyelenggara Pemerintah Kota Rekap",
        "NIP: ....",
        "Nama: ....",
        "halaman 1 dari 1",
    ):
        assert expected in text, expected
    assert INJECTED in text.replace(" ", "")  # a PDF draws text, it runs nothing


def test_a_long_pdf_repeats_the_table_header_on_every_page(recap_world):
    with recap_world.app.app_context():
        angkatan = db.session.get(Angkatan, recap_world.ids["angkatan"])
        for n in range(60):
            score(make_participant(angkatan, name=f"Peserta Panjang {n:02d}"), 75, 80, 100)
        db.session.commit()
    reader = _pdf(recap_world)
    assert len(reader.pages) >= 2
    with_rows = 0
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text().replace("\n", " ")
        assert f"halaman {number} dari {len(reader.pages)}" in text
        if "Peserta Panjang" in text:  # a page of the table (the signature block may have a page of its own)
            with_rows += 1
            assert "Nilai akhir" in text and "Keterangan" in text and "Peringkat" in text, number
    assert with_rows >= 2
    assert "Kepala Penyelenggara" in reader.pages[-1].extract_text()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_the_pdf_renders(recap_world, tmp_path):
    (tmp_path / "rekap.pdf").write_bytes(_export(recap_world, "pdf").data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "rekap.pdf"), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    with Image.open(next(tmp_path.glob("p*.png"))) as page:
        assert page.width > page.height  # landscape
        extrema = page.convert("L").getextrema()
    assert extrema[0] < 100 and extrema[1] > 200  # dark text on a light page: not blank


def test_the_pdf_wraps_between_words_and_cuts_only_a_word_no_line_holds(app):
    with app.app_context():
        pdf = Document("uji", landscape=True).pdf
        pdf.set_font("Body", "", 7)
        lines = wrap(pdf, "Pemerintah Kabupaten Tangerang " + INJECTED, 20)
    assert lines[:3] == ["Pemerintah", "Kabupaten", "Tangerang"]
    assert "".join(lines[3:]) == INJECTED and len(lines) > 4
    assert all(pdf.get_string_width(line) <= 20 for line in lines)
    assert wrap(pdf, "", 20) == [""]
