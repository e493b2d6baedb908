"""The reports waiting for a coach (submitted) or a mentor (checked by the coach): their part of the one queue
page (/aktualisasi/antrean, lms.aktualisasi.hooks.QUEUE_SECTIONS) and of the participant record."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

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


def _waiting(viewer_id: int, as_mentor: bool):
    column, state = (Enrolment.mentor_id, MENTOR_WAITS_ON) if as_mentor else (Enrolment.coach_id, COACH_WAITS_ON)
    return (
        select(User.id, User.name, Angkatan.name, AktualisasiReport.state_changed_at)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .join(AktualisasiReport, AktualisasiReport.user_id == User.id)
        .where(column == viewer_id, AktualisasiReport.state == state)
    )


def waiting_reports(viewer_id: int, as_mentor: bool, limit: int = 200) -> list[WaitingReport]:
    """The reports of the viewer's participants waiting for them, longest waiting first; one query."""
    query = _waiting(viewer_id, as_mentor).order_by(AktualisasiReport.state_changed_at, User.id).limit(limit)
    return [WaitingReport(*row) for row in db.session.execute(query).all()]


def waiting_report_count(viewer_id: int, as_mentor: bool) -> int:
    """How many reports wait for the viewer (the list's limit aside); one query."""
    return db.session.scalar(select(func.count()).select_from(_waiting(viewer_id, as_mentor).subquery()))


def queue_section(viewer, as_mentor: bool) -> Section:
    title = _l("Laporan menunggu persetujuan") if as_mentor else _l("Laporan menunggu pemeriksaan")
    return Section(
        str(title),
        "report/_queue_section.html",
        {"waiting": waiting_reports(viewer.id, as_mentor), "mentor": as_mentor},
        anchor="laporan",
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
    """The report's line on a participant's home: its state and next step (how many reports wait for a coach or
    a mentor is waiting_report_count, on their home through lms.home.waiting)."""

    state_label: str = ""
    next_step: str = ""
    started: bool = False


def report_today(user) -> ReportToday | None:
    """For a participant with an approved plan or a started report: its state and what to do next (None when
    there is nothing to say, and for anyone else)."""
    if user.role != "participant":
        return None
    report = report_of(user.id)
    if report is not None:
        return ReportToday(str(STATE_LABELS[report.state]), str(NEXT_STEPS[report.state]), started=True)
    if can_start(user.id):
        return ReportToday(next_step=str(_l("Rancangan Anda sudah disahkan: mulai menyusun laporan aktualisasi.")))
    return None
