"""One scorer's rubric score of one participant on one attitude instrument."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.program.spec import INSTRUMENT_SCORERS

_ROLES_SQL = ", ".join(f"'{role}'" for role in INSTRUMENT_SCORERS)


class SikapScore(db.Model):
    """A draft until submitted, then locked: only its scorer changes it again, with a reason (audited), until the
    angkatan's results are sealed. Kept once per participant, angkatan, instrument, scorer role and scorer (the
    database says so): two submits at once make one row. The angkatan is the one the participant was in when
    scored; only scores of their current angkatan count."""

    __tablename__ = "sikap_scores"
    __table_args__ = (
        UniqueConstraint("user_id", "angkatan_id", "instrument", "role", "scorer_id", name="uq_sikap_score"),
        CheckConstraint(f"role IN ({_ROLES_SQL})", name="role"),
        CheckConstraint("revision > 0", name="revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the unique key, which starts with it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(10))  # the instrument's code in the program file ("3A")
    role: Mapped[str] = mapped_column(String(12))
    # A score keeps its scorer: no ON DELETE (accounts are deactivated, never deleted).
    scorer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The program version whose rubric the levels were chosen on.
    version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    levels: Mapped[dict] = mapped_column(JSON, default=dict)  # criterion index (text) -> points (text)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # None: a draft without every level
    notes: Mapped[str] = mapped_column(Text, default="")
    # Every save adds one: a page sent from a stale tab names an older revision and is refused.
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    scorer = relationship("User", foreign_keys=[scorer_id])
