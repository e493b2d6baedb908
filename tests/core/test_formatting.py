"""Numbers and dates as the pages show them: Indonesian decimal comma, month names, the user's zone."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask_babel import force_locale

from lms.core.i18n import format_number, format_percent, local_date, local_datetime, local_time_span


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (Decimal("92.6667"), 2, "92,67"),
        (45.8, 1, "45,8"),
        (48.0, 1, "48"),
        (Decimal("100.00"), 2, "100"),
        (100, 0, "100"),  # a credit of 1 on the participant record: "skor 100%", not "skor 1%"
        (50.0, 0, "50"),
        (0, 1, "0"),
        (None, 1, "—"),
    ],
)
def test_numbers_keep_their_integer_digits_and_use_a_decimal_comma(value, digits, shown):
    assert format_number(value, digits) == shown


def test_percent():
    assert (format_percent(0.735), format_percent(1), format_percent(None)) == ("74%", "100%", "—")


def test_dates_in_indonesian_and_english_in_the_given_zone(app):
    moment = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    with app.test_request_context():
        assert local_datetime(moment, "Asia/Jakarta") == "6 Maret 2026 06.30 WIB"
        assert local_datetime(moment, "Asia/Jayapura") == "6 Maret 2026 08.30 WIT"
        assert local_datetime(moment.replace(tzinfo=None), "Asia/Makassar") == "6 Maret 2026 07.30 WITA"  # naive = UTC
        assert local_date(date(2026, 8, 17)) == "17 Agustus 2026"
        with force_locale("en"):
            assert local_date(date(2026, 8, 17)) == "17 August 2026"


def test_a_session_time_span_says_the_day_once(app):
    start, end = datetime(2026, 12, 5, 1, 0, tzinfo=UTC), datetime(2026, 12, 5, 4, 30, tzinfo=UTC)
    with app.test_request_context():
        assert local_time_span(start, end, "Asia/Jakarta") == "5 Desember 2026 08.00–11.30 WIB"
        assert local_time_span(start, end, "Asia/Makassar", with_date=False) == "09.00–12.30 WITA"
        late = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)  # past midnight in WIB: both moments in full
        assert local_time_span(datetime(2026, 12, 5, 15, 0, tzinfo=UTC), late, "Asia/Jakarta") == (
            "5 Desember 2026 22.00 WIB – 6 Desember 2026 01.00 WIB"
        )
