"""The phases of Latsar blended learning and their lesson hours (JP)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan

# Defaults from PerLAN 1/2021 blended learning; an admin may edit the JP.
DEFAULT_PHASES = (
    {"code": "mooc", "name": "MOOC", "position": 1, "jp": 48},
    {"code": "pjj", "name": "Pembelajaran Jarak Jauh", "position": 2, "jp": 217},
    {"code": "aktualisasi", "name": "Aktualisasi", "position": 3, "jp": 320},
    {"code": "klasikal", "name": "Klasikal", "position": 4, "jp": 62},
)


class Phase(db.Model):
    __tablename__ = "phases"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(unique=True)
    jp: Mapped[int]
    # True when the phase names required quizzes: the next phase then waits for its completion.
    requires_completion: Mapped[bool] = mapped_column(default=False)
    # The other rules that complete it (lms.phases.requirements.CompletionRules.as_dict), from its phase.md.
    completion_rules: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    @property
    def gated(self) -> bool:
        """The next phase waits for this one's completion: it requires evaluations or other rules."""
        return self.requires_completion or bool(self.completion_rules)

    def __repr__(self) -> str:
        return f"<Phase {self.code}>"


# How a completion came: its requirements met ("quiz" is how completions were written before other requirements
# existed), or a coordinator's exception.
COMPLETED_BY_REQUIREMENTS = "requirements"
MET_SOURCES = ("quiz", COMPLETED_BY_REQUIREMENTS)


class PhaseCompletion(db.Model):
    """A participant completed a gated phase: by passing its required quizzes, or by an exception."""

    __tablename__ = "phase_completions"
    __table_args__ = (UniqueConstraint("user_id", "phase_id", name="uq_phase_completions_phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(20))  # one of MET_SOURCES, or "exception"
    reason: Mapped[str | None] = mapped_column(Text)


def install_default_phases() -> None:
    """Insert the four phases if they are missing (used by the migration's data step and tests)."""
    existing = set(db.session.scalars(db.select(Phase.code)))
    for row in DEFAULT_PHASES:
        if row["code"] not in existing:
            db.session.add(Phase(**row))
    db.session.flush()


class PhaseSchedule(db.Model):
    """When a phase opens and closes for one angkatan (dates in the angkatan's time zone)."""

    __tablename__ = "phase_schedules"
    __table_args__ = (
        UniqueConstraint("angkatan_id", "phase_id", name="uq_phase_schedule"),
        CheckConstraint("closes_on >= opens_on", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id"))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)

    angkatan: Mapped[Angkatan] = relationship(back_populates="schedule")
    phase = relationship("Phase")
