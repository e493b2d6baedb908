"""A participant's iCalendar feed: a secret address a calendar app can poll without signing in, and the feed."""

import hashlib
import secrets
from datetime import timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy import delete, select

from lms.attendance.models import CalendarToken, TrainingSession
from lms.core import audit
from lms.core.extensions import db
from lms.people.models import Enrolment

REMINDER_MINUTES = 15
MODE_WORDS = {"sinkron": "sinkron", "asinkron": "asinkron", "tatap_muka": "tatap muka"}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user_id: int) -> str:
    """A new secret for the user's feed; the previous address stops working. Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user_id))
    db.session.add(CalendarToken(user_id=user_id, token_hash=hash_token(token)))
    audit.record("calendar.issue", "user", user_id, subject_user_id=user_id)
    return token


def revoke_token(user_id: int) -> bool:
    gone = db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user_id)).rowcount
    if gone:
        audit.record("calendar.revoke", "user", user_id, subject_user_id=user_id)
    return bool(gone)


def has_token(user_id: int) -> bool:
    return db.session.get(CalendarToken, user_id) is not None


def user_for_token(token: str) -> int | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(CalendarToken.user_id).where(CalendarToken.token_hash == hash_token(token)))


def feed_sessions(user_id: int) -> list[TrainingSession]:
    """Only the sessions of the participant's own angkatan."""
    return list(
        db.session.scalars(
            select(TrainingSession)
            .join(Enrolment, Enrolment.angkatan_id == TrainingSession.angkatan_id)
            .where(Enrolment.user_id == user_id)
            .order_by(TrainingSession.starts_at)
        )
    )


def build_calendar(sessions: list[TrainingSession], host: str, name: str, now) -> bytes:
    """VCALENDAR with one VEVENT per session: a UID stable across edits (the session's id), UTC times, a
    reminder REMINDER_MINUTES before."""
    calendar = Calendar()
    calendar.add("prodid", "-//Latsar LMS//Jadwal PJJ//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        event = Event()
        event.add("uid", f"sesi-{session.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.topic)
        details = [f"{session.jp} JP", MODE_WORDS.get(session.mode, session.mode)]
        if session.room:
            event.add("location", session.room)
            details.append(session.room)
        elif session.meeting_url:
            event.add("location", session.meeting_url)
        if session.meeting_url:
            event.add("url", session.meeting_url)
            details.append(session.meeting_url)
        event.add("description", " · ".join(details))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", session.topic)
        alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
