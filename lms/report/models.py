"""The laporan aktualisasi as rows: one report per participant (assembled from one approved plan version), its
sections (each with its own revision, the participant's text apart from the parts assembled from the plan and
the log), the versions kept at submission and approval, and the coach's and mentor's comments."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

# The named states of lms.report.workflow, repeated here for the database's CHECK.
REPORT_STATES = (
    "draft",
    "submitted",
    "returned_by_coach",
    "checked_by_coach",
    "returned_by_mentor",
    "approved_by_mentor",
)
STATES_SQL = ", ".join(f"'{s}'" for s in REPORT_STATES)


class AktualisasiReport(db.Model):
    """A participant's one laporan aktualisasi and where it stands in its workflow. (Named apart from
    lms.discussion's Report, a report of a post.)"""

    __tablename__ = "report_reports"
    __table_args__ = (CheckConstraint(f"state IN ({STATES_SQL})", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The approved plan version it was assembled from (its activities are the report's chapters).
    plan_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("aktualisasi_versions.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the parts assembled from the log were last taken in (start, or a confirmed refresh).
    assembled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    sections: Mapped[list["ReportSection"]] = relationship(
        back_populates="report", order_by="ReportSection.position", cascade="all, delete-orphan"
    )


class ReportSection(db.Model):
    """One section: `body` is the participant's text (saved on its own; `revision` grows at each save, so a
    stale tab is refused), `generated` what was assembled from the plan and the log (replaced only by a refresh
    the participant confirms, never by a save)."""

    __tablename__ = "report_sections"
    __table_args__ = (
        UniqueConstraint("report_id", "key", name="uq_report_section_key"),
        CheckConstraint("revision >= 1", name="revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report_reports.id", ondelete="CASCADE"), index=True)
    # lms.report.assembly.FIXED_KEYS or 'kegiatan-<plan activity id>'.
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=1)
    revision: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(Text, default="")
    generated: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[AktualisasiReport] = relationship(back_populates="sections")


class ReportVersion(db.Model):
    """The whole report as it stood at a submission or an approval; numbered 1, 2, ... per report."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_report_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report_reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    action: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(24))
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by = relationship("User")


class ReportComment(db.Model):
    """A coach's or mentor's comment on one section (or the report as a whole: 'umum'), on a given version."""

    __tablename__ = "report_comments"
    __table_args__ = (CheckConstraint("role IN ('coach', 'mentor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report_reports.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")
