"""Writing the log and moving its entries: create, edit (refusing a stale tab), comment, confirm or question.
Each takes values, checks the rule, changes rows in the caller's transaction and audits the state changes."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lms.aktualisasi.criteria import CORE_VALUE_NAMES
from lms.aktualisasi.models import Plan, PlanActivity
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.photos import Evidence
from lms.core.storage import get_storage
from lms.habituation.evidence import store_evidence
from lms.habituation.models import LogComment, LogEntry, LogEntryVersion, LogEvidence
from lms.habituation.period import Period, day_refusal

APPROVED = "approved"  # the plan workflow's last state (lms.aktualisasi.workflow)
MAX_TEXT = 4000


class LogRefused(Exception):
    """A write refused; `message` says why (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleEntry(Exception):
    """The entry changed since the page was opened; `entry` is the stored one."""

    def __init__(self, entry: LogEntry):
        super().__init__("stale")
        self.entry = entry


@dataclass(frozen=True)
class EntryInput:
    activity_id: int
    step: int | None
    day: date | None
    done: str
    values: dict
    obstacles: str


def approved_plan(user_id: int) -> Plan | None:
    plan = db.session.scalar(select(Plan).where(Plan.user_id == user_id))
    return plan if plan is not None and plan.state == APPROVED else None


def _check(plan: Plan, data: EntryInput, period: Period | None, today: date) -> PlanActivity:
    activity = next((a for a in plan.activities if a.id == data.activity_id), None)
    if activity is None:
        raise LogRefused(_("Pilih salah satu kegiatan dari rancangan Anda."))
    if data.step is not None and not 1 <= data.step <= len(activity.steps):
        raise LogRefused(_("Tahapan itu tidak ada pada kegiatan ini; pilih tahapan dari daftar."))
    if why := day_refusal(data.day, period, today):
        raise LogRefused(why)
    if not data.done.strip():
        raise LogRefused(_("Tulis apa yang Anda kerjakan hari itu."))
    if set(data.values) - set(CORE_VALUE_NAMES):
        raise LogRefused(_("Nilai dasar yang dipilih tidak dikenal."))
    return activity


def _values(values: dict) -> dict:
    return {k: v.strip() for k, v in values.items() if v and v.strip()}


def _attach(entry: LogEntry, files: list[tuple[Evidence, str]]) -> list[str]:
    """Store the files and list them on the entry; their storage keys."""
    keys = []
    for evidence, caption in files:
        key, size = store_evidence(evidence)
        keys.append(key)
        entry.evidence.append(
            LogEvidence(
                key=key,
                filename=evidence.filename,
                content_type=evidence.content_type,
                size=size,
                caption=caption[:300],
            )
        )
    return keys


def _flush_or_unstore(keys: list[str]) -> None:
    """Write the rows; if that fails, the files just stored go again, so storage keeps no file without its row."""
    try:
        db.session.flush()
    except Exception:
        for key in keys:
            get_storage().delete(key)
        raise


def create_entry(
    user_id: int, data: EntryInput, period: Period | None, today: date, files: list[tuple[Evidence, str]] = ()
) -> LogEntry:
    plan = approved_plan(user_id)
    if plan is None:
        raise LogRefused(_("Log habituasi dibuka setelah rancangan aktualisasi Anda disahkan."))
    _check(plan, data, period, today)
    entry = LogEntry(
        user_id=user_id,
        activity_id=data.activity_id,
        step=data.step,
        day=data.day,
        done=data.done.strip(),
        values=_values(data.values),
        obstacles=data.obstacles.strip(),
    )
    db.session.add(entry)
    _flush_or_unstore(_attach(entry, list(files)))
    audit.record("habituasi.entry_create", "habituation_entry", entry.id, subject_user_id=user_id, actor_id=user_id)
    return entry


def entry_data(entry: LogEntry) -> dict:
    return {
        "activity_id": entry.activity_id,
        "step": entry.step,
        "day": entry.day.isoformat(),
        "done": entry.done,
        "values": dict(entry.values or {}),
        "obstacles": entry.obstacles,
        "evidence": [e.filename for e in entry.evidence],
    }


def lock_entry(entry_id: int) -> LogEntry:
    entry = db.session.scalar(select(LogEntry).where(LogEntry.id == entry_id).with_for_update())
    db.session.refresh(entry)
    return entry


def edit_entry(
    entry: LogEntry,
    data: EntryInput,
    revision: int,
    period: Period | None,
    today: date,
    files: list[tuple[Evidence, str]] = (),
) -> LogEntry:
    """The author's edit, refused once the mentor confirmed it or when the page showed an older revision.
    A questioned entry goes back to the mentor when edited."""
    entry = lock_entry(entry.id)
    if entry.state == "confirmed":
        raise LogRefused(_("Entri ini sudah dikonfirmasi mentor dan tidak dapat diubah lagi."))
    if revision != entry.revision:
        raise StaleEntry(entry)
    plan = approved_plan(entry.user_id)
    if plan is None:
        raise LogRefused(_("Log habituasi dibuka setelah rancangan aktualisasi Anda disahkan."))
    _check(plan, data, period, today)
    db.session.add(LogEntryVersion(entry_id=entry.id, revision=entry.revision, data=entry_data(entry)))
    old_state = entry.state
    entry.activity_id, entry.step, entry.day = data.activity_id, data.step, data.day
    entry.done, entry.values, entry.obstacles = data.done.strip(), _values(data.values), data.obstacles.strip()
    entry.revision += 1
    entry.updated_at = utcnow()
    entry.state = "waiting"
    _flush_or_unstore(_attach(entry, list(files)))
    audit.record(
        "habituasi.entry_edit",
        "habituation_entry",
        entry.id,
        subject_user_id=entry.user_id,
        actor_id=entry.user_id,
        old=old_state,
        new=entry.state,
        revision=entry.revision,
    )
    return entry


def remove_evidence(entry: LogEntry, evidence_id: int, revision: int) -> str:
    """The author takes one evidence file off an entry the mentor has not confirmed; the entry keeps a version of
    what it was and waits for the mentor again. The caller commits, then deletes the returned storage key (a
    rolled-back removal keeps its file). LookupError for a file not on this entry."""
    entry = lock_entry(entry.id)
    if entry.state == "confirmed":
        raise LogRefused(_("Entri ini sudah dikonfirmasi mentor; buktinya tidak dapat dihapus lagi."))
    if revision != entry.revision:
        raise StaleEntry(entry)
    found = next((e for e in entry.evidence if e.id == evidence_id), None)
    if found is None:
        raise LookupError(evidence_id)
    db.session.add(LogEntryVersion(entry_id=entry.id, revision=entry.revision, data=entry_data(entry)))
    old_state = entry.state
    entry.evidence.remove(found)
    entry.revision += 1
    entry.updated_at = utcnow()
    entry.state = "waiting"
    db.session.flush()
    audit.record(
        "habituasi.evidence_remove",
        "habituation_entry",
        entry.id,
        subject_user_id=entry.user_id,
        actor_id=entry.user_id,
        filename=found.filename,
        old=old_state,
        new=entry.state,
    )
    return found.key


def add_comment(entry: LogEntry, author_id: int, role: str, body: str) -> LogComment:
    body = (body or "").strip()
    if not body:
        raise LogRefused(_("Tulis komentarnya dulu."))
    if len(body) > MAX_TEXT:
        raise LogRefused(_("Komentar paling banyak %(n)d karakter.", n=MAX_TEXT))
    comment = LogComment(entry_id=entry.id, author_id=author_id, role=role, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def decide(entry: LogEntry, mentor_id: int, action: str, reason: str, revision: int) -> LogEntry:
    """The mentor confirms the entry (locked from then on) or questions it with a reason (back to the author).
    `revision` is what the mentor read: an entry edited since is not confirmed unseen."""
    entry = lock_entry(entry.id)
    reason = (reason or "").strip()
    if entry.state == "confirmed":
        raise LogRefused(_("Entri ini sudah dikonfirmasi."))
    if revision != entry.revision:
        raise LogRefused(_("Peserta mengubah entri ini sejak halaman Anda dibuka; baca versi terbarunya dulu."))
    if action == "question":
        if not reason:
            raise LogRefused(_("Tulis alasan pertanyaan Anda agar peserta tahu apa yang perlu dilengkapi."))
        if len(reason) > MAX_TEXT:
            raise LogRefused(_("Alasan paling banyak %(n)d karakter.", n=MAX_TEXT))
    elif action != "confirm":
        raise LogRefused(_("Tindakan tidak dikenal."))
    old = entry.state
    if action == "confirm":
        entry.state, entry.confirmed_at, entry.confirmed_by_id = "confirmed", utcnow(), mentor_id
    else:
        entry.state, entry.question = "questioned", reason
        db.session.add(LogComment(entry_id=entry.id, author_id=mentor_id, role="mentor", body=reason))
    db.session.flush()
    audit.record(
        f"habituasi.entry_{action}",
        "habituation_entry",
        entry.id,
        reason=reason or None,
        subject_user_id=entry.user_id,
        actor_id=mentor_id,
        old=old,
        new=entry.state,
        revision=entry.revision,
    )
    return entry
