"""Which security events an administrator's filter selects, newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from lms.auth.accounts import normalize_identifier
from lms.auth.models import User
from lms.core.security_events import SecurityEvent


@dataclass(frozen=True)
class EventFilter:
    kind: str = ""
    account: str = ""  # an NIP (spaces allowed) or an email, or a part of one
    address: str = ""
    since: date | None = None  # whole days in `tz_name`, both ends included
    until: date | None = None
    tz_name: str = "Asia/Jakarta"


def _start_of(day: date, tz_name: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz_name))


def events_query(chosen: EventFilter) -> Select:
    """The events the filter selects, newest first (the `at` index serves the order and the range)."""
    stmt = (
        select(SecurityEvent)
        .options(selectinload(SecurityEvent.user))
        .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
    )
    if chosen.kind:
        stmt = stmt.where(SecurityEvent.kind == chosen.kind)
    if chosen.account:
        # What was typed at sign-in, or the account the event belongs to.
        needle = normalize_identifier(chosen.account)
        pattern = f"%{_escape_like(needle)}%"
        accounts = select(User.id).where(
            or_(User.nip.like(pattern, escape="\\"), func.lower(User.email).like(pattern, escape="\\"))
        )
        stmt = stmt.where(
            or_(func.lower(SecurityEvent.identifier).like(pattern, escape="\\"), SecurityEvent.user_id.in_(accounts))
        )
    if chosen.address:
        stmt = stmt.where(SecurityEvent.address == chosen.address.strip())
    if chosen.since:
        stmt = stmt.where(SecurityEvent.at >= _start_of(chosen.since, chosen.tz_name))
    if chosen.until:
        stmt = stmt.where(SecurityEvent.at < _start_of(chosen.until + timedelta(days=1), chosen.tz_name))
    return stmt


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
