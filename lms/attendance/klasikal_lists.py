"""What the klasikal pages show, each in a fixed number of queries: a session's attendance list (and applying a
submitted one, row by row), an angkatan's klasikal days with their counts, and a participant's own statuses."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from lms.attendance import klasikal
from lms.attendance.models import PRESENT, AttendanceCorrection, TrainingSession
from lms.attendance.recap import load_facts, participants_of
from lms.attendance.schedule import by_day_today_first


@dataclass
class ListRow:
    """One participant on a session's attendance list: what is recorded, and what the form shows."""

    user_id: int
    name: str
    nip: str
    ndh: int | None
    instansi: str
    stored: AttendanceCorrection | None  # the committee's (or a correction's) record
    checked_in: datetime | None  # the first check-in with a code, if any
    shown: str  # the status the recap gives (UPCOMING while nothing is recorded and the session runs)
    typed: dict = field(default_factory=dict)  # status, alasan, menit as the form shows them
    problem: str | None = None

    @property
    def recorded(self) -> bool:
        return self.stored is not None or self.checked_in is not None

    @property
    def expected(self) -> str:
        """The stored status the page was made with ('' for none): a save compares it with the database's."""
        return self.stored.status if self.stored else ""


def attendance_list(session: TrainingSession, now: datetime) -> list[ListRow]:
    """Every participant of the session's angkatan, in attendance-list order, with their record."""
    facts = load_facts(select(TrainingSession).where(TrainingSession.id == session.id))
    rows = []
    for user_id, name, nip, ndh, instansi in participants_of(session.angkatan_id):
        key = (user_id, session.id)
        stored = facts.corrections.get(key)
        row = ListRow(
            user_id,
            name,
            nip or "",
            ndh,
            instansi,
            stored,
            facts.first_checkin.get(key),
            facts.status(user_id, session, now),
        )
        row.typed = {
            "status": stored.status if stored else "",
            "alasan": "",
            "menit": str(stored.late_minutes) if stored and stored.late_minutes else "",
        }
        rows.append(row)
    return rows


CONFLICT_MESSAGE = (
    "Status peserta ini diubah orang lain sementara Anda mengisi. Periksa status yang tercatat sekarang, lalu simpan "
    "lagi bila perlu."
)


@dataclass
class ListResult:
    saved: int = 0
    unchanged: int = 0
    problems: dict[int, str] = field(default_factory=dict)  # user id -> why their row was not saved


def apply_list(session: TrainingSession, rows: list[ListRow], form: Mapping[str, str], actor_id: int) -> ListResult:
    """Record every row the form carries a status for (fields status-<id>, alasan-<id>, menit-<id>, and
    semula-<id>: the stored status the page showed). Each valid row is saved on its own; a refused one keeps its
    reason in `problems` and changes nothing. Rows of people outside the angkatan are never read."""
    result = ListResult()
    for row in rows:
        uid = row.user_id
        if f"semula-{uid}" not in form:  # not on the submitted page (a filtered list)
            continue
        status = form.get(f"status-{uid}", "").strip()
        note, minutes = form.get(f"alasan-{uid}", ""), form.get(f"menit-{uid}", "")
        if not status:
            if note.strip() or (minutes.strip() and minutes.strip() != row.typed["menit"]):
                result.problems[uid] = "Pilih statusnya dulu (hadir, terlambat, izin, sakit, dinas atau alpa)."
            continue
        expected = form.get(f"semula-{uid}") or None
        if expected != (row.expected or None):  # recorded by someone else since the page was made
            result.problems[uid] = CONFLICT_MESSAGE
            continue
        entry, problem = klasikal.check_entry(status, note, minutes, row.stored)
        if problem is not None:
            result.problems[uid] = problem
            continue
        if klasikal.is_unchanged(row.stored, entry):
            result.unchanged += 1  # as the page showed it: no lock, no write
            continue
        outcome = klasikal.record(session, uid, entry, actor_id, expected=expected, shown=row.shown, via="daftar")
        if outcome == klasikal.CONFLICT:  # between this request's read and its lock
            result.problems[uid] = CONFLICT_MESSAGE
        elif outcome == klasikal.SAVED:
            result.saved += 1
        else:
            result.unchanged += 1
    return result


def keep_typed(rows: list[ListRow], form: Mapping[str, str], problems: dict[int, str]) -> None:
    """After a refused save: the rows that were refused show what was typed, with their reason."""
    for row in rows:
        if row.user_id in problems:
            row.problem = problems[row.user_id]
            row.typed = {name: form.get(f"{name}-{row.user_id}", "") for name in ("status", "alasan", "menit")}


@dataclass(frozen=True)
class SessionCounts:
    session: TrainingSession
    recorded: int  # participants with a status recorded (or a check-in)
    present: int  # hadir or terlambat
    total: int


def klasikal_days(angkatan, today: date, now: datetime) -> list[tuple[date, list[SessionCounts]]]:
    """The angkatan's klasikal sessions by day (today first, then the days to come, then past days), each with
    how many are recorded and present. Five queries plus the participants'."""
    phase_id = klasikal.klasikal_phase_id()
    facts = load_facts(
        select(TrainingSession).where(TrainingSession.angkatan_id == angkatan.id, TrainingSession.phase_id == phase_id)
    )
    people = [row[0] for row in participants_of(angkatan.id)]
    counts = {}
    for session in facts.sessions:
        keys = [(user_id, session.id) for user_id in people]
        recorded = sum(1 for k in keys if k in facts.corrections or k in facts.checked_in)
        present = sum(1 for user_id in people if facts.status(user_id, session, now) in PRESENT)
        counts[session.id] = SessionCounts(session, recorded, present, len(people))
    days = by_day_today_first(facts.sessions, angkatan.tz_name, today)
    return [(day, [counts[s.id] for s in sessions]) for day, sessions in days]


@dataclass(frozen=True)
class MyStatus:
    session: TrainingSession
    status: str  # UPCOMING while nothing is recorded and the session has not ended
    late_minutes: int | None
    note: str


def my_klasikal(user_id: int, angkatan, today: date, now: datetime) -> list[tuple[date, list[MyStatus]]]:
    """A participant's klasikal days (today first) with their own status in each session."""
    phase_id = klasikal.klasikal_phase_id()
    facts = load_facts(
        select(TrainingSession).where(TrainingSession.angkatan_id == angkatan.id, TrainingSession.phase_id == phase_id),
        [user_id],
    )
    mine = {}
    for session in facts.sessions:
        correction = facts.corrections.get((user_id, session.id))
        mine[session.id] = MyStatus(
            session,
            facts.status(user_id, session, now),
            correction.late_minutes if correction else None,
            correction.note if correction else "",
        )
    days = by_day_today_first(facts.sessions, angkatan.tz_name, today)
    return [(day, [mine[s.id] for s in sessions]) for day, sessions in days]
