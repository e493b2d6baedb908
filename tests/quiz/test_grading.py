"""Every number that decides a career, computed by hand."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from lms.quiz.grading import (
    GradedAttempt,
    attempt_score,
    counted_attempt,
    passes,
    question_credit,
    weighted_average,
)

SINGLE = {1: D(1), 2: D(0), 3: D(0), 4: D(0)}
PARTIAL = {1: D(1), 2: D("0.5"), 3: D(0), 4: D("-0.25")}
MULTI = {1: D("0.5"), 2: D("0.5"), 3: D("-0.5"), 4: D("-0.5")}
THIRDS = {1: D("0.33333"), 2: D("0.33333"), 3: D("0.33334"), 4: D("-1")}
TRUE_FALSE = {7: D(1), 8: D(0)}


@pytest.mark.parametrize(
    "kind, key, chosen, credit",
    [
        ("single", SINGLE, [1], D(1)),
        ("single", SINGLE, [2], D(0)),
        ("single", SINGLE, [], D(0)),
        ("single", PARTIAL, [2], D("0.5")),  # partial credit in single choice
        ("single", PARTIAL, [4], D(0)),  # a penalty never goes below zero
        ("truefalse", TRUE_FALSE, [7], D(1)),
        ("truefalse", TRUE_FALSE, [8], D(0)),
        ("multiple", MULTI, [1, 2], D(1)),
        ("multiple", MULTI, [1], D("0.5")),
        ("multiple", MULTI, [1, 3], D(0)),  # a wrong choice cancels a right one
        ("multiple", MULTI, [1, 2, 3], D("0.5")),
        ("multiple", MULTI, [1, 2, 3, 4], D(0)),  # ticking everything earns nothing
        ("multiple", MULTI, [3], D(0)),  # clamped at zero
        ("multiple", THIRDS, [1, 2, 3], D(1)),
        ("multiple", THIRDS, [1, 2], D("0.66666")),
        ("multiple", MULTI, [99], D(0)),  # unknown ids earn nothing
    ],
)
def test_question_credit(kind, key, chosen, credit):
    assert question_credit(kind, key, chosen) == credit


def test_attempt_score_rounds_half_up_to_two_decimals():
    assert attempt_score([D(1)] * 17 + [D(0)] * 8) == D("68.00")
    assert attempt_score([D(1), D(1), D(0)]) == D("66.67")
    assert attempt_score([D(1), D(0), D(0)]) == D("33.33")
    assert attempt_score([D("0.5"), D(0), D(0), D(0), D(0), D(0), D(0), D(0)]) == D("6.25")
    assert attempt_score([D("0.00125"), D(0)]) == D("0.06")  # 0.0625 -> 0.06
    assert attempt_score([D("0.00135"), D(0)]) == D("0.07")  # 0.0675 -> 0.07 (half up)
    assert attempt_score([]) == D("0.00")


def test_pass_is_at_or_above_the_threshold():
    assert passes(D("70.00"), D(70)) and not passes(D("69.99"), D(70))


T0 = datetime(2026, 11, 1, tzinfo=UTC)
ATTEMPTS = [
    GradedAttempt(1, D("64.00"), False, T0),
    GradedAttempt(2, D("80.00"), True, T0 + timedelta(hours=2)),
    GradedAttempt(3, D("72.00"), True, T0 + timedelta(hours=4)),
    GradedAttempt(4, D("80.00"), True, T0 + timedelta(hours=6)),
]


def test_counted_attempt_per_policy():
    assert counted_attempt(ATTEMPTS, "highest").number == 2  # the earliest of equal highs
    assert counted_attempt(ATTEMPTS, "last").number == 4
    assert counted_attempt(ATTEMPTS, "first").score == D("64.00")
    assert counted_attempt([], "highest") is None


def test_weighted_average():
    assert weighted_average([(D(80), D(1)), (D(70), D(1)), (D(91), D(1))]) == D("80.33")
    assert weighted_average([(D(80), D(2)), (D(50), D(1))]) == D("70.00")
    assert weighted_average([]) is None
