"""Coach and mentor assignments from CSV: plan (dry run) first, apply only when confirmed, all or nothing.

As in the participant import (importer.py), the plan is a plain value computed from the file and the
database, and applying re-plans inside the write transaction. Re-importing a file already applied
changes nothing: every row then plans as "tidak berubah". An empty coach or mentor column leaves that
relation as it is."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.auth.accounts import AccountRefused, check_new_account
from lms.auth.models import Role, User
from lms.auth.nip import check_nip
from lms.core.extensions import db
from lms.core.text import control_character_problem
from lms.people import relations
from lms.people.importer import FORMULA_PREFIXES, read_rows
from lms.people.models import Angkatan, Enrolment
from lms.people.operations import PeopleError

COLUMNS = ("nip_peserta", "nip_coach", "nip_mentor", "nama_mentor", "email_mentor", "unit_kerja_mentor")
CHANGED, UNCHANGED, ERROR = "berubah", "tidak berubah", "salah"


@dataclass
class AssignmentRow:
    line: int
    values: dict
    participant_name: str = ""
    enrolment_id: int | None = None
    current_coach_id: int | None = None
    current_mentor_id: int | None = None
    coach_id: int | None = None  # the coach the row asks for (None: left as it is)
    mentor_id: int | None = None  # an existing mentor the row names
    new_mentor: bool = False
    changes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return ERROR if self.reasons else (CHANGED if self.changes else UNCHANGED)

    def fail(self, reason: str) -> None:
        self.reasons.append(reason)

    def __getattr__(self, name):  # row.nip_peserta etc.: the cleaned cells
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)


@dataclass
class AssignmentPlan:
    rows: list[AssignmentRow]
    problem: str | None = None

    @property
    def errors(self) -> list[AssignmentRow]:
        return [r for r in self.rows if r.status == ERROR]

    @property
    def changed(self) -> list[AssignmentRow]:
        return [r for r in self.rows if r.status == CHANGED]

    @property
    def can_apply(self) -> bool:
        return self.problem is None and not self.errors and bool(self.changed)

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)

    def error_lines(self, filename: str) -> list[str]:
        """Every bad row as FILE:LINE: reason, the way compilers report, so an editor can jump to it."""
        return [f"{filename}:{row.line}: {' '.join(row.reasons)}" for row in self.errors]


def plan_assignments(text: str, scope=None) -> AssignmentPlan:
    """Check every row. scope: a WHERE clause on Angkatan limiting the participants (None: all)."""
    raw_rows, problem = read_rows(text, COLUMNS, optional=())
    if problem:
        return AssignmentPlan([], problem)
    rows = [AssignmentRow(line, {k: v.strip() for k, v in raw.items()}) for line, raw in raw_rows]
    for row in rows:
        for column, value in row.values.items():
            if problem := control_character_problem(value):
                row.fail(f"Kolom {column}: {problem}.")
            if value.startswith(FORMULA_PREFIXES):
                row.fail(f"Kolom {column} diawali '{value[0]}' (bisa dibaca Excel sebagai rumus).")
        for column in ("nip_peserta", "nip_coach", "nip_mentor"):
            if row.values[column] or column == "nip_peserta":
                check = check_nip(row.values[column])
                row.values[column] = check.nip
                if not check.ok:
                    row.fail(f"{column}: {check.error}")
        row.values["email_mentor"] = row.values["email_mentor"].lower()
    _mark_duplicates(rows)
    _find_participants(rows, scope)
    _find_coaches(rows)
    _find_mentors(rows)
    return AssignmentPlan(rows)


def _mark_duplicates(rows: list[AssignmentRow]) -> None:
    first_line: dict[str, int] = {}
    mentor_data: dict[str, tuple[int, tuple]] = {}
    for row in rows:
        seen = first_line.setdefault(row.nip_peserta, row.line)
        if row.nip_peserta and seen != row.line:
            row.fail(f"NIP peserta sama dengan baris {seen} dalam berkas ini.")
        if row.nip_mentor:
            data = (row.nama_mentor, row.email_mentor, row.unit_kerja_mentor)
            line, first = mentor_data.setdefault(row.nip_mentor, (row.line, data))
            if first != data:
                row.fail(f"Data mentor (nama, email, unit kerja) berbeda dengan baris {line} untuk NIP yang sama.")
        elif any((row.nama_mentor, row.email_mentor, row.unit_kerja_mentor)):
            row.fail("Data mentor diisi tetapi nip_mentor kosong.")
        if row.nip_mentor and row.nip_mentor == row.nip_peserta:
            row.fail("Peserta tidak bisa menjadi mentor dirinya sendiri.")


def _find_participants(rows: list[AssignmentRow], scope) -> None:
    nips = [r.nip_peserta for r in rows if r.nip_peserta]
    query = (
        select(User.nip, User.name, Enrolment)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(User.nip.in_(nips), User.role == Role.PARTICIPANT.value)
    )
    if scope is not None:
        query = query.where(scope)
    found = {nip: (name, enrolment) for nip, name, enrolment in db.session.execute(query)} if nips else {}
    for row in rows:
        if row.nip_peserta not in found:
            if row.nip_peserta:
                row.fail("Tidak ada peserta dengan NIP itu (atau di luar wewenang Anda).")
            continue
        row.participant_name, enrolment = found[row.nip_peserta]
        row.enrolment_id = enrolment.id
        row.current_coach_id, row.current_mentor_id = enrolment.coach_id, enrolment.mentor_id


def _users_by_nip(nips: list[str]) -> dict[str, User]:
    return {u.nip: u for u in db.session.scalars(select(User).where(User.nip.in_(nips)))} if nips else {}


def _find_coaches(rows: list[AssignmentRow]) -> None:
    coaches = _users_by_nip([r.nip_coach for r in rows if r.nip_coach])
    for row in rows:
        if not row.nip_coach:
            continue
        coach = coaches.get(row.nip_coach)
        if coach is None:
            row.fail("Tidak ada akun widyaiswara dengan NIP coach itu.")
            continue
        try:
            relations.check_coach(coach)
        except PeopleError as error:
            row.fail(str(error))
            continue
        row.coach_id = coach.id
        if row.enrolment_id and row.current_coach_id != coach.id:
            row.changes.append("coach")


def _find_mentors(rows: list[AssignmentRow]) -> None:
    mentors = _users_by_nip([r.nip_mentor for r in rows if r.nip_mentor])
    units = {}
    new_emails: dict[str, str] = {}
    for row in rows:
        if not row.nip_mentor:
            continue
        try:
            unit = relations.check_unit(row.unit_kerja_mentor)
        except PeopleError as error:
            row.fail(str(error))
            continue
        mentor = mentors.get(row.nip_mentor)
        if mentor is None:
            try:
                check_new_account(row.nip_mentor, row.nama_mentor, row.email_mentor or None)
            except AccountRefused as refused:
                row.fail(f"Mentor baru: {refused.message}")
                continue
            owner = new_emails.setdefault(row.email_mentor, row.nip_mentor) if row.email_mentor else row.nip_mentor
            if owner != row.nip_mentor:
                row.fail("Email mentor sama dengan email mentor lain dalam berkas ini.")
                continue
            row.new_mentor = True
            if row.enrolment_id:
                row.changes.append("mentor baru")
            continue
        if mentor.role != Role.MENTOR.value:
            row.fail("NIP mentor itu milik akun dengan peran lain; mentor perlu akun mentor sendiri.")
            continue
        row.mentor_id = mentor.id
        if row.enrolment_id and row.current_mentor_id != mentor.id:
            row.changes.append("mentor")
        if unit:
            if mentor.id not in units:
                units[mentor.id] = relations.mentor_unit(mentor.id)
            if units[mentor.id] != unit and row.enrolment_id:
                row.changes.append("unit kerja mentor")


class AssignmentConflict(Exception):
    """The database changed since the review so that a row no longer applies: nothing is written."""


def apply_assignments(plan: AssignmentPlan, actor: User | None) -> int:
    """Write the changes of a plan that can be applied, in the caller's transaction; the rows changed."""
    if not plan.can_apply:
        raise ValueError("plan has errors or nothing to change")
    actor_id = actor.id if actor else None
    for row in plan.changed:
        enrolment = db.session.get(Enrolment, row.enrolment_id)
        try:
            if row.coach_id:
                relations.set_coach(enrolment, db.session.get(User, row.coach_id), actor_id=actor_id, source="csv")
            if row.nip_mentor:
                mentor, _created = relations.invite_mentor(
                    row.nip_mentor,
                    row.nama_mentor,
                    row.email_mentor or None,
                    row.unit_kerja_mentor,
                    actor=actor,
                    source="csv",
                )
                relations.set_mentor(enrolment, mentor, actor_id=actor_id, source="csv")
        except (AccountRefused, PeopleError) as refused:
            raise AssignmentConflict(f"Baris {row.line}: {refused}") from refused
        db.session.flush()
    return len(plan.changed)


def mentor_count(plan: AssignmentPlan) -> int:
    """How many new mentor accounts applying the plan makes (one per NIP)."""
    return len({r.nip_mentor for r in plan.rows if r.new_mentor and r.status != ERROR})
