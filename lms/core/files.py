"""Uploaded files checked by their bytes (task answers, plan attachments): the type the content proves must be the
one its name claims and one the upload accepts; Office files are ZIPs, read only as far as their table of contents,
with bounds against ZIP bombs. A name keeps only its last part, for display."""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from lms.core.text import without_control_characters

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
}
# The extensions a name may carry for each type.
EXTENSIONS = {"jpeg": "jpg", "jpe": "jpg"} | {t: t for t in CONTENT_TYPES}
# Office Open XML: the main part's content type in [Content_Types].xml and the entry it must name.
OOXML_MAIN = {
    "docx": (b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"),
    "xlsx": (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
    "pptx": (
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
    ),
}
# ZIP bomb bounds: a real assignment document stays far below them.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200
CONTENT_TYPES_MAX = 512 * 1024
MAX_NAME = 120


class FileRefused(Exception):
    """An upload that is not kept; `message` tells the participant what to do (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # a FILE_TYPES name
    display_name: str
    size: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def display_name(filename: str | None) -> str:
    """The name to show: its last path part only (a browser on Windows may send C:\\...\\x.pdf), without
    control characters or leading dots, at most 120 characters; 'berkas' when nothing is left."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", without_control_characters(name, multiline=False, replacement=""))
    name = re.sub(r"\s+", " ", name).strip().lstrip(".")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else name[:MAX_NAME]
    return name or "berkas"


def claimed_kind(filename: str) -> str | None:
    _stem, dot, ext = filename.lower().rpartition(".")
    return EXTENSIONS.get(ext) if dot else None


def size_text(n: int) -> str:
    """'4,8 MB' or '350 KB'."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def accepted_text(accepted) -> str:
    return ", ".join(f".{kind}" for kind in accepted)


def check_file(filename: str | None, data: bytes, accepted: tuple[str, ...], max_bytes: int) -> CheckedFile:
    """The file's checked type and safe name, or FileRefused saying why."""
    name = display_name(filename)
    if not accepted:
        raise FileRefused(_("Tugas ini tidak menerima berkas; tulis jawaban Anda di kotak teks."))
    if not data:
        raise FileRefused(_("Berkas kosong. Pilih berkas lalu kirim lagi."))
    if len(data) > max_bytes:
        raise FileRefused(
            _(
                "Berkas terlalu besar (%(size)s); batas tugas ini %(max)s. Perkecil berkasnya lalu kirim lagi.",
                size=size_text(len(data)),
                max=size_text(max_bytes),
            )
        )
    claimed = claimed_kind(name)
    if claimed is None or claimed not in accepted:
        raise FileRefused(
            _(
                "Jenis berkas '%(name)s' tidak diterima. Yang diterima: %(types)s.",
                name=name,
                types=accepted_text(accepted),
            )
        )
    actual = kind_of(data)
    if actual != claimed:
        raise FileRefused(
            _(
                "Isi berkas '%(name)s' bukan berkas .%(kind)s yang sah (mungkin rusak atau namanya diganti). "
                "Simpan ulang dari aplikasinya lalu kirim lagi.",
                name=name,
                kind=claimed,
            )
        )
    return CheckedFile(actual, name, len(data))


def kind_of(data: bytes) -> str | None:
    """The FILE_TYPES name the bytes prove, or None. A ZIP that is too big when unpacked raises FileRefused."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    return "txt" if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    if b"\0" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return without_control_characters(text) == text


def _ooxml_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return None
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise FileRefused(_("Berkas berisi terlalu banyak bagian (lebih dari %(n)d).", n=ZIP_MAX_ENTRIES))
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > ZIP_MAX_UNCOMPRESSED or unpacked > ZIP_MAX_RATIO * max(len(data), 1):
            raise FileRefused(_("Berkas ini terlalu besar bila dibuka (kemungkinan bom ZIP), jadi ditolak."))
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            return None
        try:
            with archive.open("[Content_Types].xml") as stream:
                # Read a bounded amount: the declared size may lie; this never unpacks more.
                manifest = stream.read(CONTENT_TYPES_MAX + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
            return None
        if len(manifest) > CONTENT_TYPES_MAX:
            return None
        for kind, (main_type, main_entry) in OOXML_MAIN.items():
            if main_type in manifest and main_entry in names:
                return kind
    return None
