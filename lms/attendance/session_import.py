"""The schedule of an angkatan from CSV: plan (dry run) first, apply only when confirmed, all or nothing.

Columns: tanggal (2026-03-02 or 02/03/2026), mulai and selesai (08:00 or 08.00, in the angkatan's zone), topik,
jp, mode (sinkron, asinkron, tatap muka; empty: tatap muka for a klasikal schedule, else sinkron), tautan;
optional agenda (number), widyaiswara (NIP) and ruang (a face-to-face session's room). A row whose start and topic
are already scheduled is unchanged, so re-importing a file changes nothing."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select

from lms.attendance.models import TrainingSession
from lms.attendance.schedule import SessionInput, create_session, session_problems, to_utc
from lms.auth.models import Role, User
from lms.auth.nip import check_nip
from lms.core.extensions import db
from lms.core.text import control_character_problem
from lms.people.importer import read_rows
from lms.phases.models import Phase

COLUMNS = ("tanggal", "mulai", "selesai", "topik", "jp", "mode", "tautan")
OPTIONAL_COLUMNS = ("agenda", "widyaiswara", "ruang")
# How a mode may be written in a file (a spreadsheet user types "tatap muka").
MODE_SPELLINGS = {"sinkron": "sinkron", "asinkron": "asinkron", "tatap muka": "tatap_muka", "tatap_muka": "tatap_muka"}
NEW, UNCHANGED, ERROR = "baru", "tidak berubah", "salah"


@dataclass
class PlannedSession:
    line: int
    raw: dict
    data: SessionInput | None = None
    status: str = NEW
    reasons: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        self.status = ERROR
        self.reasons.append(reason)


@dataclass
class SessionPlan:
    rows: list[PlannedSession]
    problem: str | None = None

    @property
    def errors(self):
        return [r for r in self.rows if r.status == ERROR]

    @property
    def new_rows(self):
        return [r for r in self.rows if r.status == NEW]

    @property
    def can_apply(self) -> bool:
        return self.problem is None and not self.errors and bool(self.new_rows)

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)


def parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def parse_time(text: str) -> time | None:
    try:
        return datetime.strptime(text.strip().replace(".", ":"), "%H:%M").time()
    except ValueError:
        return None


def _row_input(row: PlannedSession, instructors: dict[str, int], default_mode: str) -> None:
    raw = row.raw
    for column, value in raw.items():
        if problem := control_character_problem(value):
            row.fail(f"Kolom {column}: {problem}.")
    day, start, end = parse_date(raw["tanggal"]), parse_time(raw["mulai"]), parse_time(raw["selesai"])
    if day is None:
        row.fail("Tanggal tidak dikenali; tulis 2026-03-02 atau 02/03/2026.")
    if start is None or end is None:
        row.fail("Jam mulai/selesai tidak dikenali; tulis 08:00 atau 08.00.")
    jp_text = raw["jp"].strip() or "0"
    if not jp_text.isdigit():
        row.fail("JP harus bilangan bulat.")
    agenda_text = raw["agenda"].strip()
    if agenda_text and not agenda_text.isdigit():
        row.fail("Agenda harus nomor (1, 2, 3 ...).")
    widyaiswara_id = None
    if nip_text := raw["widyaiswara"].strip():
        widyaiswara_id = instructors.get(check_nip(nip_text).nip)
        if widyaiswara_id is None:
            row.fail("Widyaiswara tidak dikenal: tulis NIP akun widyaiswara yang aktif.")
    if row.status == ERROR:
        return
    row.data = SessionInput(
        day=day,
        start=start,
        end=end,
        topic=raw["topik"].strip(),
        jp=int(jp_text),
        mode=_mode(raw["mode"]) or default_mode,
        meeting_url=raw["tautan"].strip(),
        agenda_number=int(agenda_text) if agenda_text else None,
        widyaiswara_id=widyaiswara_id,
        room=raw["ruang"].strip(),
    )
    for problem in session_problems(row.data).values():
        row.fail(problem)


def _mode(text: str) -> str:
    typed = " ".join(text.strip().lower().split())
    return MODE_SPELLINGS.get(typed, typed)


def plan_sessions(text: str, angkatan, phase_id: int) -> SessionPlan:
    raw_rows, problem = read_rows(text, COLUMNS, OPTIONAL_COLUMNS)
    if problem:
        return SessionPlan([], problem)
    instructors = dict(
        db.session.execute(
            select(User.nip, User.id).where(User.role == Role.INSTRUCTOR.value, User.active.is_(True))
        ).all()
    )
    existing = set(
        db.session.execute(
            select(TrainingSession.starts_at, TrainingSession.topic).where(
                TrainingSession.angkatan_id == angkatan.id, TrainingSession.phase_id == phase_id
            )
        ).all()
    )
    # Klasikal days are on campus: a row without a mode is face to face there, online elsewhere.
    on_campus = db.session.scalar(select(Phase.code).where(Phase.id == phase_id)) == "klasikal"
    default_mode = "tatap_muka" if on_campus else "sinkron"
    seen: dict[tuple, int] = {}
    rows = [PlannedSession(line, raw) for line, raw in raw_rows]
    for row in rows:
        _row_input(row, instructors, default_mode)
        if row.data is None or row.status == ERROR:
            continue
        key = (to_utc(row.data.day, row.data.start, angkatan.tz_name), row.data.topic)
        first = seen.setdefault(key, row.line)
        if first != row.line:
            row.fail(f"Sesi yang sama (tanggal, jam mulai, topik) dengan baris {first}.")
        elif key in existing:
            row.status = UNCHANGED
    return SessionPlan(rows)


def apply_sessions(plan: SessionPlan, angkatan, phase_id: int) -> list[TrainingSession]:
    if not plan.can_apply:
        raise ValueError("plan has errors or nothing new")
    return [create_session(angkatan, phase_id, row.data, source="csv-import") for row in plan.new_rows]
