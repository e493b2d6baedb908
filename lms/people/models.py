"""Lembaga pelatihan, instansi (employers), angkatan (cohorts of 40), tutor groups and enrolments."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.core.i18n import TIMEZONES

DEFAULT_CAPACITY = 40


class Instansi(db.Model):
    __tablename__ = "instansi"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# The kinds of training institution that run Latsar; "lainnya" for any other (a ministry's unit, say).
LEMBAGA_KINDS = ("bpsdm", "bpsdmd", "bkpsdm", "lan", "kementerian", "lainnya")
_KINDS_SQL = ", ".join(f"'{kind}'" for kind in LEMBAGA_KINDS)


class Lembaga(db.Model):
    """A lembaga pelatihan (BPSDM, BPSDMD, BKPSDM, LAN, a ministry's training centre): it runs angkatan."""

    __tablename__ = "lembaga"
    __table_args__ = (CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="lainnya")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    angkatan: Mapped[list["Angkatan"]] = relationship(back_populates="lembaga", order_by="Angkatan.number")


class CoordinatorLembaga(db.Model):
    """Which lembaga a coordinator works for (they see and manage every angkatan it runs), or a head of institution
    leads (they ratify its angkatan's results)."""

    __tablename__ = "coordinator_lembaga"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lembaga_id: Mapped[int] = mapped_column(ForeignKey("lembaga.id", ondelete="CASCADE"), primary_key=True)


class InstansiViewer(db.Model):
    """Which instansi's employees an instansi viewer (BKPSDM/BKD staff) may follow, read-only."""

    __tablename__ = "instansi_viewers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey("instansi.id", ondelete="CASCADE"), primary_key=True)


class Angkatan(db.Model):
    __tablename__ = "angkatan"
    __table_args__ = (
        UniqueConstraint("lembaga_id", "year", "number", name="uq_angkatan_number"),
        CheckConstraint("capacity > 0", name="capacity"),
        CheckConstraint("timezone IN ('WIB', 'WITA', 'WIT')", name="timezone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lembaga_id: Mapped[int] = mapped_column(ForeignKey("lembaga.id"), index=True)
    number: Mapped[int]
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(default=DEFAULT_CAPACITY)
    timezone: Mapped[str] = mapped_column(String(4), default="WIB")
    # The MOOC average the coordinators aim for (a city asked for 90, as high as an earlier angkatan).
    target_score: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(90))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lembaga: Mapped[Lembaga] = relationship(back_populates="angkatan")
    # The phases feature's model (a layer up), named rather than imported.
    schedule = relationship("PhaseSchedule", back_populates="angkatan", cascade="all, delete-orphan")
    tutor_groups: Mapped[list["TutorGroup"]] = relationship(
        back_populates="angkatan", order_by="TutorGroup.name", cascade="all, delete-orphan"
    )

    @property
    def tz_name(self) -> str:
        return TIMEZONES[self.timezone]


class AngkatanInstructor(db.Model):
    """An instructor (widyaiswara) assigned to teach an angkatan."""

    __tablename__ = "angkatan_instructors"

    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class AngkatanCommittee(db.Model):
    """A committee member (panitia) of an angkatan: takes its klasikal attendance and scores its attitude."""

    __tablename__ = "angkatan_committee"

    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class TutorGroup(db.Model):
    """About ten participants of an angkatan with their tutor."""

    __tablename__ = "tutor_groups"
    __table_args__ = (UniqueConstraint("angkatan_id", "name", name="uq_tutor_group_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    tutor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    angkatan: Mapped[Angkatan] = relationship(back_populates="tutor_groups")
    tutor = relationship("User")


# Golongan of CPNS in Latsar: II or III, ruang a to d.
GOLONGAN = tuple(f"{g}/{r}" for g in ("II", "III") for r in "abcd")
_GOLONGAN_SQL = ", ".join(f"'{g}'" for g in GOLONGAN)


class Enrolment(db.Model):
    """A participant's place in an angkatan (one at a time, moves are audited), with their own employer."""

    __tablename__ = "enrolments"
    __table_args__ = (
        # NDH: the participant's number in the angkatan's attendance list.
        UniqueConstraint("angkatan_id", "ndh", name="uq_enrolment_ndh"),
        CheckConstraint("ndh > 0", name="ndh"),
        CheckConstraint(f"golongan IN ({_GOLONGAN_SQL})", name="golongan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id"), index=True)
    # The participant's employer; an angkatan mixes participants of several instansi.
    instansi_id: Mapped[int] = mapped_column(ForeignKey("instansi.id"), index=True)
    golongan: Mapped[str | None] = mapped_column(String(5))
    ndh: Mapped[int | None]
    tutor_group_id: Mapped[int | None] = mapped_column(ForeignKey("tutor_groups.id", ondelete="SET NULL"))
    # The participant's coach (a widyaiswara) and mentor (their superior at work): relations, set in
    # lms.people.relations, that let those two see this participant (lms.people.access).
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", back_populates="enrolment", foreign_keys=[user_id])
    angkatan: Mapped[Angkatan] = relationship()
    instansi: Mapped[Instansi] = relationship()
    tutor_group: Mapped[TutorGroup | None] = relationship()
    coach = relationship("User", foreign_keys=[coach_id])
    mentor = relationship("User", foreign_keys=[mentor_id])
    examiners: Mapped[list["SeminarExaminer"]] = relationship(
        back_populates="enrolment", order_by="SeminarExaminer.kind.desc()", cascade="all, delete-orphan"
    )


# The two seminars of Agenda IV (habituasi/aktualisasi), in the order they happen.
SEMINAR_KINDS = ("rancangan", "aktualisasi")


class SeminarExaminer(db.Model):
    """The penguji of one of a participant's seminars: they see the participant from assigned_at on."""

    __tablename__ = "seminar_examiners"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "kind", name="uq_seminar_examiner_kind"),
        CheckConstraint(f"kind IN {SEMINAR_KINDS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    examiner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    enrolment: Mapped[Enrolment] = relationship(back_populates="examiners")
    examiner = relationship("User", foreign_keys=[examiner_id])


class MentorProfile(db.Model):
    """What a mentor account carries besides the account: the work unit they lead."""

    __tablename__ = "mentor_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    unit_kerja: Mapped[str] = mapped_column(String(200), default="")


class ImportBatch(db.Model):
    """An uploaded participant CSV: validated (dry run) first, applied only when confirmed."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Initial passwords of the accounts it created, kept only until the one download.
    credentials_csv: Mapped[str | None] = mapped_column(Text)
    credentials_downloaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AssignmentBatch(db.Model):
    """An uploaded CSV of coach and mentor assignments: validated (dry run) first, applied only when confirmed."""

    __tablename__ = "assignment_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
