"""THE composition rule: final score, band and pass, on the shipped program's shape."""

from decimal import Decimal

from lms.program.composition import band_of, final_score, verdict
from lms.program.spec import parse_program
from tests.program.test_spec import MINIMAL, SHIPPED, SOURCES

PROGRAM = parse_program(MINIMAL + "pass_rule: {min_klasikal_attendance: 90}\n", SOURCES)[0]
SHIPPED_PROGRAM = parse_program(SHIPPED.read_text(encoding="utf-8"), SOURCES)[0]


def test_the_final_score_is_the_weighted_sum_to_two_decimals_half_up():
    assert final_score(PROGRAM, {"a": Decimal("80"), "b": Decimal("90")}) == Decimal("86.00")
    assert final_score(PROGRAM, {"a": Decimal("70.01"), "b": Decimal("70.02")}) == Decimal("70.02")  # 70.016
    assert final_score(PROGRAM, {"a": Decimal("80")}) is None
    shipped = {
        "akademik_mooc": 85,
        "akademik_pjj": 80,
        "sikap_perilaku": 90,
        "seminar_rancangan": 78,
        "seminar_aktualisasi": 88,
    }
    # 8.5 + 8 + 27 + 11.7 + 30.8
    assert final_score(SHIPPED_PROGRAM, shipped) == Decimal("86.00")


def test_bands_meet_at_the_hundredth():
    assert band_of(PROGRAM, Decimal("70.00")).name == "Tidak lulus"
    assert band_of(PROGRAM, Decimal("70.01")).name == "Lulus"
    assert band_of(SHIPPED_PROGRAM, Decimal("90.01")).name == "Sangat memuaskan"
    assert band_of(SHIPPED_PROGRAM, Decimal("90.00")).name == "Memuaskan"
    assert band_of(SHIPPED_PROGRAM, Decimal("0")).name == "Tidak memuaskan"


def test_a_missing_component_or_attendance_leaves_the_result_undecided():
    undecided = verdict(PROGRAM, {"a": Decimal(90)}, Decimal(100))
    assert undecided.passes is None and undecided.final is None and undecided.missing == ("Seminar",)
    no_attendance = verdict(PROGRAM, {"a": Decimal(90), "b": Decimal(90)}, None)
    assert no_attendance.passes is None and no_attendance.final == Decimal("90.00")
    assert no_attendance.missing == ("Kehadiran klasikal",)


def test_passing_needs_a_passing_band_each_minimum_and_the_attendance():
    assert verdict(PROGRAM, {"a": 90, "b": 80}, Decimal(95)).passes is True
    low_band = verdict(PROGRAM, {"a": 60, "b": 75}, Decimal(95))
    assert low_band.passes is False and low_band.reasons == ("Nilai akhir 69.00 berpredikat Tidak lulus",)
    below_minimum = verdict(PROGRAM, {"a": 100, "b": 59}, Decimal(95))  # final 75.40 passes, the seminar does not
    assert below_minimum.passes is False and below_minimum.reasons == ("Seminar 59 di bawah batas 60",)
    absent = verdict(PROGRAM, {"a": 90, "b": 90}, Decimal("89.99"))
    assert absent.passes is False and absent.reasons == ("Kehadiran klasikal 89.99% di bawah 90%",)
