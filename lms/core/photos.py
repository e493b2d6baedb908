"""Photos and PDFs checked by their bytes (habituation evidence, plan attachments): a photo is opened by Pillow
(anything else claiming to be one is refused), turned upright, downscaled and re-encoded as a JPEG with no metadata
at all (EXIF GPS included); a PDF must start and end like one."""

import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.core.files import FileRefused, display_name, size_text

MAX_PHOTO_BYTES = 8 * 1024 * 1024  # a phone camera's photo is 2-6 MB
MAX_PDF_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 50_000_000  # past this a "photo" is a decompression bomb, not a camera's picture
LONGEST_SIDE = 1600
JPEG_QUALITY = 80
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: some phones' JPEGs with a depth map


@dataclass(frozen=True)
class Evidence:
    data: bytes
    filename: str
    content_type: str


def check_evidence(filename: str | None, data: bytes) -> Evidence:
    """The file as it will be kept, or FileRefused saying why (Indonesian)."""
    name = display_name(filename)
    if not data:
        raise FileRefused(_("Berkas '%(name)s' kosong. Pilih berkas lalu kirim lagi.", name=name))
    if data.startswith(b"%PDF-"):
        if len(data) > MAX_PDF_BYTES:
            raise FileRefused(_too_big(name, len(data), MAX_PDF_BYTES))
        if b"%%EOF" not in data[-1024:]:
            raise FileRefused(_("PDF '%(name)s' rusak atau tidak lengkap. Simpan ulang lalu kirim lagi.", name=name))
        return Evidence(data, _with_extension(name, "pdf"), "application/pdf")
    if len(data) > MAX_PHOTO_BYTES:
        raise FileRefused(_too_big(name, len(data), MAX_PHOTO_BYTES))
    return Evidence(photo_jpeg(data, name), _with_extension(name, "jpg"), "image/jpeg")


def _too_big(name: str, size: int, limit: int) -> str:
    return _(
        "Berkas '%(name)s' terlalu besar (%(size)s); batasnya %(max)s. Perkecil berkasnya lalu kirim lagi.",
        name=name,
        size=size_text(size),
        max=size_text(limit),
    )


def _with_extension(name: str, ext: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'bukti'}.{ext}"


def photo_jpeg(data: bytes, name: str = "foto") -> bytes:
    """The photo upright, at most LONGEST_SIDE pixels on its longest side, as a JPEG without any metadata."""
    refused = FileRefused(
        _(
            "Berkas '%(name)s' bukan foto yang dapat dibuka (JPEG, PNG atau WebP) dan bukan PDF. "
            "Ambil ulang fotonya atau simpan sebagai PDF, lalu kirim lagi.",
            name=name,
        )
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in PHOTO_FORMATS:
                raise refused
            if image.width * image.height > MAX_PIXELS:
                raise FileRefused(_("Foto '%(name)s' terlalu besar ukuran pikselnya.", name=name))
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise refused from None
    image = ImageOps.exif_transpose(image)  # the camera's orientation, applied before the EXIF is dropped
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    # A fresh image holds only pixels: nothing of the original's EXIF, XMP, ICC or comments can ride along.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
