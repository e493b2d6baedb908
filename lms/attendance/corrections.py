"""A widyaiswara's or coordinator's correction of a participant's status in a session, audited with the old value."""

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
        return "Pilih status: hadir, izin, sakit, dinas atau alpa."
    if not MIN_NOTE <= len(note.strip()) <= MAX_NOTE:
        return f"Tulis keterangan {MIN_NOTE} sampai {MAX_NOTE} karakter (misalnya nomor surat izin)."
    return None


def correct(session: TrainingSession, user_id: int, status: str, note: str, previous_status: str, actor_id: int):
    """Set the participant's status in the session; the status it replaces (a check-in's "hadir", an earlier
    correction, "alpa") is kept in the audit entry. One correction row per participant per session."""
    row = db.session.scalar(
        select(AttendanceCorrection)
        .where(AttendanceCorrection.session_id == session.id, AttendanceCorrection.user_id == user_id)
        .with_for_update()
    )
    old = {"status": previous_status, "note": row.note if row else None}
    if row is None:
        row = AttendanceCorrection(session_id=session.id, user_id=user_id)
        db.session.add(row)
    row.status, row.note, row.corrected_by_id, row.corrected_at = status, note.strip(), actor_id, utcnow()
    db.session.flush()
    audit.record(
        "attendance.correct",
        "training_session",
        session.id,
        reason=note.strip(),
        subject_user_id=user_id,
        actor_id=actor_id,
        old=old,
        new={"status": status, "note": note.strip()},
    )
    record_correction(row, actor_id)
    # An excuse or a corrected presence may meet the attendance rule. A completion already made stays when a
    # presence is corrected away: the coordinator sees the record and decides (an exception can be withdrawn).
    complete_if_due(user_id, session.phase_id, via="koreksi presensi")
    return row
