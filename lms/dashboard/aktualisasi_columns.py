"""Aktualisasi's columns of the angkatan report: each participant's stage (lms.dashboard.aktualisasi_stage), the
workdays without a habituation log entry, the entries waiting for the mentor, and the plan or report waiting on
the coach or the mentor, read for every participant of the report at once in four statements, whatever their
number. The thresholds that make these a risk are lms.dashboard.pace's."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.aktualisasi.models import Plan
from lms.aktualisasi.overview import COACH_WAITS_ON as PLAN_COACH_STATE
from lms.aktualisasi.overview import MENTOR_WAITS_ON as PLAN_MENTOR_STATE
from lms.auth.models import User
from lms.core.extensions import db
from lms.dashboard.aktualisasi_stage import (
    Stage,
    habituation_state,
    stage_of,
    workdays_after,
    workdays_without_entry,
)
from lms.dashboard.pace import REVIEW_WORKDAYS, UNCONFIRMED_WORKDAYS
from lms.habituation.models import LogEntry
from lms.people.models import Enrolment
from lms.phases.gating import today_in
from lms.report.models import AktualisasiReport
from lms.report.queue import COACH_WAITS_ON as REPORT_COACH_STATE
from lms.report.queue import MENTOR_WAITS_ON as REPORT_MENTOR_STATE
from lms.report.workflow import PEN_STATES as REPORT_PEN_STATES
from lms.seminar.models import Seminar, SeminarPlace, SeminarScore
from lms.seminar.results import expected_roles, result_of

# (item, state) -> whose word it waits for.
WAITS_ON = {
    ("rancangan", PLAN_COACH_STATE): "coach",
    ("rancangan", PLAN_MENTOR_STATE): "mentor",
    ("laporan", REPORT_COACH_STATE): "coach",
    ("laporan", REPORT_MENTOR_STATE): "mentor",
}
WAITING_LABELS = {
    ("rancangan", "coach"): _l("Rancangan menunggu tinjauan coach"),
    ("rancangan", "mentor"): _l("Rancangan menunggu persetujuan mentor"),
    ("laporan", "coach"): _l("Laporan menunggu pemeriksaan coach"),
    ("laporan", "mentor"): _l("Laporan menunggu persetujuan mentor"),
}
LOGGING_REPORT_STATES = frozenset({None}) | REPORT_PEN_STATES


@dataclass(frozen=True)
class Waiting:
    """A plan ('rancangan') or report ('laporan') waiting on the participant's coach or mentor."""

    item: str
    role: str  # 'coach' or 'mentor'
    name: str | None  # who it waits on; None when the enrolment has no one in that role yet
    workdays: int  # how long it has waited (lms.dashboard.aktualisasi_stage.workdays_after)

    @property
    def label(self) -> str:
        return str(WAITING_LABELS[(self.item, self.role)])

    @property
    def overdue(self) -> bool:
        return self.workdays > REVIEW_WORKDAYS


@dataclass(frozen=True)
class AktualisasiFacts:
    stage: Stage
    days_without_entry: int | None  # workdays; None outside the habituation period or without an approved plan
    unconfirmed: int  # log entries waiting for the mentor's confirmation
    oldest_unconfirmed: int | None  # workdays the oldest of them has waited
    overdue_entries: int  # those that waited longer than UNCONFIRMED_WORKDAYS
    waiting: Waiting | None  # the plan or report waiting on the coach or mentor, however long

    @property
    def overdue_approval(self) -> Waiting | None:
        return self.waiting if self.waiting and self.waiting.overdue else None

    @property
    def started(self) -> bool:
        """Aktualisasi under way: a plan past its first draft, or log entries (confirmed or not). Its JP come
        only with confirmed days, so without this a participant logging every day looked "not started"."""
        return self.stage != Stage("rancangan", "draft") or self.unconfirmed > 0 or self.days_without_entry == 0


@dataclass(frozen=True)
class Group:
    """The participants of one angkatan with its habituation period and its time zone (its today)."""

    user_ids: list[int]
    opens_on: date | None
    closes_on: date | None
    tz_name: str


def aktualisasi_facts(groups: list[Group], now: datetime, today: date | None = None) -> dict[int, AktualisasiFacts]:
    """{user id: facts} for the participants of these groups; four statements whatever their number (none
    without participants). today: the day to count to (the angkatan's own today when not given)."""
    user_ids = [u for g in groups for u in g.user_ids]
    if not user_ids:
        return {}
    coach, mentor = aliased(User), aliased(User)
    people = db.session.execute(
        select(
            Enrolment.user_id,
            Plan.state,
            Plan.state_changed_at,
            AktualisasiReport.state,
            AktualisasiReport.state_changed_at,
            coach.name,
            mentor.name,
        )
        .outerjoin(Plan, Plan.user_id == Enrolment.user_id)
        .outerjoin(AktualisasiReport, AktualisasiReport.user_id == Enrolment.user_id)
        .outerjoin(coach, coach.id == Enrolment.coach_id)
        .outerjoin(mentor, mentor.id == Enrolment.mentor_id)
        .where(Enrolment.user_id.in_(user_ids))
    ).all()
    last_entry = dict(
        db.session.execute(
            select(LogEntry.user_id, func.max(LogEntry.day))
            .where(LogEntry.user_id.in_(user_ids))
            .group_by(LogEntry.user_id)
        ).all()
    )
    unconfirmed: dict[int, list[datetime]] = {}
    for user_id, since in db.session.execute(
        select(LogEntry.user_id, LogEntry.updated_at).where(LogEntry.user_id.in_(user_ids), LogEntry.state == "waiting")
    ):
        unconfirmed.setdefault(user_id, []).append(since)
    seminars = _seminar_aktualisasi(user_ids)
    facts = {}
    by_user = {row[0]: row for row in people}
    for group in groups:
        day = today or today_in(group.tz_name, now)
        period = habituation_state(group.opens_on, group.closes_on, day)
        for user_id in group.user_ids:
            if user_id not in by_user:
                continue
            _u, plan_state, plan_since, report_state, report_since, coach_name, mentor_name = by_user[user_id]
            ages = sorted(workdays_after(today_in(group.tz_name, s), day) for s in unconfirmed.get(user_id, ()))
            waiting = None
            for item, state, since in (("rancangan", plan_state, plan_since), ("laporan", report_state, report_since)):
                role = WAITS_ON.get((item, state))
                if role is not None:
                    name = coach_name if role == "coach" else mentor_name
                    waiting = Waiting(item, role, name, workdays_after(today_in(group.tz_name, since), day))
            # Logging is expected while the period runs, from the plan's approval until the report is submitted.
            logging = plan_state == "approved" and period == "during" and report_state in LOGGING_REPORT_STATES
            facts[user_id] = AktualisasiFacts(
                stage=stage_of(plan_state, report_state, seminars.get(user_id), period),
                days_without_entry=(
                    workdays_without_entry(last_entry.get(user_id), group.opens_on, group.closes_on, day)
                    if logging
                    else None
                ),
                unconfirmed=len(ages),
                oldest_unconfirmed=ages[-1] if ages else None,
                overdue_entries=sum(a > UNCONFIRMED_WORKDAYS for a in ages),
                waiting=waiting,
            )
    return facts


def _seminar_aktualisasi(user_ids: list[int]) -> dict[int, str]:
    """{user id: 'scheduled' or 'scored'} of those with a place in a seminar aktualisasi: 'scored' once every
    scorer the seminar expects of them (lms.seminar.results) has submitted. One statement."""
    rows = db.session.execute(
        select(
            Enrolment.user_id,
            Seminar.scorers,
            Enrolment.coach_id,
            Enrolment.mentor_id,
            SeminarScore.role,
            SeminarScore.score,
        )
        .join(SeminarPlace, SeminarPlace.enrolment_id == Enrolment.id)
        .join(Seminar, Seminar.id == SeminarPlace.seminar_id)
        .outerjoin(SeminarScore, (SeminarScore.place_id == SeminarPlace.id) & SeminarScore.submitted_at.is_not(None))
        .where(Enrolment.user_id.in_(user_ids), SeminarPlace.kind == "aktualisasi")
    ).all()
    places: dict[int, tuple[tuple, dict]] = {}
    for user_id, scorers, coach_id, mentor_id, role, score in rows:
        expected = expected_roles(scorers, has_coach=coach_id is not None, has_mentor=mentor_id is not None)
        submitted = places.setdefault(user_id, (expected, {}))[1]
        if role is not None and score is not None:
            submitted[role] = score
    return {
        user_id: "scored" if result_of(expected, submitted).final else "scheduled"
        for user_id, (expected, submitted) in places.items()
    }
