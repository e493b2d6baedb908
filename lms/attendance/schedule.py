"""The schedule's rules: local times to UTC and back, what a valid session is, sessions by day (today first),
and creating, changing and deleting sessions (audited)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select

from lms.attendance.models import MODES, AttendanceCorrection, Checkin, TrainingSession
from lms.core import audit
from lms.core.extensions import db

MAX_TOPIC = 200
MAX_JP = 20
MAX_URL = 500
MAX_ROOM = 120


def to_utc(day: date, at: time, tz_name: str) -> datetime:
    """A wall-clock time in the angkatan's zone as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz_name)).astimezone(UTC)


def local(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz_name))


def meeting_url_problem(url: str) -> str | None:
    """Why a meeting link is refused, or None: only an https address with a host (no javascript:, no http)."""
    if len(url) > MAX_URL:
        return f"Tautan lebih dari {MAX_URL} karakter."
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Tautan rapat tidak valid."
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url):
        return "Tautan rapat harus alamat https://, misalnya https://zoom.us/j/123."
    return None


@dataclass
class SessionInput:
    """What a coordinator types or a CSV row holds, times in the angkatan's zone."""

    day: date
    start: time
    end: time
    topic: str
    jp: int
    mode: str
    meeting_url: str = ""
    agenda_number: int | None = None
    widyaiswara_id: int | None = None
    room: str = ""


def session_problems(data: SessionInput) -> dict[str, str]:
    """field -> Indonesian reason, for every rule a session breaks; empty when it is valid."""
    problems = {}
    if not data.topic.strip():
        problems["topic"] = "Topik wajib diisi."
    elif len(data.topic) > MAX_TOPIC:
        problems["topic"] = f"Topik paling banyak {MAX_TOPIC} karakter."
    if data.end <= data.start:
        problems["end"] = "Jam selesai harus setelah jam mulai (sesi tidak melewati tengah malam)."
    if not 0 <= data.jp <= MAX_JP:
        problems["jp"] = f"JP 0 sampai {MAX_JP}."
    if data.mode not in MODES:
        problems["mode"] = "Mode harus sinkron, asinkron atau tatap muka."
    elif data.mode == "sinkron":
        if not data.meeting_url:
            problems["meeting_url"] = "Sesi sinkron memerlukan tautan rapat (https://...)."
        elif problem := meeting_url_problem(data.meeting_url):
            problems["meeting_url"] = problem
    elif data.meeting_url and (problem := meeting_url_problem(data.meeting_url)):
        problems["meeting_url"] = problem
    if len(data.room) > MAX_ROOM:
        problems["room"] = f"Ruang paling banyak {MAX_ROOM} karakter."
    if data.agenda_number is not None and not 1 <= data.agenda_number <= 20:
        problems["agenda_number"] = "Nomor agenda 1 sampai 20."
    return problems


def _fields(data: SessionInput, tz_name: str) -> dict:
    return dict(
        starts_at=to_utc(data.day, data.start, tz_name),
        ends_at=to_utc(data.day, data.end, tz_name),
        topic=data.topic.strip(),
        jp=data.jp,
        mode=data.mode,
        meeting_url=data.meeting_url.strip() or None,
        agenda_number=data.agenda_number,
        widyaiswara_id=data.widyaiswara_id or None,
        room=data.room.strip() or None,
    )


def _audit_values(session: TrainingSession) -> dict:
    return dict(
        starts_at=session.starts_at.isoformat(),
        ends_at=session.ends_at.isoformat(),
        topic=session.topic,
        jp=session.jp,
        mode=session.mode,
        meeting_url=session.meeting_url,
        agenda_number=session.agenda_number,
        widyaiswara_id=session.widyaiswara_id,
        room=session.room,
    )


def create_session(angkatan, phase_id: int, data: SessionInput, *, source: str = "form") -> TrainingSession:
    session = TrainingSession(angkatan_id=angkatan.id, phase_id=phase_id, **_fields(data, angkatan.tz_name))
    db.session.add(session)
    db.session.flush()
    audit.record("session.create", "training_session", session.id, source=source, **_audit_values(session))
    return session


def update_session(session: TrainingSession, data: SessionInput) -> None:
    old = _audit_values(session)
    for name, value in _fields(data, session.angkatan.tz_name).items():
        setattr(session, name, value)
    db.session.flush()
    audit.record("session.update", "training_session", session.id, old=old, new=_audit_values(session))


def has_attendance(session_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                or_(
                    exists().where(Checkin.session_id == session_id),
                    exists().where(AttendanceCorrection.session_id == session_id),
                )
            )
        )
    )


class SessionHasAttendance(Exception):
    pass


def delete_session(session: TrainingSession) -> None:
    """Deletes a session nobody attended yet; one with check-ins or corrections is refused."""
    if has_attendance(session.id):
        raise SessionHasAttendance
    audit.record("session.delete", "training_session", session.id, **_audit_values(session))
    db.session.delete(session)
    db.session.flush()


def input_from(session: TrainingSession) -> SessionInput:
    """A stored session as the form shows it, in the angkatan's zone."""
    tz = session.angkatan.tz_name
    start, end = local(session.starts_at, tz), local(session.ends_at, tz)
    return SessionInput(
        day=start.date(),
        start=start.time().replace(tzinfo=None),
        end=end.time().replace(tzinfo=None),
        topic=session.topic,
        jp=session.jp,
        mode=session.mode,
        meeting_url=session.meeting_url or "",
        agenda_number=session.agenda_number,
        widyaiswara_id=session.widyaiswara_id,
        room=session.room or "",
    )


def by_day_today_first(sessions, tz_name: str, today: date) -> list[tuple[date, list]]:
    """[(day, sessions of that day in time order)]: today first, then the days to come, then past days (the
    latest first), so a phone shows what matters now at the top."""
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    days = [(day, list(items)) for day, items in groupby(ordered, key=lambda s: local(s.starts_at, tz_name).date())]

    def rank(item):
        day = item[0]
        if day == today:
            return (0, 0)
        if day > today:
            return (1, (day - today).days)
        return (2, (today - day).days)

    return sorted(days, key=rank)


def sessions_of_angkatan(angkatan_id: int, phase_id: int | None = None) -> list[TrainingSession]:
    query = select(TrainingSession).where(TrainingSession.angkatan_id == angkatan_id)
    if phase_id is not None:
        query = query.where(TrainingSession.phase_id == phase_id)
    return list(db.session.scalars(query.order_by(TrainingSession.starts_at, TrainingSession.id)))


def sessions_on(angkatan_id: int, day: date, tz_name: str) -> list[TrainingSession]:
    """The angkatan's sessions on a day of its own zone, in time order (the participant's home)."""
    start = to_utc(day, time(0), tz_name)
    return list(
        db.session.scalars(
            select(TrainingSession)
            .where(
                TrainingSession.angkatan_id == angkatan_id,
                TrainingSession.starts_at >= start,
                TrainingSession.starts_at < start + timedelta(days=1),
            )
            .order_by(TrainingSession.starts_at)
        )
    )


def has_sessions(angkatan_id: int) -> bool:
    return (
        db.session.scalar(select(TrainingSession.id).where(TrainingSession.angkatan_id == angkatan_id).limit(1))
        is not None
    )
