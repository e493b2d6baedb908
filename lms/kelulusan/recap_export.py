"""The recap in the layout institutions report it: a title block, then No, NIP, Nama, Instansi, each component with
its weight, the klasikal attendance, JP, the final score, its band, the rank and the remark; as CSV and XLSX
(lms.core.export: no cell can start a formula, numbers stay numbers). The PDF is lms.kelulusan.recap_pdf."""

from lms.core.export import to_csv, to_xlsx
from lms.core.i18n import format_number
from lms.kelulusan.recap_view import Sheet

TITLE = "Rekapitulasi nilai akhir Pelatihan Dasar CPNS"


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
