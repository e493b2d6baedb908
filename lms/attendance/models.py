"""Sessions of a phase per angkatan, the check-in codes a widyaiswara opens, check-ins and refused attempts,
corrections, the participants' calendar tokens and the session CSV batches."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

# Online with a meeting link, self-paced, or face to face on campus (the klasikal days, in a room).
MODES = ("sinkron", "asinkron", "tatap_muka")
# What a widyaiswara, coordinator or committee member may set: present (on time or late), excused (permission,
# sick, official duty) or absent.
STATUSES = ("hadir", "terlambat", "izin", "sakit", "dinas", "alpa")
PRESENT = ("hadir", "terlambat")
EXCUSED = ("izin", "sakit", "dinas")
MAX_LATE_MINUTES = 600
# Why a check-in was refused: outside the check-in window, an expired code, a code of another session, a wrong one.
REFUSALS = ("di_luar_waktu", "kedaluwarsa", "sesi_lain", "salah")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class TrainingSession(db.Model):
    """One scheduled session of an angkatan in a phase (PJJ now, klasikal later), stored in UTC."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="order"),
        CheckConstraint("jp >= 0", name="jp"),
        CheckConstraint(f"mode IN ({_in(MODES)})", name="mode"),
        Index("ix_training_sessions_angkatan_starts", "angkatan_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    agenda_number: Mapped[int | None]
    topic: Mapped[str] = mapped_column(String(200))
    widyaiswara_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    jp: Mapped[int] = mapped_column(default=0)
    mode: Mapped[str] = mapped_column(String(10), default="sinkron")
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    room: Mapped[str | None] = mapped_column(String(120))  # where a face-to-face session is held
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    angkatan = relationship("Angkatan")
    phase = relationship("Phase")
    widyaiswara = relationship("User")


class CheckinCode(db.Model):
    """A short code shown on the widyaiswara's screen, valid until expires_at; several per session."""

    __tablename__ = "checkin_codes"
    __table_args__ = (UniqueConstraint("session_id", "code", name="uq_checkin_code_session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(8), index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Checkin(db.Model):
    """A participant entered a code: once per code (the constraint), with where it came from."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("code_id", "user_id", name="uq_checkin_code_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: a session (and its codes) with check-ins cannot be deleted, whatever the page says.
    code_id: Mapped[int] = mapped_column(ForeignKey("checkin_codes.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")
    device: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class CheckinRefusal(db.Model):
    """A refused check-in attempt, kept for the anomaly flags (a script trying outside the window)."""

    __tablename__ = "checkin_refusals"
    __table_args__ = (CheckConstraint(f"reason IN ({_in(REFUSALS)})", name="reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(20))
    ip: Mapped[str] = mapped_column(String(45), default="")
    device: Mapped[str] = mapped_column(String(64), default="")


class AttendanceCorrection(db.Model):
    """A participant's status in a session as set by a person: a widyaiswara's or coordinator's correction of a
    check-in, or the committee's record of a klasikal session (lms.attendance.klasikal). One row per participant
    per session; a later change rewrites it, the old value kept in the audit."""

    __tablename__ = "attendance_corrections"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_attendance_correction"),
        CheckConstraint(f"status IN ({_in(STATUSES)})", name="status"),
        CheckConstraint(
            f"late_minutes IS NULL OR (status = 'terlambat' AND late_minutes BETWEEN 1 AND {MAX_LATE_MINUTES})",
            name="late_minutes",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    late_minutes: Mapped[int | None]  # how late a "terlambat" arrived, when known
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarToken(db.Model):
    """A participant's secret calendar feed address, stored as its hash (the address is shown once)."""

    __tablename__ = "calendar_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionImportBatch(db.Model):
    """An uploaded schedule CSV for one angkatan and phase: validated (dry run) first, applied when confirmed."""

    __tablename__ = "session_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
