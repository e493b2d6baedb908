"""The recap as a landscape A4 PDF in the institutions' layout (lms.core.pdf: fpdf2 with DejaVu): the title block,
the table with its header on every page, the summary, and the signature block of the head of the lembaga.

The table is drawn here cell by cell: fpdf2's own table lays out every cell with multi_cell, about 5 ms each, and
took 2 s for an angkatan of 40 (20 s for 400); words are wrapped here with the font's widths instead."""

from datetime import date
from decimal import Decimal

from lms.core.i18n import format_number
from lms.core.pdf import Document
from lms.kelulusan.recap_export import TITLE, header, rows, title_block
from lms.kelulusan.recap_view import Sheet

INDONESIAN_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
TABLE_PT = 7  # the table's font size: a program of five components still fits a landscape page
LINE = 3.2  # mm a line of the table takes
PAGE_WIDTH = 277  # mm between the margins of a landscape A4 page
PAD = 1.1  # mm between a cell's text and its border, on each side
WIDE_COLUMNS = {2: 0.6, 3: 0.5, -1: 1.0}  # Nama, Instansi, Keterangan: they share the width that is left
SIGNATURE_WIDTH = 95  # mm, at the right of the page
SIGNATURE_HEIGHT = 48  # mm the block takes: it is never split over two pages


def indonesian_date(day: date) -> str:
    return f"{day.day} {INDONESIAN_MONTHS[day.month - 1]} {day.year}"


def _text(value) -> str:
    """Two decimals with a decimal comma; a dash where a score is missing (the remark says which)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def recap_pdf(sheet: Sheet, today: date) -> bytes:
    """Landscape A4: the title block, the table (its header on every page), a summary line and the signature
    block: the place left blank to write in, the date, the head of the lembaga's title, a space to sign, and
    blank lines for the name and NIP."""
    document = Document(
        f"{TITLE} - Angkatan {sheet.number} Tahun {sheet.year}",
        landscape=True,
        footer=f"{TITLE} · Angkatan {sheet.number} Tahun {sheet.year} · halaman {{page}} dari {{pages}}",
    )
    lines = title_block(sheet)
    document.heading(lines[0].upper(), size=12)
    document.heading(lines[1], size=12)
    for line in lines[2:]:
        document.line(line)
    document.space(3)
    n = len(sheet.components)
    table = []
    for row in rows(sheet):
        row[4 + n + 1] = format_number(row[4 + n + 1], 1)  # JP: whole hours mostly, a tenth at most
        table.append([_text(value) for value in row])
    right = {0, *range(4, 4 + n + 3), 4 + n + 4}  # No, the scores, attendance, JP, final score, rank
    _table(document, header(sheet), table, right)
    summary = sheet.summary
    document.space(2)
    document.line(
        f"Peserta {summary.participants}; lengkap {summary.complete}; lulus {summary.passing}; "
        f"tidak lulus {summary.failing}; belum lengkap {summary.incomplete}."
    )
    _signature(document, sheet.lembaga_name, today)
    return document.bytes()


def _widths(pdf, header_row: list[str], table: list[list[str]]) -> list[float]:
    """Every narrow column as wide as its longest word (a heading's, a value's: "100,00", a band, the NIP), so no
    word breaks; the names, instansi and remarks share the rest of the page by WIDE_COLUMNS, each at least as wide
    as its longest word up to 30 mm (a longer one, a crafted name, breaks rather than squeeze the numbers)."""
    pdf.set_font("Body", "B", TABLE_PT)  # the headings' font: the widest
    wide = {index % len(header_row): share for index, share in WIDE_COLUMNS.items()}
    widths = []
    for index, title in enumerate(header_row):
        values = [row[index] for row in table]
        words = title.split() + ([w for v in values for w in v.split()] if index in wide else values)
        longest = max(pdf.get_string_width(word) for word in words)
        widths.append(min(longest, 30 if index in wide else 60) + 2 * PAD)
    remaining = PAGE_WIDTH - sum(w for i, w in enumerate(widths) if i not in wide)
    pending = dict(wide)
    while pending:  # each its share of what is left, unless that is narrower than its longest word
        total = sum(pending.values())
        narrow = [i for i, share in pending.items() if widths[i] > remaining * share / total]
        if not narrow:
            for i, share in pending.items():
                widths[i] = remaining * share / total
            break
        for i in narrow:
            remaining -= widths[i]
            del pending[i]
    return widths


def wrap(pdf, text: str, width: float) -> list[str]:
    """The text in lines no wider than `width` (the current font's widths), broken between words; a word wider
    than a line is broken where it must."""
    lines, current = [], ""
    for word in text.split():
        while pdf.get_string_width(word) > width and len(word) > 1:  # a word no line holds: cut it
            cut = len(word) - 1
            while cut > 1 and pdf.get_string_width(word[:cut]) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current or not lines else lines


def _row(document: Document, cells: list[list[str]], widths: list[float], right: set[int], bold: bool) -> None:
    pdf = document.pdf
    height = max(len(lines) for lines in cells) * LINE + 2 * PAD
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_font("Body", "B" if bold else "", TABLE_PT)
    for index, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        pdf.rect(x, y, width, height)
        for number, line in enumerate(lines):
            pdf.set_xy(x + PAD, y + PAD + number * LINE)
            pdf.cell(width - 2 * PAD, LINE, line, align="R" if index in right else "L")
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _table(document: Document, header_row: list[str], table: list[list[str]], right: set[int]) -> None:
    """The table, its header row again at the top of every page; a row is never split over two pages."""
    pdf = document.pdf
    widths = _widths(pdf, header_row, table)
    pdf.set_font("Body", "B", TABLE_PT)
    heading = [wrap(pdf, title, w - 2 * PAD) for title, w in zip(header_row, widths, strict=True)]
    pdf.set_draw_color(120)
    pdf.set_line_width(0.2)
    margin, pdf.c_margin = pdf.c_margin, 0  # the cells' padding is PAD, drawn here
    _row(document, heading, widths, set(), bold=True)
    pdf.set_font("Body", "", TABLE_PT)
    for values in table:
        cells = [wrap(pdf, value, w - 2 * PAD) for value, w in zip(values, widths, strict=True)]
        height = max(len(lines) for lines in cells) * LINE + 2 * PAD
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _row(document, heading, widths, set(), bold=True)
            pdf.set_font("Body", "", TABLE_PT)
        _row(document, cells, widths, right, bold=False)
    pdf.c_margin = margin
    pdf.set_font("Body", "", 10)


def _signature(document: Document, lembaga_name: str, today: date) -> None:
    pdf = document.pdf
    if pdf.get_y() + SIGNATURE_HEIGHT > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    left = pdf.w - pdf.r_margin - SIGNATURE_WIDTH
    pdf.set_font("Body", "", 10)
    for text, gap in (
        (f"................................, {indonesian_date(today)}", 5),
        (f"Kepala {lembaga_name}", 22),
        ("Nama: ......................................................", 6),
        ("NIP: ........................................................", 6),
    ):
        pdf.set_x(left)
        pdf.multi_cell(SIGNATURE_WIDTH, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap - 5)
