"""PDF documents (fpdf2) with a Unicode font, so every name renders: a title, lines of text and tables.

Seminar result sheets use it now; the aktualisasi report and certificates will. DejaVu Sans is the font
(Debian's fonts-dejavu-core, installed in CI and the image); the path can be changed in LMS_PDF_FONT."""

from collections.abc import Sequence
from decimal import Decimal

from flask import current_app, has_app_context

from lms.core.text import without_control_characters

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEFAULT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def font_paths() -> tuple[str, str]:
    if has_app_context():
        return (
            current_app.config.get("LMS_PDF_FONT", DEFAULT_FONT),
            current_app.config.get("LMS_PDF_FONT_BOLD", DEFAULT_BOLD),
        )
    return DEFAULT_FONT, DEFAULT_BOLD


def cell_text(value) -> str:
    """A value as a table shows it: decimals with a comma (Indonesian), nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    return without_control_characters(str(value), multiline=False, replacement=" ")


class Document:
    """A portrait A4 document: `heading`, `line`, `table`, then `bytes()`. `footer`: a line at the foot of every
    page, where "{page}" and "{pages}" become the page's number and the number of pages."""

    def __init__(self, title: str, *, landscape: bool = False, footer: str | None = None):
        # Imported here: only a PDF download needs fpdf2 (a worker that never makes one does not load it).
        from fpdf import FPDF

        class _Pages(FPDF):
            def footer(pdf) -> None:  # noqa: N805  (fpdf2 calls it on each page)
                if footer:
                    pdf.set_y(-11)
                    pdf.set_font("Body", "", 8)
                    pdf.cell(0, 6, footer.format(page=pdf.page_no(), pages="{nb}"), align="C")

        regular, bold = font_paths()
        self.pdf = _Pages(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.pdf.set_title(title)
        self.pdf.set_creator("LMS Latsar")
        self.pdf.add_font("Body", "", regular)
        self.pdf.add_font("Body", "B", bold)
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        self.pdf.set_font("Body", "", 10)

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.set_font("Body", "B", size)
        self.pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)
        self.pdf.set_font("Body", "", 10)

    def line(self, text: str) -> None:
        text = without_control_characters(text, multiline=True)
        self.pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def space(self, mm: float = 4) -> None:
        self.pdf.ln(mm)

    def table(self, header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float] | None = None) -> None:
        """A table with a bold header row repeated on every page; long texts wrap inside their cell."""
        self.pdf.set_font("Body", "", 9)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align="LEFT",
            line_height=5,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            table.row([str(h) for h in header])
            for row in rows:
                table.row([cell_text(v) for v in row])
        self.pdf.set_font("Body", "", 10)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())
