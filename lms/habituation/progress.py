"""Progress of the log: per activity (entries, confirmed days, planned days) and the JP credited for the
habituation days the mentor confirmed, for one participant or for many at once (the angkatan report)."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, distinct, func, select

from lms.aktualisasi.models import PlanActivity
from lms.core.extensions import db
from lms.habituation.models import LogEntry
from lms.habituation.period import PHASE_CODE, Period, credited_jp
from lms.people.models import Enrolment
from lms.phases.models import Phase, PhaseSchedule


@dataclass(frozen=True)
class ActivityProgress:
    activity: PlanActivity
    entries: int
    confirmed_days: int
    waiting: int
    questioned: int

    @property
    def planned_days(self) -> int:
        return self.activity.end_day - self.activity.start_day + 1

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.confirmed_days / self.planned_days)) if self.planned_days else 0


@dataclass(frozen=True)
class LogProgress:
    activities: list[ActivityProgress]
    confirmed_days: int  # distinct workdays with at least one confirmed entry
    period: Period | None
    jp: float


def log_progress(user_id: int, activities: list[PlanActivity], period: Period | None) -> LogProgress:
    rows = db.session.execute(
        select(LogEntry.activity_id, LogEntry.day, LogEntry.state).where(LogEntry.user_id == user_id)
    ).all()
    per: dict[int, dict] = defaultdict(lambda: {"n": 0, "days": set(), "waiting": 0, "questioned": 0})
    confirmed_days = set()
    for activity_id, day, state in rows:
        p = per[activity_id]
        p["n"] += 1
        if state == "confirmed":
            p["days"].add(day)
            confirmed_days.add(day)
        elif state in ("waiting", "questioned"):
            p[state] += 1
    lines = [
        ActivityProgress(a, per[a.id]["n"], len(per[a.id]["days"]), per[a.id]["waiting"], per[a.id]["questioned"])
        for a in activities
    ]
    return LogProgress(lines, len(confirmed_days), period, credited_jp(len(confirmed_days), period))


def credited_jp_by_user(user_ids: list[int]) -> dict[int, float]:
    """{user id: JP credited for confirmed habituation days} for many participants in one statement (those with
    none confirmed are left out)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(
            LogEntry.user_id,
            func.count(distinct(LogEntry.day)),
            PhaseSchedule.opens_on,
            PhaseSchedule.closes_on,
            Phase.jp,
        )
        .join(Enrolment, Enrolment.user_id == LogEntry.user_id)
        .join(PhaseSchedule, PhaseSchedule.angkatan_id == Enrolment.angkatan_id)
        .join(Phase, and_(Phase.id == PhaseSchedule.phase_id, Phase.code == PHASE_CODE))
        .where(LogEntry.user_id.in_(user_ids), LogEntry.state == "confirmed")
        .group_by(LogEntry.user_id, PhaseSchedule.opens_on, PhaseSchedule.closes_on, Phase.jp)
    ).all()
    return {user_id: credited_jp(days, Period(opens, closes, jp)) for user_id, days, opens, closes, jp in rows}
