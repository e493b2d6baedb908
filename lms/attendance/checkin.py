"""Check-in: the window of a session, the codes a widyaiswara opens, and the one rule that judges a typed code.

A code is short (easy to type from a phone) and lives a few minutes: a script that clicks a button at fixed
times has nothing to click, and one that guesses meets the rate limit long before the code expires."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.attendance.models import Checkin, CheckinCode, CheckinRefusal, TrainingSession
from lms.core.extensions import db
from lms.phases.completion import complete_if_due

# No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: nothing that reads as something else on a projector or a phone.
ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 5
DEFAULTS = {
    "LMS_CHECKIN_CODE_MINUTES": 5,  # how long a code is valid
    "LMS_CHECKIN_EARLY_MINUTES": 15,  # the window opens this long before the session starts
    "LMS_CHECKIN_LATE_MINUTES": 15,  # and closes this long after it ends
}
# Codes of other sessions opened this recently are recognised ("for another session"), older ones are wrong.
OTHER_SESSION_LOOKBACK = timedelta(hours=12)


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


@dataclass(frozen=True)
class Window:
    opens: datetime
    closes: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


def checkin_window(starts_at: datetime, ends_at: datetime, early_minutes: int, late_minutes: int) -> Window:
    return Window(starts_at - timedelta(minutes=early_minutes), ends_at + timedelta(minutes=late_minutes))


def window_of(session: TrainingSession) -> Window:
    return checkin_window(
        session.starts_at, session.ends_at, setting("LMS_CHECKIN_EARLY_MINUTES"), setting("LMS_CHECKIN_LATE_MINUTES")
    )


def normalise_code(typed: str) -> str:
    """What a participant typed, as stored: upper case, without spaces or dashes."""
    return "".join(c for c in (typed or "").upper() if c not in " -\t")


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


class CodeRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def open_code(session: TrainingSession, actor_id: int, now: datetime) -> CheckinCode:
    """A new code for the session, valid from now for LMS_CHECKIN_CODE_MINUTES (never past the window)."""
    window = window_of(session)
    if now not in window:
        raise CodeRefused("Kode hanya bisa ditampilkan selama jendela presensi sesi ini.")
    taken = set(db.session.scalars(select(CheckinCode.code).where(CheckinCode.session_id == session.id)))
    expires = min(now + timedelta(minutes=setting("LMS_CHECKIN_CODE_MINUTES")), window.closes)
    code = CheckinCode(
        session_id=session.id, code=new_code(taken), opened_by_id=actor_id, opened_at=now, expires_at=expires
    )
    db.session.add(code)
    db.session.flush()
    return code


def current_code(session_id: int, now: datetime) -> CheckinCode | None:
    return db.session.scalar(
        select(CheckinCode)
        .where(CheckinCode.session_id == session_id, CheckinCode.expires_at >= now)
        .order_by(CheckinCode.opened_at.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class CodeFact:
    id: int
    code: str
    opened_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Verdict:
    code_id: int | None = None  # the code accepted
    refusal: str | None = None  # one of models.REFUSALS, or "bentuk" (not a code at all)
    expired_at: datetime | None = None


def judge_code(typed: str, now: datetime, window: Window, own: list[CodeFact], elsewhere: set[str]) -> Verdict:
    """Whether a typed code checks the participant in: `own` are the session's codes, `elsewhere` the codes of
    other sessions opened lately. Plain values in, a verdict out."""
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return Verdict(refusal="bentuk")
    if now not in window:
        return Verdict(refusal="di_luar_waktu")
    for fact in own:
        if fact.code == code:
            if fact.opened_at <= now <= fact.expires_at:
                return Verdict(code_id=fact.id)
            return Verdict(refusal="kedaluwarsa", expired_at=fact.expires_at)
    if code in elsewhere:
        return Verdict(refusal="sesi_lain")
    return Verdict(refusal="salah")


@dataclass(frozen=True)
class Source:
    """Where a check-in comes from."""

    ip: str
    device: str
    user_agent: str


@dataclass(frozen=True)
class Outcome:
    checkin: Checkin | None = None
    verdict: Verdict | None = None
    already: Checkin | None = None  # this code was used by this participant before


def check_in(session: TrainingSession, user_id: int, typed: str, now: datetime, source: Source) -> Outcome:
    """Judge the code, record the check-in (once per code: the constraint) or the refusal; the caller commits."""
    own = [
        CodeFact(*row)
        for row in db.session.execute(
            select(CheckinCode.id, CheckinCode.code, CheckinCode.opened_at, CheckinCode.expires_at).where(
                CheckinCode.session_id == session.id
            )
        )
    ]
    code = normalise_code(typed)
    elsewhere = set(
        db.session.scalars(
            select(CheckinCode.code).where(
                CheckinCode.code == code,
                CheckinCode.session_id != session.id,
                CheckinCode.opened_at >= now - OTHER_SESSION_LOOKBACK,
            )
        )
    )
    verdict = judge_code(typed, now, window_of(session), own, elsewhere)
    if verdict.code_id is None:
        if verdict.refusal != "bentuk":
            db.session.add(
                CheckinRefusal(
                    session_id=session.id,
                    user_id=user_id,
                    at=now,
                    reason=verdict.refusal,
                    ip=source.ip,
                    device=source.device,
                )
            )
        return Outcome(verdict=verdict)
    previous = _existing(verdict.code_id, user_id)
    if previous is not None:
        return Outcome(verdict=verdict, already=previous)
    checkin = Checkin(
        code_id=verdict.code_id,
        session_id=session.id,
        user_id=user_id,
        at=now,
        ip=source.ip[:45],
        device=source.device[:64],
        user_agent=source.user_agent[:300],
    )
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
    except IntegrityError:  # the same participant's other request got there first
        return Outcome(verdict=verdict, already=_existing(verdict.code_id, user_id))
    complete_if_due(user_id, session.phase_id, via="presensi")  # this presence may be the last requirement met
    return Outcome(checkin=checkin, verdict=verdict)


def _existing(code_id: int, user_id: int) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.code_id == code_id, Checkin.user_id == user_id))


def checkins_of(session_id: int, user_id: int) -> list[Checkin]:
    return list(
        db.session.scalars(
            select(Checkin).where(Checkin.session_id == session_id, Checkin.user_id == user_id).order_by(Checkin.at)
        )
    )
