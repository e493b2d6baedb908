"""Language and time zone of the current user, and date formatting in Indonesian."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import session
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from lms.people.models import TIMEZONES

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
TZ_ABBREVIATION = {v: k for k, v in TIMEZONES.items()}


def select_locale() -> str:
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


def local_datetime(value: datetime, tz_name: str | None = None) -> str:
    """'22 November 2026 14.00 WIB' in the given zone or the user's."""
    if value is None:
        return ""
    tz = tz_name or str(get_timezone())
    text = format_datetime(value, "d MMMM y HH.mm", tzinfo=tz, locale=str(get_locale()))
    return f"{text} {TZ_ABBREVIATION.get(tz, '')}".strip()


def local_date(value: date) -> str:
    if value is None:
        return ""
    return format_date(value, "d MMMM y", locale=str(get_locale()))


def local_moment(value: datetime, tz_name: str | None = None) -> str:
    """'pukul 14.00 WIB' today, otherwise '23 November 2026 pukul 14.00 WIB' (in the user's language)."""
    from flask_babel import gettext as _

    tz = tz_name or str(get_timezone())
    zone = ZoneInfo(tz)
    time_text = f"{value.astimezone(zone):%H.%M} {TZ_ABBREVIATION.get(tz, '')}".strip()
    if value.astimezone(zone).date() == datetime.now(zone).date():
        return _("pukul %(time)s", time=time_text)
    return _(
        "%(date)s pukul %(time)s",
        date=format_date(value.astimezone(zone), "d MMMM y", locale=str(get_locale())),
        time=time_text,
    )
