"""The recap in the layout institutions report it: a title block, then No, NIP, Nama, Instansi, each component with
its weight, the klasikal attendance, JP, the final score, its band, the rank and the remark; as CSV and XLSX
(lms.core.export: no cell can start a formula, numbers stay numbers) and as a landscape A4 PDF whose table header
repeats on every page, closed by the head of the lembaga's signature block (lms.core.pdf)."""

from datetime import date
from decimal import Decimal

from lms.core.export import to_csv, to_xlsx
from lms.core.i18n import format_number
from lms.core.pdf import Document
from lms.kelulusan.recap_view import Sheet

TITLE = "Rekapitulasi nilai akhir Pelatihan Dasar CPNS"
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


def title_block(sheet: Sheet) -> list[str]:
    lines = [
        sheet.lembaga_name,
        TITLE,
        f"Angkatan {sheet.number} Tahun {sheet.year} ({sheet.angkatan_name})",
        f"Program: {sheet.program_name} (versi {sheet.version_id}, {sheet.total_jp} JP)",
    ]
    if not sheet.whole_angkatan:
        employers = sorted({line.instansi for line in sheet.lines})
        lines.append(f"Hanya pegawai {', '.join(employers)}; peringkat di antara seluruh peserta angkatan")
    return lines


def header(sheet: Sheet) -> list[str]:
    weights = [f"{c.name} ({format_number(c.weight, 2)}%)" for c in sheet.components]
    return [
        "No",
        "NIP",
        "Nama",
        "Instansi",
        *weights,
        "Kehadiran klasikal (%)",
        f"JP (dari {sheet.total_jp})",
        "Nilai akhir",
        "Predikat",
        "Peringkat",
        "Keterangan",
    ]


def rows(sheet: Sheet) -> list[list]:
    """One row per line; a missing score is an empty cell (its reason is in the remark)."""
    return [
        [
            line.number,
            line.nip,
            line.name,
            line.instansi,
            *[cell.score for cell in line.cells],
            line.attendance,
            line.jp,
            line.final,
            line.band,
            line.rank,
            line.remark,
        ]
        for line in sheet.lines
    ]


def filename(sheet: Sheet, kind: str) -> str:
    return f"rekap-nilai-akhir-angkatan-{sheet.number}-{sheet.year}.{kind}"


def recap_csv(sheet: Sheet, delimiter: str = ",") -> bytes:
    return to_csv(header(sheet), rows(sheet), delimiter, preamble=title_block(sheet))


def recap_xlsx(sheet: Sheet) -> bytes:
    """Scores, attendance, JP and the final score are numbers shown with two decimals (NIP stays text)."""
    first = 4  # after No, NIP, Nama, Instansi: the components, the attendance, JP and the final score
    formats = {column: "0.00" for column in range(first, first + len(sheet.components) + 3)}
    return to_xlsx(
        f"Angkatan {sheet.number} {sheet.year}",
        header(sheet),
        rows(sheet),
        preamble=title_block(sheet),
        number_formats=formats,
    )


def indonesian_date(day: date) -> str:
    return f"{day.day} {INDONESIAN_MONTHS[day.month - 1]} {day.year}"


def _pdf_cell(value) -> str | int:
    """Two decimals with a decimal comma; a dash where a score is missing (the remark says which)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return value


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
    header_row, table = header(sheet), []
    for row in rows(sheet):
        row[4 + n + 1] = format_number(row[4 + n + 1], 1)  # JP: whole hours mostly, a tenth at most
        table.append([_pdf_cell(value) for value in row])
    align = ["RIGHT", "LEFT", "LEFT", "LEFT", *(["RIGHT"] * (n + 3)), "LEFT", "RIGHT", "LEFT"]
    document.table(header_row, table, _widths(document, header_row, table), size=TABLE_PT, align=align)
    summary = sheet.summary
    document.space(2)
    document.line(
        f"Peserta {summary.participants}; lengkap {summary.complete}; lulus {summary.passing}; "
        f"tidak lulus {summary.failing}; belum lengkap {summary.incomplete}."
    )
    _signature(document, sheet.lembaga_name, today)
    return document.bytes()


TABLE_PT = 7  # the table's font size: a program of five components still fits a landscape page
PAGE_WIDTH = 277  # mm between the margins of a landscape A4 page
PADDING = 2.5  # mm a cell's text is kept from its borders, both sides together
WIDE_COLUMNS = {2: 0.6, 3: 0.5, -1: 0.8}  # Nama, Instansi, Keterangan: they share the width that is left


def _widths(document: Document, header_row: list[str], table: list[list]) -> list[float]:
    """Every narrow column as wide as its longest word (a heading's, a value's: "100,00", a band, the NIP), so no
    word breaks; the names, instansi and remarks share the rest of the page by WIDE_COLUMNS, each at least as wide
    as its longest word up to 30 mm (a longer one, a crafted name, breaks rather than squeeze the numbers)."""
    pdf = document.pdf
    pdf.set_font("Body", "B", TABLE_PT)  # the headings' font: the widest
    wide = {index % len(header_row): share for index, share in WIDE_COLUMNS.items()}
    widths = []
    for index, title in enumerate(header_row):
        values = [str(row[index]) for row in table if row[index] is not None]
        words = title.split() + ([w for v in values for w in v.split()] if index in wide else values)
        longest = max(pdf.get_string_width(word) for word in words)
        widths.append(min(longest, 30 if index in wide else 60) + PADDING)
    pdf.set_font("Body", "", 10)
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


SIGNATURE_WIDTH = 95  # mm, at the right of the page
SIGNATURE_HEIGHT = 48  # mm the block takes: it is never split over two pages


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
