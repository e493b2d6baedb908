"""What the rest of Latsar reads of the habituation log: the mentor-confirmed entries, in order."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from lms.aktualisasi.models import PlanActivity
from lms.core.extensions import db
from lms.habituation.models import LogEntry
from lms.habituation.models import LogEvidence as EvidenceRow


@dataclass(frozen=True)
class LogEvidence:
    key: str  # storage key (lms.core.storage.get_storage())
    filename: str  # the name shown to people (already made safe)
    content_type: str  # "image/jpeg", "image/png" or "application/pdf"
    caption: str


@dataclass(frozen=True)
class LogItem:
    entry_id: int
    activity_id: int  # lms.aktualisasi.models.PlanActivity.id
    step: int | None  # 1-based index into PlanActivity.steps; None = the activity as a whole
    day: date  # the workday the entry records (within the habituation period)
    done: str  # what was done (plain text as typed)
    values: dict  # BerAKHLAK value code (lms.aktualisasi.criteria.CORE_VALUES) -> how, as typed
    obstacles: str
    confirmed_at: datetime  # when the mentor confirmed it (UTC, aware)
    evidence: tuple[LogEvidence, ...]


def confirmed_log(user_id: int) -> list[LogItem]:
    """The participant's mentor-confirmed entries ordered by activity position, step, day, entry id; a fixed
    number of queries whatever the number of entries."""
    entries = (
        db.session.execute(
            select(LogEntry)
            .join(PlanActivity, PlanActivity.id == LogEntry.activity_id)
            .where(LogEntry.user_id == user_id, LogEntry.state == "confirmed")
            # A whole-activity entry (step None) before its steps' entries, on every database.
            .order_by(
                PlanActivity.position,
                PlanActivity.id,
                LogEntry.step.is_not(None),
                LogEntry.step,
                LogEntry.day,
                LogEntry.id,
            )
        )
        .scalars()
        .all()
    )
    if not entries:
        return []
    files: dict[int, list[LogEvidence]] = {}
    for row in db.session.scalars(
        select(EvidenceRow).where(EvidenceRow.entry_id.in_([e.id for e in entries])).order_by(EvidenceRow.id)
    ):
        files.setdefault(row.entry_id, []).append(LogEvidence(row.key, row.filename, row.content_type, row.caption))
    return [
        LogItem(
            entry_id=e.id,
            activity_id=e.activity_id,
            step=e.step,
            day=e.day,
            done=e.done,
            values=dict(e.values or {}),
            obstacles=e.obstacles,
            confirmed_at=e.confirmed_at,
            evidence=tuple(files.get(e.id, ())),
        )
        for e in entries
    ]
