"""The score histogram: readable marker labels that never overlap, numbers as the rest of the UI writes them."""

import re
from decimal import Decimal

import pytest

from lms.dashboard.svg import GAP, WIDTH, histogram_svg, label_width, place_labels

BINS = [0, 0, 1, 2, 3, 5, 8, 4, 2, 1]


def labels(svg: str) -> list[str]:
    return re.findall(r'<text [^>]*fill="#(?:b3261e|1e7b3a)">([^<]*)</text>', svg)


@pytest.mark.parametrize(
    ("threshold", "target", "expected"),
    [
        (Decimal("70.00"), Decimal("90.00"), ["minimal 70", "target 90"]),  # read "7E+1" and "9E+1"
        (Decimal("7E+1"), Decimal("72.50"), ["minimal 70", "target 72,5"]),
        (Decimal("100"), Decimal("85.25"), ["minimal 100", "target 85,25"]),
    ],
)
def test_marker_labels_are_plain_numbers_with_a_decimal_comma(app, threshold, target, expected):
    with app.test_request_context():
        svg = str(histogram_svg(BINS, threshold, target, "Sebaran"))
    assert labels(svg) == expected
    assert not re.search(r"\dE[+-]?\d", svg)


def test_marker_labels_are_translated(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            svg = str(histogram_svg(BINS, Decimal("70"), Decimal("90"), "Distribution"))
    assert labels(svg) == ["minimum 70", "target 90"]


def _spans(threshold: float, target: float):
    markers = [
        (22 + 276 * threshold / 100, label_width(f"minimal {threshold}")),
        (22 + 276 * target / 100, label_width(f"target {target}")),
    ]
    return markers, place_labels(markers)


@pytest.mark.parametrize("threshold", range(0, 101, 5))
def test_labels_never_overlap_and_stay_inside(threshold):
    for target in [t / 2 for t in range(0, 201, 3)]:
        markers, lefts = _spans(threshold, target)
        spans = sorted((left, left + width) for left, (_x, width) in zip(lefts, markers, strict=True))
        assert all(0 <= left and right <= WIDTH for left, right in spans), (threshold, target)
        assert spans[0][1] + GAP <= spans[1][0], (threshold, target)


def test_labels_far_apart_stay_centred_on_their_lines():
    markers, lefts = _spans(20, 80)
    for (x, width), left in zip(markers, lefts, strict=True):
        assert left == pytest.approx(x - width / 2)


def test_labels_of_close_lines_each_touch_their_line_from_outside():
    (low, high), (low_left, high_left) = _spans(70, 75)
    assert low_left + low[1] <= low[0] <= high[0] <= high_left
