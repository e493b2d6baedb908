"""Klasikal attendance as the committee takes it on campus: the rules of one entry (status, reason, minutes late),
recording it once per participant per session (a later change is an audited correction), a scan of the
participant's QR (present, or late after the start plus a grace period), and the sessions of a klasikal day.

The status is the same AttendanceCorrection row the widyaiswara's corrections write (lms.attendance.corrections),
so the recap, the exports, the gate and the rate read klasikal like any other phase."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.attendance.corrections import MAX_NOTE, MIN_NOTE, locked_row, write_status
from lms.attendance.models import MAX_LATE_MINUTES, STATUSES, AttendanceCorrection, Checkin, TrainingSession
from lms.attendance.schedule import sessions_on
from lms.core.extensions import db
from lms.core.text import control_character_problem
from lms.phases.models import Phase

PHASE_CODE = "klasikal"
# A participant scanned this many minutes after the session's start or later is late (terlambat). The
# institution's rule: change it with the app setting LMS_KLASIKAL_GRACE_MINUTES.
GRACE_MINUTES = 15
# The scan records presence from this long before the start until the session ends (the check-in window's opening).
SCAN_EARLY_MINUTES = 30
# A status other than present needs its reason (the letter, the duty); so does any change of a recorded status.
NEEDS_REASON = ("izin", "sakit", "dinas", "alpa")

SAVED, UNCHANGED, CONFLICT, ALREADY = "tersimpan", "tidak berubah", "bentrok", "sudah tercatat"


def grace_minutes() -> int:
    return int(current_app.config.get("LMS_KLASIKAL_GRACE_MINUTES", GRACE_MINUTES))


def klasikal_phase_id() -> int | None:
    return db.session.scalar(select(Phase.id).where(Phase.code == PHASE_CODE))


def is_klasikal(session: TrainingSession) -> bool:
    return session.phase_id == klasikal_phase_id()


@dataclass(frozen=True)
class Entry:
    """What the committee set for one participant in one session."""

    status: str
    note: str = ""
    late_minutes: int | None = None


def check_entry(
    status: str, note: str, minutes: str, stored: AttendanceCorrection | None
) -> tuple[Entry | None, str | None]:
    """One row of the attendance list as typed: the entry, or the reason it is refused (in Indonesian).
    `stored`: the participant's recorded status in this session (None: nothing yet); changing it needs a reason."""
    note = (note or "").strip()
    if status not in STATUSES:
        return None, "Pilih salah satu status: hadir, terlambat, izin, sakit, dinas atau alpa."
    if len(note) > MAX_NOTE:
        return None, f"Alasan paling banyak {MAX_NOTE} karakter."
    if problem := control_character_problem(note):
        return None, f"Alasan: {problem}."
    late = None
    minutes = (minutes or "").strip()
    if status == "terlambat" and minutes:
        if not minutes.isdigit() or not 1 <= int(minutes) <= MAX_LATE_MINUTES:
            return None, f"Menit terlambat: angka 1 sampai {MAX_LATE_MINUTES}, atau kosongkan."
        late = int(minutes)
    entry = Entry(status, note, late)
    if status in NEEDS_REASON and len(note) < MIN_NOTE:
        return None, f"Tulis alasan {status} (misalnya nomor surat), sedikitnya {MIN_NOTE} karakter."
    if stored is not None and not is_unchanged(stored, entry) and len(note) < MIN_NOTE:
        return None, (
            f"Status ini sudah tercatat ({stored.status}); tulis alasan perubahannya, sedikitnya {MIN_NOTE} karakter."
        )
    return entry, None


def is_unchanged(row: AttendanceCorrection | None, entry: Entry) -> bool:
    """The entry says what the row says (and adds no note): nothing to write, nothing to audit."""
    return (
        row is not None
        and row.status == entry.status
        and not entry.note
        and (entry.late_minutes is None or entry.late_minutes == row.late_minutes)
    )


def record(
    session: TrainingSession,
    user_id: int,
    entry: Entry,
    actor_id: int,
    *,
    expected: str | None,
    shown: str,
    via: str,
) -> str:
    """Record the entry: SAVED, UNCHANGED, or CONFLICT when the stored status is no longer `expected` (the status
    the page showed: someone else recorded meanwhile, or the same person's other tab). `shown` is the status the
    recap gave before (kept in the audit). The first record is `attendance.record`, a change `attendance.correct`
    (check_entry refused it without a reason)."""
    row = locked_row(session.id, user_id)
    if (row.status if row else None) != expected:
        return CONFLICT
    if is_unchanged(row, entry):
        return UNCHANGED
    if row is not None and len(entry.note) < MIN_NOTE:
        raise ValueError("a change of a recorded status needs its reason (check_entry)")
    late = entry.late_minutes
    if row is not None and late is None and row.status == entry.status:
        late = row.late_minutes
    action = "attendance.record" if row is None else "attendance.correct"
    try:
        with db.session.begin_nested():
            write_status(
                session,
                user_id,
                row,
                entry.status,
                entry.note,
                actor_id,
                previous_status=shown,
                late_minutes=late,
                action=action,
                via=via,
            )
    except IntegrityError:  # another request recorded this participant first
        return CONFLICT
    return SAVED


def arrival(starts_at: datetime, now: datetime, grace: int) -> Entry:
    """A participant seen now at a session starting at `starts_at`: present until the start plus `grace`
    minutes, late after it (with the whole minutes since the start)."""
    if now <= starts_at + timedelta(minutes=grace):
        return Entry("hadir")
    minutes = int((now - starts_at).total_seconds() // 60)
    return Entry("terlambat", late_minutes=min(max(minutes, 1), MAX_LATE_MINUTES))


def scan_open(session: TrainingSession, now: datetime) -> bool:
    return session.starts_at - timedelta(minutes=SCAN_EARLY_MINUTES) <= now <= session.ends_at


def existing_status(session_id: int, user_id: int) -> str | None:
    """What is already recorded for the participant: the committee's (or a correction's) status, or "hadir" for
    a check-in with a code; None when nothing is."""
    row = db.session.scalar(
        select(AttendanceCorrection.status).where(
            AttendanceCorrection.session_id == session_id, AttendanceCorrection.user_id == user_id
        )
    )
    if row is not None:
        return row
    checked = db.session.scalar(
        select(Checkin.id).where(Checkin.session_id == session_id, Checkin.user_id == user_id).limit(1)
    )
    return "hadir" if checked else None


@dataclass(frozen=True)
class ScanOutcome:
    result: str  # SAVED or ALREADY
    status: str
    late_minutes: int | None = None


def record_scan(session: TrainingSession, user_id: int, actor_id: int, now: datetime) -> ScanOutcome:
    """The committee member pressed "Catat hadir" on a scanned QR: present or late by the clock, once. A second
    scan (or a status recorded another way) changes nothing and says what is recorded."""
    before = existing_status(session.id, user_id)
    if before is not None:
        return ScanOutcome(ALREADY, before)
    entry = arrival(session.starts_at, now, grace_minutes())
    result = record(session, user_id, entry, actor_id, expected=None, shown="belum", via="qr")
    if result == CONFLICT:  # recorded by someone else between the two reads
        return ScanOutcome(ALREADY, existing_status(session.id, user_id) or entry.status)
    return ScanOutcome(SAVED, entry.status, entry.late_minutes)


def klasikal_sessions_on(angkatan, day: date) -> list[TrainingSession]:
    """The angkatan's klasikal sessions on a day of its own zone, in time order."""
    phase_id = klasikal_phase_id()
    return [s for s in sessions_on(angkatan.id, day, angkatan.tz_name) if s.phase_id == phase_id]


def klasikal_sessions(angkatan_id: int) -> list[TrainingSession]:
    return list(
        db.session.scalars(
            select(TrainingSession)
            .where(TrainingSession.angkatan_id == angkatan_id, TrainingSession.phase_id == klasikal_phase_id())
            .order_by(TrainingSession.starts_at, TrainingSession.id)
        )
    )


def running_session(sessions: list[TrainingSession], now: datetime) -> TrainingSession | None:
    """Of a day's sessions, the one a scan now is for: the one under way, else the next to start within the
    scan's early margin."""
    open_now = [s for s in sessions if scan_open(s, now)]
    started = [s for s in open_now if s.starts_at <= now]
    if started:
        return started[-1]
    return open_now[0] if open_now else None
