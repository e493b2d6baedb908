"""The report's PDF: the cover (a Unicode name renders), every section, the evidence photo embedded and
downscaled, page numbers; read back with pypdf and page 1 rendered with pdftoppm."""

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from tests.helpers.report import EDITOR
from tests.helpers.web import post

NAME = "Siti Rahmawati Nuñez Çağlar"


@pytest.fixture
def started(report_world):
    with report_world.app.app_context():
        db.session.scalar(select(User).where(User.id == report_world.ids["p1"])).name = NAME
        db.session.commit()
    post(report_world.client("p1"), f"{EDITOR}/mulai", token_from=EDITOR)
    return report_world


def test_the_pdf_has_the_cover_the_sections_the_photo_and_page_numbers(started):
    ids = started.ids
    response = started.client("p1").get(f"{EDITOR}/{ids['p1']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.data))
    cover = reader.pages[0].extract_text()
    assert NAME in cover and started.nips["p1"] in cover and "Angkatan 72" in cover
    assert "Pemerintah Kota Tangerang" in cover and "Antrean daring" in cover
    body = "\n".join(page.extract_text() for page in reader.pages[1:])
    for title in ("Pendahuluan", "Pelaksanaan kegiatan 1: Menyusun SOP", "Penutup: kesimpulan dan saran"):
        assert title in body
    assert "Rapat dengan kepala puskesmas tentang SOP antrean." in body and "Papan antrean terpasang" in body
    assert f"Halaman 2 dari {len(reader.pages)}" in body
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1
    with Image.open(io.BytesIO(images[0].data)) as photo:
        assert max(photo.size) == 1000  # the 1600x1200 photo, downscaled


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_page_one_renders(started, tmp_path):
    data = started.client("p1").get(f"{EDITOR}/{started.ids['p1']}/pdf").data
    (tmp_path / "laporan.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "laporan.pdf"), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    rendered = next(tmp_path.glob("p*.png"))
    with Image.open(rendered) as page:
        extrema = page.convert("L").getextrema()
    assert extrema[0] < 100 and extrema[1] > 200  # dark text on a light page: not blank


def test_staff_who_read_the_report_download_it_and_no_one_else(started):
    url = f"{EDITOR}/{started.ids['p1']}/pdf"
    for who in ("coach_a", "mentor_m", "coordinator", "akt_examiner"):
        assert started.client(who).get(url).status_code == 200, who
    for who in ("coach_b", "mentor_n", "teacher", "examiner", "other_coordinator", "viewer", "p2"):
        assert started.client(who).get(url).status_code == 404, who
