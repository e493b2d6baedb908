"""The habituation period and its days: the angkatan's aktualisasi phase window, which days count (workdays),
which a log entry may record, and the JP credited for the days the mentor confirmed. Plain rules, one place."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.extensions import db
from lms.core.i18n import local_date
from lms.phases.models import Phase, PhaseSchedule

PHASE_CODE = "aktualisasi"


@dataclass(frozen=True)
class Period:
    opens_on: date
    closes_on: date
    jp: int  # the aktualisasi phase's JP (320 in the default programme)

    @property
    def workdays(self) -> int:
        return count_workdays(self.opens_on, self.closes_on)


def is_workday(day: date) -> bool:
    """THE rule of which days count: "30 hari kerja" are Monday to Friday. Public holidays are not known to the
    product, so a participant may log one (their mentor decides whether it counts by confirming or not)."""
    return day.weekday() < 5


def latest_workday(today: date) -> date:
    """The day a new entry is dated by default: today, or the Friday before a weekend."""
    day = today
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def count_workdays(first: date, last: date) -> int:
    days = (last - first).days + 1
    if days <= 0:
        return 0
    full_weeks, rest = divmod(days, 7)
    return full_weeks * 5 + sum(is_workday(first + timedelta(days=full_weeks * 7 + n)) for n in range(rest))


def period_for(angkatan_id: int) -> Period | None:
    """The angkatan's aktualisasi window, or None when the coordinator has not scheduled it."""
    row = db.session.execute(
        select(PhaseSchedule.opens_on, PhaseSchedule.closes_on, Phase.jp)
        .join(Phase, Phase.id == PhaseSchedule.phase_id)
        .where(PhaseSchedule.angkatan_id == angkatan_id, Phase.code == PHASE_CODE)
    ).first()
    return Period(*row) if row else None


def day_refusal(day: date | None, period: Period | None, today: date) -> str | None:
    """Why an entry may not record `day` (Indonesian), or None when it may."""
    if period is None:
        return _("Jadwal tahap aktualisasi angkatan Anda belum ditetapkan penyelenggara; log belum dapat diisi.")
    if day is None:
        return _("Isi tanggal kegiatan.")
    if not period.opens_on <= day <= period.closes_on:
        return _(
            "Tanggal %(day)s di luar masa habituasi (%(opens)s sampai %(closes)s). Pilih tanggal di dalam masa itu.",
            day=local_date(day),
            opens=local_date(period.opens_on),
            closes=local_date(period.closes_on),
        )
    if not is_workday(day):
        return _(
            "%(day)s jatuh pada akhir pekan; log habituasi dicatat per hari kerja (Senin sampai Jumat).",
            day=local_date(day),
        )
    if day > today:
        return _("Tanggal %(day)s belum tiba; catat kegiatan yang sudah dilakukan.", day=local_date(day))
    return None


def credited_jp(confirmed_days: int, period: Period | None) -> float:
    """JP credited for habituation: distinct workdays with a mentor-confirmed entry / the period's workdays x the
    phase's JP, never above the phase's JP; one decimal."""
    if period is None or period.workdays == 0:
        return 0.0
    return round(min(confirmed_days, period.workdays) / period.workdays * period.jp, 1)
