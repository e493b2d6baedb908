"""Security events: sign-ins, failed sign-ins, throttling and access refusals, with UTC time and address.

Kept apart from the audit log: these come from strangers as well as users (a failed sign-in, a probe),
so they can be many, and old ones are pruned (`lms prune-security-events`); the audit log keeps
every change to people's records for good. A successful page view writes nothing here.
"""

import logging
from datetime import datetime, timedelta

from flask import Flask, abort, g, request
from flask_login import current_user
from sqlalchemy import ForeignKey, String, delete
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

log = logging.getLogger("lms.security")

LOGIN_OK = "login.ok"
LOGIN_FAILED = "login.failed"
LOGIN_THROTTLED = "login.throttled"
THROTTLED = "throttled"  # any other 429, e.g. the posting rate
ACCESS_DENIED = "access.denied"  # every 403, whoever produced it
ACCESS_HIDDEN = "access.hidden"  # a 404 that hides an object outside the user's scope
KINDS = (LOGIN_OK, LOGIN_FAILED, LOGIN_THROTTLED, THROTTLED, ACCESS_DENIED, ACCESS_HIDDEN)

IDENTIFIER_MAX = 64
ADDRESS_MAX = 64
PATH_MAX = 255
DETAIL_MAX = 128


class SecurityEvent(db.Model):
    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # The account: the signed-in user, or the account a failed sign-in named (if it exists).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # What was typed as NIP/email, made safe by clean_text(); never a password.
    identifier: Mapped[str | None] = mapped_column(String(IDENTIFIER_MAX))
    address: Mapped[str | None] = mapped_column(String(ADDRESS_MAX), index=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(PATH_MAX))
    status: Mapped[int | None]
    detail: Mapped[str | None] = mapped_column(String(DETAIL_MAX))

    user = relationship("User")


def _escaped(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char.isprintable() or char == " ":
        return char
    # Newlines, escapes, bidi overrides, separators: shown as \n, \x1b, \u202e, never acted on.
    return char.encode("unicode_escape").decode("ascii")


def clean_text(value, limit: int) -> str | None:
    """`value` made safe to store and to write on one log line: every control, format or separator
    character escaped (so a typed newline cannot start a forged line), at most `limit` characters."""
    if value is None:
        return None
    text = "".join(_escaped(c) for c in str(value)[:limit])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def new_event(
    kind: str,
    *,
    address: str | None,
    method: str,
    path: str,
    user_id: int | None = None,
    identifier: str | None = None,
    status: int | None = None,
    detail: str | None = None,
) -> SecurityEvent:
    """A security event with every text field cleaned; not yet added to a session."""
    return SecurityEvent(
        kind=kind,
        user_id=user_id,
        identifier=clean_text(identifier, IDENTIFIER_MAX),
        address=clean_text(address, ADDRESS_MAX),
        method=clean_text(method, 10),
        path=clean_text(path, PATH_MAX),
        status=status,
        detail=clean_text(detail, DETAIL_MAX),
    )


def record(kind: str, *, user_id=None, identifier=None, status=None, detail=None) -> SecurityEvent:
    """Add an event about the current request to the current transaction (the caller commits)."""
    event = new_event(
        kind,
        address=request.remote_addr,  # as ProxyFix set it when LMS_TRUST_PROXY is on
        method=request.method,
        path=request.path,
        user_id=user_id,
        identifier=identifier,
        status=status,
        detail=detail,
    )
    db.session.add(event)
    # The values are cleaned already, so this line cannot be split or forged by what a visitor typed.
    log.info(
        "security %s user=%s address=%s identifier=%s %s %s %s",
        event.kind,
        event.user_id,
        event.address,
        event.identifier,
        event.method,
        event.path,
        event.detail or "",
    )
    return event


def note(kind: str, *, identifier=None, detail=None) -> None:
    """Say what this request's refusal is about; written once the response is made."""
    g.lms_security_note = {"kind": kind, "identifier": identifier, "detail": detail}


def refuse_hidden() -> None:
    """abort(404) for an object that exists but lies outside the user's scope, recorded as a refusal
    (a plain abort(404) is an ordinary miss and records nothing)."""
    note(ACCESS_HIDDEN)
    abort(404)


def _refusal_of(status: int) -> dict | None:
    noted = g.pop("lms_security_note", None)
    if noted is not None and status in (403, 404, 429):
        return noted
    if status == 403:
        return {"kind": ACCESS_DENIED}
    if status == 429:
        return {"kind": THROTTLED}
    return None


def _record_refusal(response):
    refusal = _refusal_of(response.status_code)
    if refusal is None:
        return response
    try:
        # A refused request keeps none of its own changes; only the event is committed. On SQLite the
        # new transaction must take the write lock up front, even in a GET (see lms.core.database).
        db.session.rollback()
        g.lms_write_intent = True
        user_id = current_user.id if current_user and current_user.is_authenticated else None
        record(
            refusal["kind"],
            user_id=user_id,
            identifier=refusal.get("identifier"),
            status=response.status_code,
            detail=refusal.get("detail"),
        )
        db.session.commit()
    except Exception:  # a refusal stays a refusal even when it cannot be recorded
        log.exception("security event not recorded")
        try:
            db.session.rollback()
        except Exception:
            log.warning("rollback failed after a security event")
    return response


def register(app: Flask) -> None:
    app.after_request(_record_refusal)


def prune(older_than: timedelta) -> int:
    """Delete events older than `older_than`; returns how many."""
    result = db.session.execute(delete(SecurityEvent).where(SecurityEvent.at < utcnow() - older_than))
    return result.rowcount or 0
