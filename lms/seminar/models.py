"""A seminar session, its participants in order, and each scorer's rubric score of each participant."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.people.models import SEMINAR_KINDS

# Who may score a seminar, as the rubric file's front matter names them.
SCORER_ROLES = ("penguji", "coach", "mentor")


class Seminar(db.Model):
    """One session: when, where, who examines, and the rubric copied from the program's file when it was
    scheduled (so a later edit of the file never changes a running seminar's scoring)."""

    __tablename__ = "seminars"
    __table_args__ = (
        CheckConstraint(f"kind IN {SEMINAR_KINDS}", name="kind"),
        CheckConstraint("ends_at > starts_at", name="times"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room: Mapped[str] = mapped_column(String(200), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    examiner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rubric: Mapped[dict] = mapped_column(JSON)
    scorers: Mapped[list] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    angkatan = relationship("Angkatan")
    examiner = relationship("User", foreign_keys=[examiner_id])
    places: Mapped[list["SeminarPlace"]] = relationship(
        back_populates="seminar", order_by="SeminarPlace.position, SeminarPlace.id", cascade="all, delete-orphan"
    )


class SeminarPlace(db.Model):
    """A participant's place in a seminar; one seminar of each kind per participant (the database says so)."""

    __tablename__ = "seminar_places"
    __table_args__ = (UniqueConstraint("enrolment_id", "kind", name="uq_seminar_place_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # the seminar's, repeated for the unique constraint
    position: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    seminar: Mapped[Seminar] = relationship(back_populates="places")
    enrolment = relationship("Enrolment")
    scores: Mapped[list["SeminarScore"]] = relationship(back_populates="place", cascade="all, delete-orphan")


class SeminarScore(db.Model):
    """One scorer's rubric score of one participant: a draft until submitted, then locked (only a
    coordinator's audited reopen unlocks it)."""

    __tablename__ = "seminar_scores"
    __table_args__ = (
        UniqueConstraint("place_id", "role", name="uq_seminar_score_role"),
        CheckConstraint(f"role IN {SCORER_ROLES}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("seminar_places.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    scorer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    levels: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    place: Mapped[SeminarPlace] = relationship(back_populates="scores")
