"""The habituation log as rows: entries per activity (and step) and workday, their edit history, evidence files,
comment threads, and the changes of plan that coach and mentor must both agree to."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

ENTRY_STATES = ("waiting", "questioned", "confirmed")
CHANGE_STATES = ("proposed", "applied", "refused")


class LogEntry(db.Model):
    """One day's work on an activity (or one of its steps), written by the participant and confirmed or
    questioned by their mentor; `revision` grows at each edit so a stale tab's save is refused."""

    __tablename__ = "habituation_entries"
    __table_args__ = (
        CheckConstraint("state IN ('waiting', 'questioned', 'confirmed')", name="state"),
        CheckConstraint("step IS NULL OR step >= 1", name="step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_activities.id", ondelete="CASCADE"), index=True)
    step: Mapped[int | None]
    day: Mapped[date] = mapped_column(Date)
    done: Mapped[str] = mapped_column(Text, default="")
    # BerAKHLAK value code -> how this day's work embodied it (lms.aktualisasi.criteria.CORE_VALUES).
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    obstacles: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    revision: Mapped[int] = mapped_column(default=1)
    question: Mapped[str] = mapped_column(Text, default="")  # the mentor's reason when questioned
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    activity = relationship("PlanActivity")
    evidence: Mapped[list["LogEvidence"]] = relationship(order_by="LogEvidence.id", cascade="all, delete-orphan")
    comments: Mapped[list["LogComment"]] = relationship(order_by="LogComment.id", cascade="all, delete-orphan")


class LogEntryVersion(db.Model):
    """The entry as it stood before each edit (its history); numbered by the revision it replaced."""

    __tablename__ = "habituation_entry_versions"
    __table_args__ = (UniqueConstraint("entry_id", "revision", name="uq_habituation_entry_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("habituation_entries.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LogEvidence(db.Model):
    """A photo (re-encoded as JPEG, without metadata) or a PDF kept in lms.core.storage under `key`."""

    __tablename__ = "habituation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("habituation_entries.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(default=0)
    caption: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LogComment(db.Model):
    """One message of an entry's thread: the coach's, the mentor's or the participant's answer."""

    __tablename__ = "habituation_comments"
    __table_args__ = (CheckConstraint("role IN ('participant', 'coach', 'mentor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("habituation_entries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")


class PlanChange(db.Model):
    """A change to one activity proposed during habituation; applied only when coach and mentor both agree."""

    __tablename__ = "habituation_plan_changes"
    __table_args__ = (CheckConstraint("state IN ('proposed', 'applied', 'refused')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_activities.id", ondelete="CASCADE"), index=True)
    proposed: Mapped[dict] = mapped_column(JSON, default=dict)  # title, steps, output, start_day, end_day
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    coach_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refusal: Mapped[str] = mapped_column(Text, default="")
    refused_by_role: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    activity = relationship("PlanActivity")
