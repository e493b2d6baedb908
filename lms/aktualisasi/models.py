"""The rancangan aktualisasi as rows: one plan per participant, its sections (each with its own revision), its
activities (what the habituation log will point at), the versions kept at each submission and approval, and
the coach's and mentor's comments, each kept with the version it was made on."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

# The named states of lms.aktualisasi.workflow, repeated here for the database's CHECK.
PLAN_STATES = (
    "draft",
    "submitted",
    "returned_by_coach",
    "accepted_by_coach",
    "returned_by_mentor",
    "approved_by_mentor",
    "seminar_scheduled",
    "scored",
    "revisions_asked",
    "revision_submitted",
    "approved",
)
_STATES_SQL = ", ".join(f"'{s}'" for s in PLAN_STATES)
# The sections saved as one form each (activities and attachments are rows of their own).
SECTION_KEYS = ("isu", "penyebab", "gagasan")
_KEYS_SQL = ", ".join(f"'{k}'" for k in SECTION_KEYS)


class Plan(db.Model):
    """A participant's one current rancangan aktualisasi and where it stands in the workflow."""

    __tablename__ = "aktualisasi_plans"
    __table_args__ = (CheckConstraint(f"state IN ({_STATES_SQL})", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    sections: Mapped[list["PlanSection"]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    activities: Mapped[list["PlanActivity"]] = relationship(
        back_populates="plan", order_by="PlanActivity.position, PlanActivity.id", cascade="all, delete-orphan"
    )


class PlanSection(db.Model):
    """One section's content (lms.aktualisasi.sections says its shape); `revision` grows at each save, so a stale
    tab's save is refused instead of overwriting a newer text."""

    __tablename__ = "aktualisasi_sections"
    __table_args__ = (
        UniqueConstraint("plan_id", "key", name="uq_aktualisasi_section_key"),
        CheckConstraint(f"key IN ({_KEYS_SQL})", name="key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(default=1)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="sections")


class PlanActivity(db.Model):
    """A kegiatan of the plan: its steps (tahapan, in order: the habituation log will point at an activity and a
    step number, frozen once the plan is approved), output, days within the habituation period, and value links."""

    __tablename__ = "aktualisasi_activities"
    __table_args__ = (
        CheckConstraint("start_day >= 1 AND end_day >= start_day", name="days"),
        CheckConstraint("revision >= 1", name="revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    revision: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300), default="")
    steps: Mapped[list] = mapped_column(JSON, default=list)
    output: Mapped[str] = mapped_column(Text, default="")
    start_day: Mapped[int] = mapped_column(default=1)
    end_day: Mapped[int] = mapped_column(default=1)
    # BerAKHLAK value code -> how the activity embodies it (lms.aktualisasi.criteria.CORE_VALUES).
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    vision_mission: Mapped[str] = mapped_column(Text, default="")
    organisation_values: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="activities")


class PlanVersion(db.Model):
    """The whole plan as it stood at a submission or an approval; numbered 1, 2, ... per plan (the unique
    number makes a double submit land once)."""

    __tablename__ = "aktualisasi_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_aktualisasi_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    action: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(24))
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by = relationship("User")


class PlanComment(db.Model):
    """A coach's or mentor's comment on one section (or the plan as a whole: 'umum'), on a given version."""

    __tablename__ = "aktualisasi_comments"
    __table_args__ = (CheckConstraint("role IN ('coach', 'mentor', 'penguji')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_plans.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_versions.id", ondelete="CASCADE"), index=True)
    # 'umum', a SECTION_KEYS key, or 'kegiatan-<activity id>'.
    section: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")


class PlanAttachment(db.Model):
    """A file attached to the plan (a supporting document, the unit's organisation chart, a photo of the problem),
    kept in lms.core.storage under `key`; its name, size and hash go into each version's snapshot."""

    __tablename__ = "aktualisasi_attachments"
    __table_args__ = (CheckConstraint("size >= 0", name="size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("aktualisasi_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
