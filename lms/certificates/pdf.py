"""The STTPL as a PDF: landscape A4, what the certificate states, the signatory, and a QR code of its verification
address. Names in any script render: DejaVu Sans, then fallback fonts for CJK and the rest of Unicode, with text
shaping (Arabic joins, Devanagari combines) by HarfBuzz."""

import io
from functools import lru_cache
from pathlib import Path

import segno

from lms.certificates.models import Certificate
from lms.core.i18n import local_date
from lms.core.pdf import font_paths

# Fallbacks for scripts DejaVu lacks (Debian's fonts-droid-fallback and fonts-unifont; .ci/run installs them).
FALLBACK_FONTS = (
    ("CJK", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    ("Unifont", "/usr/share/fonts/opentype/unifont/unifont.otf"),
)


@lru_cache(maxsize=4)
def _covered(font_path: str) -> frozenset[int]:
    """The code points a font has glyphs for (read once per process)."""
    from fontTools.ttLib import TTFont  # only a PDF download loads fontTools (through fpdf2)

    return frozenset(TTFont(font_path, lazy=True)["cmap"].getBestCmap())


def needs_fallback(texts, font_path: str) -> bool:
    """Whether any character (beyond spacing and controls) is missing from the body font: only then are the large
    fallback fonts and text shaping loaded (they make a PDF several times slower to build)."""
    covered = _covered(font_path)
    return any(ord(ch) not in covered for text in texts for ch in text if not ch.isspace())


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def certificate_pdf(certificate: Certificate, verify_url: str, program_name: str) -> bytes:
    from fpdf import FPDF  # only a PDF download loads fpdf2

    regular, bold = font_paths()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"STTPL {certificate.number}")
    pdf.set_creator("LMS Latsar")
    pdf.add_font("Body", "", regular)
    pdf.add_font("Body", "B", bold)
    stated = (certificate.holder_name, certificate.instansi_name, certificate.lembaga_name, certificate.signatory_name)
    if needs_fallback(stated, regular):
        fallbacks = [name for name, path in FALLBACK_FONTS if Path(path).is_file()]
        for name, path in FALLBACK_FONTS:
            if name in fallbacks:
                pdf.add_font(name, "", path)
        pdf.set_fallback_fonts(fallbacks, exact_match=False)  # the name is bold; the fallbacks have one style
        pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(30, 20, 30)  # the text keeps clear of the border
    pdf.add_page()
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, 277, 190)

    def centered(text: str, size: int, style: str = "", gap: float = 2) -> None:
        pdf.set_font("Body", style, size)
        pdf.multi_cell(0, size * 0.45, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(22)
    centered(certificate.lembaga_name.upper(), 13, "B")
    centered("SURAT TANDA TAMAT PELATIHAN", 22, "B", 1)
    centered(f"Nomor: {certificate.number}", 11, "", 6)
    centered("diberikan kepada", 11)
    centered(certificate.holder_name, 20, "B", 1)
    if certificate.holder_nip:
        centered(f"NIP {certificate.holder_nip}", 11, "", 1)
    centered(certificate.instansi_name, 11, "", 5)
    centered(
        f"yang telah mengikuti {program_name} {certificate.angkatan_name} Tahun {certificate.year} "
        f"yang diselenggarakan oleh {certificate.lembaga_name} selama {certificate.jp} jam pelajaran (JP), "
        f"dan dinyatakan LULUS dengan predikat {certificate.band.upper()}.",
        11,
        "",
        8,
    )
    # The signatory, on the right; the QR and its code, on the left.
    issued = local_date(certificate.issued_at.date())
    place = f"{certificate.city}, {issued}" if certificate.city else issued
    pdf.set_xy(175, 140)
    pdf.set_font("Body", "", 11)
    pdf.multi_cell(100, 5, f"{place}\n{certificate.signatory_title}", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(175, 172)
    pdf.set_font("Body", "B", 11)
    pdf.multi_cell(100, 5, certificate.signatory_name or " ", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Body", "", 10)
    if certificate.signatory_nip:
        pdf.set_x(175)
        pdf.multi_cell(100, 5, f"NIP {certificate.signatory_nip}", align="C")
    pdf.image(io.BytesIO(qr_png(verify_url)), x=22, y=140, w=42, h=42)
    pdf.set_xy(18, 183)
    pdf.set_font("Body", "", 8)
    pdf.multi_cell(120, 4, f"Verifikasi: {verify_url}\nKode: {certificate.code}", align="L")
    return bytes(pdf.output())
