"""The institution's numbering scheme: a format with placeholders, checked when it is saved, and the one function
that makes a certificate's number."""

import string

# {urut}: the sequence in the lembaga's year (zero-padded to 3 unless written {urut:04d}); {angkatan}: its number;
# {tahun}: the year; {bulan}: the month of issue in Roman numerals (as Indonesian letter numbers often have).
PLACEHOLDERS = ("urut", "angkatan", "tahun", "bulan")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def format_problem(number_format: str) -> str | None:
    """Why a format cannot number certificates (Indonesian), or None."""
    try:
        fields = [
            (name, spec) for _text, name, spec, _conv in string.Formatter().parse(number_format) if name is not None
        ]
    except ValueError:
        return "Format nomor tidak valid: kurung kurawal harus berpasangan, misalnya {urut}."
    unknown = sorted({name for name, _spec in fields if name not in PLACEHOLDERS})
    if unknown:
        return f"Isian tidak dikenal: {', '.join(unknown)}. Gunakan {{urut}}, {{angkatan}}, {{tahun}}, {{bulan}}."
    if "urut" not in {name for name, _spec in fields}:
        return "Format nomor harus memuat {urut}: tanpa nomor urut, dua sertifikat bisa bernomor sama."
    if any(spec and not (name == "urut" and spec.rstrip("d").lstrip("0").isdigit()) for name, spec in fields):
        return "Hanya {urut} yang boleh diberi lebar, misalnya {urut:04d}."
    return None


def certificate_number(number_format: str, *, sequence: int, angkatan: int, year: int, month: int) -> str:
    """THE number of a certificate under the lembaga's format (checked by format_problem when saved)."""
    values = {"urut": sequence, "angkatan": angkatan, "tahun": year, "bulan": ROMAN[month - 1]}
    padded = number_format.replace("{urut}", "{urut:03d}")
    return padded.format(**values)
