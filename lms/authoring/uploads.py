"""Images uploaded into a module: checked by their bytes (not their name), never SVG, stored by hash.

The stored content type is the one the bytes prove, and the image is served with nosniff and a
sandboxing Content-Security-Policy, so a file dressed up as an image cannot run as a page.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.content.models import ModuleAsset
from lms.content.source import MAX_IMAGE_BYTES
from lms.core.extensions import db

UPLOAD_FOLDER = "gambar"
SIGNATURES = (  # (magic bytes at offset 0, content type, extension)
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
SVG_HINT = re.compile(rb"<\s*(\?xml|svg|!doctype\s+svg)", re.IGNORECASE)


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    extension: str


def check_image(filename: str, data: bytes, max_bytes: int = MAX_IMAGE_BYTES) -> CheckedImage:
    """The image's real type, or UploadRefused with a message an instructor can act on."""
    name = (filename or "").lower()
    if name.endswith((".svg", ".svgz")) or SVG_HINT.search(data[:1024]):
        raise UploadRefused(
            _("Gambar SVG tidak diterima karena dapat berisi skrip. Simpan sebagai PNG atau JPEG, lalu unggah lagi.")
        )
    if not data:
        raise UploadRefused(_("Berkas kosong. Pilih berkas gambar."))
    if len(data) > max_bytes:
        raise UploadRefused(
            _(
                "Gambar terlalu besar (%(size)s MB); batasnya %(max)s MB. Perkecil ukurannya, lalu unggah lagi.",
                size=f"{len(data) / (1024 * 1024):.1f}".replace(".", ","),
                max=max_bytes // (1024 * 1024),
            )
        )
    for magic, content_type, extension in SIGNATURES:
        if data.startswith(magic):
            return CheckedImage(content_type, extension)
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return CheckedImage("image/webp", "webp")
    raise UploadRefused(_("Berkas ini bukan gambar PNG, JPEG, WebP atau GIF. Hanya gambar yang dapat diunggah."))


def safe_path(filename: str, extension: str) -> str:
    """gambar/<a-z0-9 name>.<the extension the bytes prove>: no path tricks, no misleading suffix."""
    stem = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60].strip("-") or "gambar"
    return f"{UPLOAD_FOLDER}/{stem}.{extension}"


def store_image(module_id: int, filename: str, data: bytes) -> tuple[str, str]:
    """Check and keep the image; (path in the module folder, sha256). Stored once per content."""
    checked = check_image(filename, data)
    path = safe_path(filename, checked.extension)
    sha = hashlib.sha256(data).hexdigest()
    exists = db.session.scalar(
        select(ModuleAsset.id).where(
            ModuleAsset.module_id == module_id, ModuleAsset.path == path, ModuleAsset.sha256 == sha
        )
    )
    if exists is None:
        db.session.add(
            ModuleAsset(module_id=module_id, path=path, sha256=sha, data=data, content_type=checked.content_type)
        )
    return path, sha
