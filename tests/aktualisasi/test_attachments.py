"""The plan's attachments with real requests (CSRF on): a phone photo kept downscaled and without its GPS, a PDF, a
Word file; a fake image, a renamed program, an oversized PDF and one file too many refused with a clear message; no
upload or removal once the plan is submitted; the version records which files were there; who may download."""

import io
import zipfile

import pytest
from PIL import Image
from sqlalchemy import select

from lms.aktualisasi.attachments import MAX_ATTACHMENTS
from lms.aktualisasi.models import PlanAttachment, PlanVersion
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.core.photos import MAX_PDF_BYTES
from lms.core.storage import get_storage
from tests.helpers.aktualisasi import EDITOR, act, write_complete_plan
from tests.helpers.habituation import jpeg_bytes
from tests.helpers.web import post

UPLOAD = f"{EDITOR}/lampiran"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, name: str, data: bytes, caption: str = ""):
    files = {"file": (io.BytesIO(data), name), "caption": caption}
    return post(client, UPLOAD, files, token_from=EDITOR, content_type="multipart/form-data")


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _rows(world) -> list[PlanAttachment]:
    with world.app.app_context():
        return list(db.session.scalars(select(PlanAttachment).order_by(PlanAttachment.id)))


def _page(client) -> str:
    return client.get(EDITOR).get_data(as_text=True)


def test_a_photo_a_pdf_and_a_word_file_are_kept_checked(plan_world):
    p1 = plan_world.client("p1")
    write_complete_plan(p1)
    photo = _upload(p1, "IMG_20261204.jpg", jpeg_bytes((3000, 2000), gps=True), "Antrean pagi di loket")
    assert photo.status_code == 302 and photo.headers["Location"].endswith("#lampiran")
    assert _upload(p1, "sop.pdf", PDF).status_code == 302
    assert _upload(p1, "bagan organisasi.docx", _docx(), "Bagan organisasi puskesmas").status_code == 302
    page = _page(p1)
    assert "Antrean pagi di loket" in page and "bagan organisasi.docx" in page
    rows = _rows(plan_world)
    assert [r.content_type for r in rows] == [
        "image/jpeg",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    with plan_world.app.app_context():
        kept = Image.open(io.BytesIO(get_storage().read(rows[0].key)))
        assert max(kept.size) == 1600 and not kept.getexif()  # downscaled, no EXIF (no GPS) left
        entries = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "aktualisasi.attachment_add")
        ).all()
        assert len(entries) == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("foto.jpg", b"MZ\x90\x00 not a photo at all", "bukan foto yang dapat dibuka"),
        ("laporan.docx", b"MZ\x90\x00 a program", "bukan berkas .docx yang sah"),
        ("besar.pdf", PDF + b" " * (MAX_PDF_BYTES + 1), "terlalu besar"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_kept(plan_world, name, data, message):
    p1 = plan_world.client("p1")
    write_complete_plan(p1)
    refused = _upload(p1, name, data, "keterangan")
    assert refused.status_code == 302
    assert message in _page(p1)
    assert _rows(plan_world) == []


def test_a_plan_keeps_at_most_its_limit_and_a_removal_deletes_the_file(plan_world):
    p1 = plan_world.client("p1")
    write_complete_plan(p1)
    for n in range(MAX_ATTACHMENTS):
        assert _upload(p1, f"dok-{n}.pdf", PDF).status_code == 302
    _upload(p1, "satu-lagi.pdf", PDF)
    assert f"sudah punya {MAX_ATTACHMENTS} lampiran" in _page(p1)
    rows = _rows(plan_world)
    assert len(rows) == MAX_ATTACHMENTS
    gone = post(p1, f"{UPLOAD}/{rows[0].id}/hapus", {}, token_from=EDITOR)
    assert gone.status_code == 302 and "Lampiran dihapus." in _page(p1)
    with plan_world.app.app_context():
        assert not get_storage().exists(rows[0].key) and get_storage().exists(rows[1].key)
    assert len(_rows(plan_world)) == MAX_ATTACHMENTS - 1
    # Someone else's attachment (or one that no longer exists) is not found.
    assert post(p1, f"{UPLOAD}/{rows[0].id}/hapus", {}, token_from=EDITOR).status_code == 404
    p2 = plan_world.client("p2")
    write_complete_plan(p2)
    assert post(p2, f"{UPLOAD}/{rows[1].id}/hapus", {}, token_from=EDITOR).status_code == 404
    assert len(_rows(plan_world)) == MAX_ATTACHMENTS - 1


def test_after_submission_nothing_is_added_or_removed_and_the_version_records_the_files(plan_world):
    p1 = plan_world.client("p1")
    write_complete_plan(p1)
    _upload(p1, "sop.pdf", PDF, "Draf SOP")
    assert act(p1, f"{EDITOR}/ajukan", "submit", "draft").status_code == 302
    refused = _upload(p1, "baru.pdf", PDF)
    assert refused.status_code == 302 and "tidak dapat diubah sekarang" in _page(p1)
    kept = _rows(plan_world)
    assert len(kept) == 1
    post(p1, f"{UPLOAD}/{kept[0].id}/hapus", {}, token_from=EDITOR)
    assert len(_rows(plan_world)) == 1
    with plan_world.app.app_context():
        version = db.session.scalars(select(PlanVersion).order_by(PlanVersion.id.desc())).first()
        assert version.snapshot["lampiran"] == [
            {"id": kept[0].id, "name": "sop.pdf", "size": len(PDF), "sha256": kept[0].sha256, "caption": "Draf SOP"}
        ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("p1", 200),
        ("coach_a", 200),
        ("mentor_m", 200),
        ("examiner", 200),
        ("coordinator", 200),
        ("p2", 404),
        ("coach_b", 404),
        ("mentor_n", 404),
        ("other_coordinator", 404),
        ("teacher", 404),
    ],
)
def test_who_may_download_an_attachment(plan_world, who, status):
    p1 = plan_world.client("p1")
    write_complete_plan(p1)
    _upload(p1, "sop.pdf", PDF)
    attachment = _rows(plan_world)[0]
    response = plan_world.client(who).get(f"/aktualisasi/peserta/{plan_world.ids['p1']}/lampiran/{attachment.id}")
    assert response.status_code == status
    if status == 200:
        assert response.data == PDF
        assert response.headers["Content-Disposition"] == 'attachment; filename="sop.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]
    # An attachment id of another participant's plan under p1's address is not found either.
    assert (
        plan_world.client(who).get(f"/aktualisasi/peserta/{plan_world.ids['p2']}/lampiran/{attachment.id}").status_code
        == 404
    )
