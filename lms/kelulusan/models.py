"""The final result of an angkatan as stored rows: prepared by a coordinator, ratified (sealed) by the head of the
institution, and corrected afterwards only by a proposal one person makes and a second confirms.

A result row is never updated: preparing again replaces the prepared rows (deleted while nothing is sealed), and a
confirmed correction adds the participant's next version beside the old one. The database refuses an update or a
delete of a sealed result (the triggers of migration 0026_kelulusan), as it refuses them on the audit log."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

CORRECTION_STATES = ("proposed", "confirmed", "withdrawn", "rejected")


class AngkatanResult(db.Model):
    """An angkatan's result: prepared (`preparation` counts the snapshots taken; the head ratifies the one they
    reviewed), then ratified once (`ratified_at`), after which it and its rows are sealed."""

    __tablename__ = "kelulusan_results"

    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id"), primary_key=True)
    program_version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    preparation: Mapped[int] = mapped_column(default=1)
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ratified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ratified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    prepared_by = relationship("User", foreign_keys=[prepared_by_id])
    ratified_by = relationship("User", foreign_keys=[ratified_by_id])

    @property
    def sealed(self) -> bool:
        return self.ratified_at is not None


class ResultRow(db.Model):
    """One participant's result in one version: 1 is the prepared (then ratified) snapshot, 2 and on the confirmed
    corrections. The participant's current result is their highest version."""

    __tablename__ = "kelulusan_rows"
    __table_args__ = (UniqueConstraint("angkatan_id", "user_id", "version", name="uq_kelulusan_row_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("kelulusan_results.angkatan_id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    # The participant's employer and attendance-list number when the result was prepared (an instansi viewer
    # sees the sealed results of their instansi's employees by this).
    instansi_id: Mapped[int] = mapped_column(ForeignKey("instansi.id"), index=True)
    ndh: Mapped[int | None]
    scores: Mapped[dict] = mapped_column(JSON)  # component code -> score as text ("85.5"), or None
    # The klasikal attendance percentage as its exact decimal text (the pass rule compares it unrounded).
    attendance: Mapped[str | None] = mapped_column(String(40))
    final: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    band: Mapped[str | None] = mapped_column(String(60))
    passes: Mapped[bool | None]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    rank: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("kelulusan_corrections.id"))

    user = relationship("User", foreign_keys=[user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    correction = relationship("Correction", foreign_keys=[correction_id])

    @property
    def attendance_value(self) -> Decimal | None:
        return None if self.attendance is None else Decimal(self.attendance)

    def score(self, code: str) -> Decimal | None:
        value = (self.scores or {}).get(code)
        return None if value is None else Decimal(value)


class Correction(db.Model):
    """A proposed change of a sealed result: new component scores for one participant, with a reason; confirmed by
    a second person (a new version), rejected by them with a reason, or withdrawn by the proposer. One open
    proposal per participant at a time (the database says so)."""

    __tablename__ = "kelulusan_corrections"
    __table_args__ = (
        CheckConstraint(f"state IN {CORRECTION_STATES}", name="state"),
        Index(
            "uq_kelulusan_correction_open",
            "angkatan_id",
            "user_id",
            unique=True,
            sqlite_where=text("state = 'proposed'"),
            postgresql_where=text("state = 'proposed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("kelulusan_results.angkatan_id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    base_version: Mapped[int]
    scores: Mapped[dict] = mapped_column(JSON)  # the changed components only: code -> new score as text
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="proposed")
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)

    user = relationship("User", foreign_keys=[user_id])
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
