"""A participant's status in a session set by a person, audited with the value it replaces: a widyaiswara's or
coordinator's correction of a check-in, and the committee's klasikal record (lms.attendance.klasikal) through the
same write."""

from sqlalchemy import select

from lms.attendance.ledger_values import record_correction
from lms.attendance.models import STATUSES, AttendanceCorrection, TrainingSession
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.phases.completion import complete_if_due

MIN_NOTE = 3
MAX_NOTE = 1000


def note_problem(status: str, note: str) -> str | None:
    if status not in STATUSES:
        return "Pilih status: hadir, terlambat, izin, sakit, dinas atau alpa."
    if not MIN_NOTE <= len(note.strip()) <= MAX_NOTE:
        return f"Tulis keterangan {MIN_NOTE} sampai {MAX_NOTE} karakter (misalnya nomor surat izin)."
    return None


def locked_row(session_id: int, user_id: int) -> AttendanceCorrection | None:
    """The participant's row for the session, locked until the commit (PostgreSQL; SQLite writes one at a time)."""
    return db.session.scalar(
        select(AttendanceCorrection)
        .where(AttendanceCorrection.session_id == session_id, AttendanceCorrection.user_id == user_id)
        .with_for_update()
    )


def _values(status: str | None, note: str | None, late_minutes: int | None) -> dict:
    values = {"status": status, "note": note}
    if late_minutes is not None:
        values["late_minutes"] = late_minutes
    return values


def write_status(
    session: TrainingSession,
    user_id: int,
    row: AttendanceCorrection | None,
    status: str,
    note: str,
    actor_id: int,
    *,
    previous_status: str,
    late_minutes: int | None = None,
    action: str = "attendance.correct",
    **details,
) -> AttendanceCorrection:
    """Write the status on `row` (the locked row, or None for a new one) and audit it with what it replaces.
    The caller has checked the rules; the unique (session, user) constraint keeps one row whatever happens."""
    old = _values(previous_status, row.note if row else None, row.late_minutes if row else None)
    if row is None:
        row = AttendanceCorrection(session_id=session.id, user_id=user_id)
        db.session.add(row)
    note = note.strip()
    row.status, row.note, row.corrected_by_id, row.corrected_at = status, note, actor_id, utcnow()
    row.late_minutes = late_minutes if status == "terlambat" else None
    db.session.flush()
    audit.record(
        action,
        "training_session",
        session.id,
        reason=note,
        subject_user_id=user_id,
        actor_id=actor_id,
        old=old,
        new=_values(status, note, row.late_minutes),
        **details,
    )
    record_correction(row, actor_id)
    # An excuse or a corrected presence may meet the attendance rule. A completion already made stays when a
    # presence is corrected away: the coordinator sees the record and decides (an exception can be withdrawn).
    complete_if_due(user_id, session.phase_id, via="koreksi presensi")
    return row


def correct(session: TrainingSession, user_id: int, status: str, note: str, previous_status: str, actor_id: int):
    """Set the participant's status in the session; the status it replaces (a check-in's "hadir", an earlier
    correction, "alpa") is kept in the audit entry. One correction row per participant per session. A late
    arrival's minutes stay while the status stays "terlambat"."""
    row = locked_row(session.id, user_id)
    minutes = row.late_minutes if row is not None and row.status == status else None
    return write_status(
        session, user_id, row, status, note, actor_id, previous_status=previous_status, late_minutes=minutes
    )
