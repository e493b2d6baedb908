from datetime import date

import pytest

from lms.auth.nip import check_nip, normalize_nip

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "raw",
    [
        "198609262015051001",
        "19860926 201505 1 001",  # grouped as printed on the card
        " 19860926 201505 1 001 ",
        "19860926\u00a0201505\u00a01\u00a0001",  # non-breaking spaces from a copied document
        "199202292019032002",  # 29 February of a leap year
    ],
)
def test_valid_nips(raw):
    check = check_nip(raw, TODAY)
    assert check.ok, check.error
    assert check.nip == normalize_nip(raw) and len(check.nip) == 18


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "18 angka"),
        ("19860926201505100", "18 angka"),  # 17 digits
        ("1986092620150510011", "18 angka"),  # 19 digits
        ("198609262015051001\n", "18 angka"),  # trailing newline
        ("19860926201505100a", "18 angka"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١٠٠", "18 angka"),  # Arabic-Indic digits
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "18 angka"),
        ("１９８６０９２６２０１５０５１００１", "18 angka"),  # fullwidth digits
        ("198613262015051001", "tanggal lahir"),  # month 13
        ("198602302015051001", "tanggal lahir"),  # 30 February
        ("199302292019031001", "tanggal lahir"),  # 29 February, not a leap year
        ("198609262015131001", "bulan pengangkatan"),  # CPNS month 13
        ("198609262015001001", "bulan pengangkatan"),  # CPNS month 00
        ("198609261985051001", "setelah tanggal lahir"),  # appointed before birth
        ("198609262030051001", "masa depan"),  # appointed in the future
        ("198609262015053001", "jenis kelamin"),  # gender digit 3
        ("198609262015050001", "jenis kelamin"),  # gender digit 0
    ],
)
def test_invalid_nips(raw, reason):
    check = check_nip(raw, TODAY)
    assert not check.ok
    assert reason in check.error
