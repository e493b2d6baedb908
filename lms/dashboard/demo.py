"""Demo aktualisasi dashboard: more participants of Angkatan 70 (lms.habituation.demo, in habituation three weeks),
one at each stage the dashboard names, moved through the real rules of the plan, the log, the report and the
seminar; the moments they were submitted are set back a few workdays, as if written then, so that the
angkatan report shows each new reason for attention: an entry unconfirmed too long, a plan waiting on the coach,
a report waiting on the mentor (the habituation demo's plans without entries already show days without one)."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.aktualisasi import editing as plan_editing
from lms.aktualisasi.demo import write_demo_plan
from lms.aktualisasi.transitions import transition as plan_transition
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.habituation.demo import NUMBER, VALUES
from lms.habituation.entries import EntryInput, create_entry, decide
from lms.habituation.models import LogEntry
from lms.habituation.period import is_workday, period_for
from lms.people.demo import add_demo_participant
from lms.people.models import Angkatan, Enrolment
from lms.report import editing as report_editing
from lms.report.demo import TEXTS as REPORT_TEXTS
from lms.report.transitions import transition as report_transition
from lms.seminar import scheduling

# (the stage each new participant is left at, by the real transitions); NDH follows the habituation demo's.
STAGES = ("logging", "plan_waits_coach", "revisions_asked", "report_waits_mentor", "seminar_aktualisasi")
PLAN_PATH = {
    "plan_waits_coach": ("submit",),
    "revisions_asked": ("submit", "accept", "approve", "schedule_seminar", "score", "ask_revisions"),
}
APPROVED_PATH = ("submit", "accept", "approve", "schedule_seminar", "score", "approve_plan")


def _workdays_before(today: date, n: int) -> date:
    day = today
    while n:
        day -= timedelta(days=1)
        n -= is_workday(day)
    return day


def _moment(day: date, tz_name: str) -> datetime:
    return datetime.combine(day, time(15, 0), ZoneInfo(tz_name)).astimezone(UTC)


def _plan(e: Enrolment, n: int, path, penguji_id: int):
    plan = plan_editing.open_plan_for_writing(e.user_id)
    write_demo_plan(plan, n)
    who = {
        "submit": ({"participant"}, e.user_id, None),
        "accept": ({"coach"}, e.coach_id, "coach"),
        "approve": ({"mentor"}, e.mentor_id, "mentor"),
        "schedule_seminar": ({"coordinator"}, None, None),
        "score": ({"penguji"}, penguji_id, "penguji"),
        "approve_plan": ({"penguji"}, penguji_id, "penguji"),
        "ask_revisions": ({"penguji"}, penguji_id, "penguji"),
    }
    for action in path:
        actors, actor_id, role = who[action]
        comments = {"umum": "Perjelas ukuran keberhasilan setiap kegiatan."} if action == "ask_revisions" else None
        plan_transition(plan, action, actors, actor_id=actor_id, role=role, comments=comments)
    return plan


def _report(e: Enrolment, actions) -> object:
    report = report_editing.start_report(e.user_id)
    for key, text in REPORT_TEXTS.items():
        report_editing.save_section(report, key, text, 1)
    who = {
        "submit": ({"participant"}, e.user_id),
        "check": ({"coach"}, e.coach_id),
        "approve": ({"mentor"}, e.mentor_id),
    }
    for action in actions:
        actors, actor_id = who[action]
        report_transition(report, action, actors, actor_id=actor_id)
    return report


def _recent_confirmed_log(e: Enrolment, today: date) -> None:
    """Entries on the last two workdays before today, confirmed by the mentor: a participant on track."""
    period = period_for(e.angkatan_id)
    activity = plan_editing.plan_of(e.user_id).activities[0]
    for back in (2, 1):
        day = _workdays_before(today, back)
        done = "Melaksanakan tahap kegiatan sesuai jadwal bersama rekan unit kerja."
        entry = create_entry(e.user_id, EntryInput(activity.id, 1, day, done, VALUES, ""), period, today, [])
        decide(entry, e.mentor_id, "confirm", "", 1)


def _backdate_waiting_entries(angkatan_id: int, tz_name: str) -> None:
    """The habituation demo's entries waiting for the mentor were written on their own day (not today)."""
    waiting = db.session.scalars(
        select(LogEntry)
        .join(Enrolment, Enrolment.user_id == LogEntry.user_id)
        .where(Enrolment.angkatan_id == angkatan_id, LogEntry.state == "waiting")
    )
    for entry in waiting:
        entry.created_at = entry.updated_at = _moment(entry.day, tz_name)


def seed_aktualisasi_dashboard(today: date, password_hash: str) -> None:
    angkatan = db.session.scalar(select(Angkatan).where(Angkatan.number == NUMBER, Angkatan.year == today.year))
    if angkatan is None:
        return
    model = db.session.scalar(select(Enrolment).where(Enrolment.angkatan_id == angkatan.id).order_by(Enrolment.ndh))
    penguji = db.session.scalars(select(User).where(User.role == Role.INSTRUCTOR.value).order_by(User.id)).all()[-1]
    coordinator_id = db.session.scalar(select(User.id).where(User.role == Role.COORDINATOR.value).order_by(User.id))
    first_ndh = db.session.scalar(select(db.func.max(Enrolment.ndh)).where(Enrolment.angkatan_id == angkatan.id))
    rng = random.Random(NUMBER + 1)
    tz = angkatan.tz_name
    for n, stage in enumerate(STAGES):
        female = n % 2 == 1
        user = add_demo_participant(rng, female, 720 + n, password_hash)
        e = Enrolment(
            user_id=user.id,
            angkatan_id=angkatan.id,
            instansi_id=model.instansi_id,
            ndh=first_ndh + n + 1,
            coach_id=model.coach_id,
            mentor_id=model.mentor_id,
        )
        db.session.add(e)
        db.session.flush()
        plan = _plan(e, n + 3, PLAN_PATH.get(stage, APPROVED_PATH), penguji.id)
        if stage == "logging":
            _recent_confirmed_log(e, today)
        elif stage == "plan_waits_coach":
            plan.state_changed_at = _moment(_workdays_before(today, 8), tz)
        elif stage == "report_waits_mentor":
            report = _report(e, ("submit", "check"))
            report.state_changed_at = _moment(_workdays_before(today, 8), tz)
        elif stage == "seminar_aktualisasi":
            _report(e, ("submit", "check", "approve"))
            starts = datetime.combine(today + timedelta(days=7), time(9, 0), ZoneInfo(tz))
            given = scheduling.SessionInput(starts, starts + timedelta(hours=3), "Aula Utama", "", penguji.id)
            seminar = scheduling.schedule(angkatan.id, "aktualisasi", given, actor_id=coordinator_id)
            scheduling.add_participant(seminar, e, actor_id=coordinator_id)
    _backdate_waiting_entries(angkatan.id, tz)
    db.session.flush()
