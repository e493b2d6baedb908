"""What the rest of Latsar reads of the habituation log: the mentor-confirmed entries, in order.

Placeholder on the report branch: `confirmed_log` returns [] so that lms.report imports; the logbook branch
supplies the real one (the interface agreed in /work/notes/interface.md) and the integrator keeps that at merge.
"""

from dataclasses import dataclass
from datetime import date, datetime


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
    return []
