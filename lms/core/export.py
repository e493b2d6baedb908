"""CSV and XLSX exports, safe to open in Excel: no cell can start a formula, no stored text can fail them."""

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from lms.core.text import without_control_characters

# A cell that starts with one of these is read by spreadsheets as a formula (or a DDE payload).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value) -> object:
    """Numbers stay numbers; text that could start a formula gets a leading apostrophe. Control
    characters stored before inputs refused them become U+FFFD: openpyxl refuses to write them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        return value
    text = without_control_characters(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(
    header: Sequence[str], rows: Iterable[Sequence], delimiter: str = ",", *, preamble: Sequence[str] = ()
) -> bytes:
    """UTF-8 with a BOM, so Excel opens it in the right encoding; `;` for Indonesian Excel. `preamble`: lines
    of a title block above the table (one cell each, then an empty line)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([neutralise(line)])
    if preamble:
        writer.writerow([])
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(_plain(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    preamble: Sequence[str] = (),
    number_formats: Mapping[int, str] | None = None,
) -> bytes:
    """`preamble`: lines of a title block above the table (the first in bold, then an empty row);
    `number_formats`: an Excel number format per column index (e.g. "0.00": two decimals shown, the value a
    number still)."""
    # Imported here: only an export needs openpyxl, and importing it costs every worker about 0.3 s at
    # start and 4 MB (measured on top of lms.app's own imports, 2 cores busy).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    for line in preamble:
        sheet.append([neutralise(line)])
    if preamble:
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
    header_row = len(preamble) + 2 if preamble else 1
    sheet.append([neutralise(h) for h in header])
    for number, row in enumerate(rows, start=header_row + 1):
        sheet.append([neutralise(_plain(v)) for v in row])
        for column, number_format in (number_formats or {}).items():
            sheet.cell(row=number, column=column + 1).number_format = number_format
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_NOT_IN_TITLE = re.compile(r"[\\*?:/\[\]]")


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of \\ * ? : / [ ] or control characters."""
    cleaned = _NOT_IN_TITLE.sub(" ", without_control_characters(title, multiline=False, replacement=" ")).strip()
    return cleaned[:31].strip("'") or "Data"


def _plain(value):
    """Decimals as floats (Excel numbers), dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    return value
