"""NIP (Nomor Induk Pegawai) normalisation and validation.

An NIP is 18 digits: birth date (YYYYMMDD), CPNS start month (YYYYMM), gender (1 male,
2 female) and a 3-digit sequence number.
"""

import re
from dataclasses import dataclass
from datetime import date

# [0-9], not \d: \d also matches Arabic-Indic and fullwidth digits. fullmatch, not $: $ accepts "\n".
_NIP_RE = re.compile(r"[0-9]{18}")
# People type NIPs grouped as printed on a card: "19860926 201505 1 001".
_TYPED_SPACES = str.maketrans("", "", " \u00a0")


@dataclass(frozen=True)
class NipCheck:
    nip: str
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def normalize_nip(raw: str) -> str:
    return raw.translate(_TYPED_SPACES)


def check_nip(raw: str, today: date | None = None) -> NipCheck:
    """Return the normalised NIP and, if it is not valid, the reason in Indonesian."""
    nip = normalize_nip(raw or "")
    if not _NIP_RE.fullmatch(nip):
        return NipCheck(nip, "NIP harus terdiri dari tepat 18 angka (0-9).")
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return NipCheck(nip, "8 angka pertama NIP bukan tanggal lahir yang valid (TTTTBBHH).")
    start_year, start_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= start_month <= 12:
        return NipCheck(nip, "Angka ke-9 sampai ke-14 NIP bukan bulan pengangkatan CPNS yang valid (TTTTBB).")
    today = today or date.today()
    if (start_year, start_month) <= (born.year, born.month):
        return NipCheck(nip, "Bulan pengangkatan CPNS dalam NIP harus setelah tanggal lahir.")
    if (start_year, start_month) > (today.year, today.month) or born >= today:
        return NipCheck(nip, "Tanggal dalam NIP tidak boleh di masa depan.")
    if nip[14] not in "12":
        return NipCheck(nip, "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2.")
    return NipCheck(nip, None)
