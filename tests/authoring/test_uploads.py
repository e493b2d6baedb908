"""Images uploaded into a module: refused unless the bytes are a PNG, JPEG, WebP or GIF within the
size limit (never SVG), stored by hash, served with a safe type, usable in a lesson."""

import io
import struct
import zlib

import pytest
from sqlalchemy import select

from lms.authoring.uploads import UploadRefused, check_image, safe_path
from lms.content.models import ModuleAsset
from lms.content.source import MAX_IMAGE_BYTES
from lms.core.extensions import db
from tests.helpers.authoring import form_values, login, revision_count, submit

MODULE = "/kelola/modul/modul-uji"


def png(width=2, height=1) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("catatan.txt", b"bukan gambar sama sekali", "bukan gambar PNG, JPEG, WebP atau GIF"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "bukan gambar PNG, JPEG, WebP atau GIF"),
        ("peta.svg", png(), "SVG tidak diterima"),
        ("peta.png", SVG, "SVG tidak diterima"),
        ("besar.png", b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_IMAGE_BYTES, "terlalu besar"),
        ("kosong.png", b"", "Berkas kosong"),
    ],
)
def test_check_image_refuses_with_a_clear_message(app, name, data, message):
    with app.test_request_context(), pytest.raises(UploadRefused) as refused:
        check_image(name, data)
    assert message in refused.value.message


def test_check_image_trusts_bytes_not_names(app):
    with app.test_request_context():
        assert check_image("foto.gif", png()).content_type == "image/png"
        assert check_image("x.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20).extension == "jpg"
        assert check_image("x", b"RIFF\0\0\0\0WEBPVP8 ").content_type == "image/webp"
        assert check_image("x", b"GIF89a" + b"\0" * 10).content_type == "image/gif"
    assert safe_path("../../etc/Peta Wilayah.PNG", "png") == "gambar/peta-wilayah.png"
    assert safe_path("C:\\Users\\x\\foto.svg.png", "jpg") == "gambar/foto-svg.jpg"


def _upload(client, name, data):
    page = client.get(MODULE).get_data(as_text=True)
    values = form_values(page)
    return client.post(
        f"{MODULE}/gambar",
        data={"csrf_token": values["csrf_token"], "base": values["base"], "image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("catatan.pdf", b"%PDF-1.4 bukan gambar", "bukan gambar PNG, JPEG, WebP atau GIF"),
        ("peta.svg", SVG, "Gambar SVG tidak diterima"),
        ("besar.png", png() + b"\0" * MAX_IMAGE_BYTES, "Gambar terlalu besar"),
    ],
)
def test_refused_uploads_store_nothing(app, world, name, data, message):
    editor = login(app, world["instructor"])
    count = revision_count(app, world["module_id"])
    html = _upload(editor, name, data).get_data(as_text=True)
    assert message in html
    assert revision_count(app, world["module_id"]) == count
    with app.app_context():
        assert db.session.scalars(select(ModuleAsset)).all() == []


def test_an_uploaded_image_is_stored_served_safely_and_used_in_a_lesson(app, world):
    editor = login(app, world["instructor"])
    html = _upload(editor, "Peta Wilayah.png", png()).get_data(as_text=True)
    assert "![keterangan gambar](gambar/peta-wilayah.png)" in html
    with app.app_context():
        asset = db.session.scalar(select(ModuleAsset))
        assert (asset.path, asset.content_type) == ("gambar/peta-wilayah.png", "image/png")
        sha = asset.sha256
    response = submit(
        editor,
        f"{MODULE}/pelajaran/pelajaran-1",
        {"body": "Lihat peta:\n\n![Peta wilayah](gambar/peta-wilayah.png)", "aksi": "simpan"},
    )
    assert response.status_code == 302
    submit(editor, f"{MODULE}/terbitkan", {})
    reader = login(app, world["participant"])
    lesson = reader.get("/belajar/modul/modul-uji/pelajaran-1").get_data(as_text=True)
    assert f'src="/konten/aset/{sha}/peta-wilayah.png"' in lesson
    image = reader.get(f"/konten/aset/{sha}/peta-wilayah.png")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == png()
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image.headers["Content-Security-Policy"]
