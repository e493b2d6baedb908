"""The result sheet's XLSX and PDF: every participant in order with the scores, safe from formula injection,
and names in any script rendered (DejaVu); the PDF's text read back with pypdf."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.pdf import Document
from lms.people.models import Enrolment
from lms.seminar import scheduling
from tests.helpers.web import post

ALL = {"kriteria-0": "4", "kriteria-1": "3", "kriteria-2": "4", "kriteria-3": "2"}


@pytest.fixture
def scored(seminar_world):
    """p1 (renamed to a formula and a name in several scripts) and p2 in seminar S; P scored p1."""
    with seminar_world.app.app_context():
        seminar = seminar_world.seminar()
        db.session.get(User, seminar_world.ids["p2"]).name = '=HYPERLINK("http://x")'
        db.session.get(User, seminar_world.ids["p1"]).name = "Ni Luh Ayu Şükriye Nguyễn"
        for key in ("e1", "e2"):
            enrolment = db.session.get(Enrolment, seminar_world.ids[key])
            scheduling.add_participant(seminar, enrolment, actor_id=seminar_world.ids["coordinator"])
        db.session.commit()
    url = f"/seminar/{seminar_world.ids['seminar']}/penilaian/{seminar_world.ids['e1']}"
    response = post(seminar_world.client("penguji"), url, {**ALL, "action": "kirim"}, token_from=url)
    assert response.status_code == 302
    return seminar_world


def _export(world, kind):
    url = f"/seminar/{world.ids['seminar']}"
    client = world.client("coordinator")
    assert client.get(f"{url}/hasil.{kind}").status_code == 405  # a POST with the token only
    assert client.post(f"{url}/hasil.{kind}").status_code == 400
    response = post(client, f"{url}/hasil.{kind}", token_from=url)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert f"hasil-seminar-rancangan-{world.ids['seminar']}.{kind}" in response.headers["Content-Disposition"]
    return response.data


def test_xlsx_lists_everyone_in_order_and_no_formula(scored):
    sheet = load_workbook(io.BytesIO(_export(scored, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("No", "NIP", "Nama", "Nilai penguji", "Nilai seminar", "Keterangan")
    assert rows[1][2] == "Ni Luh Ayu Şükriye Nguyễn" and rows[1][3] == 86.25 and rows[1][5] == "lengkap"
    assert rows[2][2] == '\'=HYPERLINK("http://x")' and rows[2][4] in (None, "")
    assert rows[2][5] == "menunggu nilai penguji"


def test_pdf_renders_every_name(scored):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(_export(scored, "pdf"))).pages)
    assert "Seminar rancangan aktualisasi" in text and "Dr. Ratna Ayu" in text
    assert "Şükriye Nguyễn" in text and "86,25" in text and "menunggu nilai penguji" in text


def test_other_lembaga_cannot_export(scored):
    url = f"/seminar/{scored.ids['seminar']}"
    assert post(scored.client("other_coordinator"), f"{url}/hasil.pdf", token_from="/").status_code == 404


def test_the_pdf_module_wraps_long_cells_and_repeats_the_header(app):
    with app.app_context():
        document = Document("Uji")
        document.heading("Judul dokumen")
        document.line("Baris dengan karakter kendali \x07 yang dibuang")
        document.table(["No", "Nama"], [[n, "Nama panjang " * 8] for n in range(120)])
        pdf = PdfReader(io.BytesIO(document.bytes()))
    assert len(pdf.pages) > 1
    assert "Judul dokumen" in pdf.pages[0].extract_text()
    assert "Nama" in pdf.pages[1].extract_text().split("\n")[0]  # the header on the next page too
