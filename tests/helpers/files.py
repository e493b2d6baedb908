"""Small files of each type a task accepts, made in memory: real PDFs, Office files (ZIPs with their
[Content_Types].xml), images, and hostile ones (a ZIP bomb, a renamed executable)."""

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64

MAIN_TYPES = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
    ),
}


def office(kind: str) -> bytes:
    main_type, part = MAIN_TYPES[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(part, "<document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catatan.txt", "bukan dokumen office")
    return out.getvalue()


def zip_bomb(size: int = 50 * 1024 * 1024) -> bytes:
    """A valid-looking .docx whose one media member unpacks to `size` zero bytes (zeros compress ~1000:1)."""
    out = io.BytesIO()
    block = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        main_type, part = MAIN_TYPES["docx"]
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main_type}"/></Types>')
        archive.writestr(part, "<document/>")
        with archive.open("word/media/nol.bin", "w", force_zip64=True) as member:
            for _ in range(size // len(block)):
                member.write(block)
    return out.getvalue()


def many_entries(n: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", MAIN_TYPES["docx"][0])
        archive.writestr("word/document.xml", "<document/>")
        for i in range(n):
            archive.writestr(f"x/{i}", b"")
    return out.getvalue()
