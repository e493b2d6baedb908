"""Language and time zone of the current user, and date formatting in Indonesian."""

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask import has_request_context, session
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
# The three Indonesian time zones, by the abbreviation an angkatan is scheduled in.
TIMEZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
TZ_ABBREVIATION = {v: k for k, v in TIMEZONES.items()}


def select_locale() -> str:
    if not has_request_context():
        return "id"  # commands and cron jobs (check-content's warnings) speak the source language
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    return session.get("locale", "id") if session.get("locale") in LANGUAGES else "id"


def select_timezone() -> str:
    """Participants see times in their angkatan's zone (WIB, WITA or WIT); staff in WIB."""
    if current_user and current_user.is_authenticated:
        enrolment = current_user.enrolment
        if enrolment is not None:
            return enrolment.angkatan.tz_name
    return "Asia/Jakarta"


@lru_cache(maxsize=8)
def _months(locale: str) -> dict[int, str]:
    return dict(get_month_names("wide", locale=locale))


def _day_month_year(value: date) -> str:
    """CLDR's "d MMMM y" ('5 Maret 2026'), without Babel's pattern machinery: a dashboard page of 40
    rows formats 50 of these, and Babel took ~45 µs each."""
    return f"{value.day} {_months(str(get_locale()))[value.month]} {value.year}"


def local_datetime(value: datetime, tz_name: str | None = None) -> str:
    """'22 November 2026 14.00 WIB' in the given zone or the user's."""
    if value is None:
        return ""
    tz = tz_name or str(get_timezone())
    if value.tzinfo is None:  # as Babel did: a naive value is UTC
        value = value.replace(tzinfo=UTC)
    moment = value.astimezone(ZoneInfo(tz))
    return f"{_day_month_year(moment)} {moment:%H.%M} {TZ_ABBREVIATION.get(tz, '')}".strip()


def local_time_span(start: datetime, end: datetime, tz_name: str | None = None, with_date: bool = True) -> str:
    """A session's time: '5 Desember 2026 08.00–11.30 WIB', or '08.00–11.30 WIB' under a heading that already
    says the day (with_date=False); both moments in full when it runs past midnight."""
    tz = tz_name or str(get_timezone())
    zone = ZoneInfo(tz)
    begins, ends = (v.replace(tzinfo=UTC) if v.tzinfo is None else v for v in (start, end))
    begins, ends = begins.astimezone(zone), ends.astimezone(zone)
    if begins.date() != ends.date():
        return f"{local_datetime(start, tz)} – {local_datetime(end, tz)}"
    hours = f"{begins:%H.%M}–{ends:%H.%M} {TZ_ABBREVIATION.get(tz, '')}".strip()
    return f"{_day_month_year(begins)} {hours}" if with_date else hours


def local_date(value: date) -> str:
    if value is None:
        return ""
    return _day_month_year(value)


def local_moment(value: datetime, tz_name: str | None = None) -> str:
    """'pukul 14.00 WIB' today, otherwise '23 November 2026 pukul 14.00 WIB' (in the user's language)."""
    tz = tz_name or str(get_timezone())
    zone = ZoneInfo(tz)
    time_text = f"{value.astimezone(zone):%H.%M} {TZ_ABBREVIATION.get(tz, '')}".strip()
    if value.astimezone(zone).date() == datetime.now(zone).date():
        return _("pukul %(time)s", time=time_text)
    return _(
        "%(date)s pukul %(time)s",
        date=_day_month_year(value.astimezone(zone)),
        time=time_text,
    )


def format_number(value, digits: int = 1) -> str:
    """'45,8', '100', '92,67': at most `digits` decimals, a decimal comma, no trailing zeros; '—' for none."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if "." in text:  # only decimals lose their trailing zeros: 100 stays 100
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_percent(share) -> str:
    """0.735 -> '74%'; '—' for none."""
    return "—" if share is None else f"{share * 100:.0f}%"
