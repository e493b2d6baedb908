"""The reports waiting for a coach (submitted) or a mentor (checked by the coach): their part of the one queue
page (/aktualisasi/antrean, lms.aktualisasi.hooks.QUEUE_SECTIONS) and of the participant record."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment
from lms.people.record import Section
from lms.report.access import report_actors
from lms.report.editing import can_start, report_of
from lms.report.models import AktualisasiReport
from lms.report.workflow import NEXT_STEPS, STATE_LABELS

COACH_WAITS_ON = "submitted"
MENTOR_WAITS_ON = "checked_by_coach"


@dataclass(frozen=True)
class WaitingReport:
    user_id: int
    name: str
    angkatan: str
    since: datetime


def waiting_reports(viewer_id: int, as_mentor: bool, limit: int = 200) -> list[WaitingReport]:
    """The reports of the viewer's participants waiting for them, longest waiting first; one query."""
    column, state = (Enrolment.mentor_id, MENTOR_WAITS_ON) if as_mentor else (Enrolment.coach_id, COACH_WAITS_ON)
    rows = db.session.execute(
        select(User.id, User.name, Angkatan.name, AktualisasiReport.state_changed_at)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .join(AktualisasiReport, AktualisasiReport.user_id == User.id)
        .where(column == viewer_id, AktualisasiReport.state == state)
        .order_by(AktualisasiReport.state_changed_at, User.id)
        .limit(limit)
    ).all()
    return [WaitingReport(*row) for row in rows]


def queue_section(viewer, as_mentor: bool) -> Section:
    title = _l("Laporan menunggu persetujuan") if as_mentor else _l("Laporan menunggu pemeriksaan")
    return Section(
        str(title),
        "report/_queue_section.html",
        {"waiting": waiting_reports(viewer.id, as_mentor), "mentor": as_mentor},
    )


def record_section(person, viewer) -> Section | None:
    """The report's line on the participant record, for those who may open it."""
    enrolment = person.enrolment
    if enrolment is None or not report_actors(viewer, enrolment):
        return None
    report = report_of(person.id)
    return Section(
        str(_l("Laporan aktualisasi")),
        "report/_record_section.html",
        {"person": person, "state_label": STATE_LABELS[report.state] if report else None},
    )


@dataclass(frozen=True)
class ReportToday:
    """The report's line on a home: a participant's state and next step, or how many reports wait for a coach
    or a mentor."""

    state_label: str = ""
    next_step: str = ""
    started: bool = False
    waiting: int = 0


def report_today(user) -> ReportToday | None:
    """For a participant with an approved plan or a started report: its state and what to do next; for a coach
    or mentor: how many reports wait for them (None when there is nothing to say)."""
    if user.role == "participant":
        report = report_of(user.id)
        if report is not None:
            return ReportToday(str(STATE_LABELS[report.state]), str(NEXT_STEPS[report.state]), started=True)
        if can_start(user.id):
            return ReportToday(next_step=str(_l("Rancangan Anda sudah disahkan: mulai menyusun laporan aktualisasi.")))
        return None
    if user.role not in ("instructor", "mentor"):
        return None
    waiting = len(waiting_reports(user.id, as_mentor=user.role == "mentor"))
    return ReportToday(waiting=waiting) if waiting else None
