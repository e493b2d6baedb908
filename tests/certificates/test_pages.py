"""The certificate pages with real requests: issuing (sealed results only, coordinators only), the PDF read back
(pypdf) and rendered (pdftoppm), its QR decoded (zbarimg) and opened as an outsider would, the verification page
saying only what it should, revocation, guessed codes rate-limited, and who may read which certificate."""

import io
import shutil
import subprocess
import zipfile
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.core.extensions import db
from tests.helpers.web import post


def _issue(world, who="coordinator"):
    url = f"/sttpl/angkatan/{world.ids['angkatan']}"
    client = world.client(who)
    return client, post(client, f"{url}/terbitkan", token_from=url)


def _certificate(world, key="p1") -> Certificate:
    with world.app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == world.ids[key]))
        db.session.expunge(certificate)
        return certificate


def test_the_coordinator_issues_after_sealing_and_the_head_only_reads(cert_world):
    cert_world.sealed = False
    client, response = _issue(cert_world)
    assert response.status_code == 302
    page = client.get(f"/sttpl/angkatan/{cert_world.ids['angkatan']}").get_data(as_text=True)
    assert "belum disahkan" in page and "STTPL hanya dapat diterbitkan setelah hasil" in page
    cert_world.sealed = True
    _client, response = _issue(cert_world, "head")
    assert response.status_code == 403
    client, response = _issue(cert_world)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 STTPL diterbitkan." in page and "001/STTPL/LATSAR-72/BPSDMD/2026" in page
    head = cert_world.client("head").get(f"/sttpl/angkatan/{cert_world.ids['angkatan']}")
    assert head.status_code == 200 and "Terbitkan STTPL" not in head.get_data(as_text=True)


def test_the_pdf_states_the_certificate_and_its_qr_opens_the_verification(cert_world, tmp_path):
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.fail("pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed: .ci/run installs them")
    _issue(cert_world)
    certificate = _certificate(cert_world)
    participant = cert_world.client("p1")
    response = participant.get(f"/sttpl/{certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    for expected in (
        "SURAT TANDA TAMAT PELATIHAN",
        "Nomor: 001/STTPL/LATSAR-72/BPSDMD/2026",
        "Siti Rahmawati",
        f"NIP {certificate.holder_nip}",
        "Pemerintah Kota Serang",
        "647 jam pelajaran",
        "MEMUASKAN",
        "Dr. H. Ahmad Sunarya, M.Si.",
        "NIP 197001011995031004",
        "Serang,",
        certificate.code,
    ):
        assert expected in text, expected
    pdf = tmp_path / "sttpl.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded.endswith(f"/verifikasi/{certificate.code}")
    outsider = cert_world.app.test_client()  # not signed in
    page = outsider.get(urlsplit(decoded).path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Berlaku" in html and "Siti Rahmawati" in html and "Angkatan 72" in html
    assert certificate.holder_nip not in html and "86" not in html.split("<main", 1)[-1]  # no NIP, no score


def test_a_name_in_any_script_renders(cert_world, tmp_path):
    _issue(cert_world)
    certificate = _certificate(cert_world, "p2")
    response = cert_world.client("coordinator").get(f"/sttpl/{certificate.id}.pdf")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "王小明" in text, text
    pdf = tmp_path / "p2.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(pdf), str(tmp_path / "p2")], check=True)
    assert (tmp_path / "p2.png").stat().st_size > 5000


def test_the_batch_zip_holds_every_certificate(cert_world):
    client, _response = _issue(cert_world)
    response = client.get(f"/sttpl/angkatan/{cert_world.ids['angkatan']}/sttpl.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 2 and names[0].startswith("0001-STTPL-") and names[0].endswith(".pdf")


def test_revoked_unknown_and_guessed_codes(cert_world):
    client, _response = _issue(cert_world)
    certificate = _certificate(cert_world)
    url = f"/sttpl/{certificate.id}/cabut"
    refused = post(client, url, {"reason": "x"}, token_from=url)
    assert refused.status_code == 200 and "Alasan 10 sampai 2000 karakter." in refused.get_data(as_text=True)
    assert post(client, url, {"reason": "Terbukti memalsukan bukti aktualisasi"}, token_from=url).status_code == 302
    outsider = cert_world.app.test_client()
    html = outsider.get(f"/verifikasi/{certificate.code}").get_data(as_text=True)
    assert "Dicabut" in html and "memalsukan" not in html  # the reason stays inside
    unknown = outsider.get("/verifikasi/AAAAAAAAAAAAAAAAAAAAAAAA")
    assert unknown.status_code == 404 and "tidak ditemukan" in unknown.get_data(as_text=True)
    assert outsider.get(f"/verifikasi?code={certificate.code.lower()}").headers["Location"].endswith(certificate.code)
    statuses = [outsider.get(f"/verifikasi/TEBAK{n:019d}").status_code for n in range(40)]
    assert statuses.count(429) > 0 and set(statuses) <= {404, 429}


@pytest.mark.parametrize(
    ("who", "path", "expected"),
    [
        ("p2", "pdf_of_p1", 404),  # another participant's certificate
        ("outsider", "pdf_of_p1", 404),
        ("other_coordinator", "pdf_of_p1", 404),  # another lembaga
        ("other_coordinator", "angkatan", 404),
        ("viewer", "angkatan", 403),
        ("p1", "angkatan", 403),
        ("head", "revoke_p1", 403),
        ("other_coordinator", "revoke_p1", 404),
        ("other_coordinator", "settings", 404),
        ("head", "settings", 403),
    ],
)
def test_who_may_read_what(cert_world, who, path, expected):
    _issue(cert_world)
    certificate = _certificate(cert_world)
    paths = {
        "pdf_of_p1": f"/sttpl/{certificate.id}.pdf",
        "angkatan": f"/sttpl/angkatan/{cert_world.ids['angkatan']}",
        "revoke_p1": f"/sttpl/{certificate.id}/cabut",
        "settings": f"/sttpl/lembaga/{cert_world.ids['lembaga']}/pengaturan",
    }
    assert cert_world.client(who).get(paths[path]).status_code == expected


def test_the_settings_refuse_a_format_without_a_sequence(cert_world):
    client = cert_world.client("coordinator")
    url = f"/sttpl/lembaga/{cert_world.ids['lembaga']}/pengaturan"
    data = {"number_format": "STTPL/{tahun}", "signatory_title": "Kepala", "signatory_name": "Dr. X", "city": "Serang"}
    response = post(client, url, data, token_from=url)
    assert response.status_code == 200 and "harus memuat {urut}" in response.get_data(as_text=True)
    response = post(client, url, {**data, "number_format": "{urut:04d}/BPSDMD/{bulan}/{tahun}"}, token_from=url)
    assert response.status_code == 302
    assert "Contoh nomor ke-7 Angkatan 72" in client.get(url).get_data(as_text=True)
