"""The numbering scheme: what a format may hold, and the number it makes."""

import pytest

from lms.certificates.numbering import certificate_number, format_problem


@pytest.mark.parametrize(
    ("number_format", "problem"),
    [
        ("{urut}/STTPL/{angkatan}/{tahun}", None),
        ("800/{urut:04d}/BPSDMD/{bulan}/{tahun}", None),
        ("STTPL/{angkatan}/{tahun}", "harus memuat {urut}"),
        ("{urut}/{nama}", "Isian tidak dikenal: nama"),
        ("{urut/STTPL", "kurung kurawal harus berpasangan"),
        ("{urut}/{tahun:>8}", "Hanya {urut} yang boleh diberi lebar"),
        ("{urut}/{0}", "Isian tidak dikenal: 0"),
    ],
)
def test_a_format_is_checked_before_it_numbers_anything(number_format, problem):
    found = format_problem(number_format)
    assert (found is None) if problem is None else (problem in found)


def test_the_number_fills_the_placeholders():
    assert certificate_number("{urut}/STTPL/{angkatan}/{tahun}", sequence=7, angkatan=72, year=2026, month=12) == (
        "007/STTPL/72/2026"
    )
    assert certificate_number("800/{urut:04d}/{bulan}/{tahun}", sequence=12, angkatan=1, year=2027, month=4) == (
        "800/0012/IV/2027"
    )
