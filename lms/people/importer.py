"""Bulk import of participants from CSV: plan (dry run) first, apply only when confirmed.

The plan is a plain value computed from the file and the database; applying re-plans inside
the write transaction, so nothing that changed since the dry run slips through.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from lms.auth.accounts import EMAIL_RE, MAX_EMAIL, MAX_NAME, AccountRefused, create_account
from lms.auth.models import Role, User
from lms.auth.nip import check_nip
from lms.core import audit
from lms.core.extensions import db
from lms.core.text import control_character_problem, without_control_characters
from lms.people.models import GOLONGAN, Angkatan, Enrolment, Instansi

COLUMNS = ("nip", "nama", "email", "instansi", "angkatan")
OPTIONAL_COLUMNS = ("golongan", "ndh")
MAX_NDH = 9999
FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_ROWS = 5000

NEW, UNCHANGED, ERROR = "baru", "tidak berubah", "salah"


@dataclass
class PlannedRow:
    line: int
    nip: str
    name: str
    email: str
    instansi: str
    angkatan_label: str
    golongan: str = ""
    ndh_text: str = ""
    instansi_id: int | None = None
    angkatan_id: int | None = None
    ndh: int | None = None
    status: str = NEW
    reasons: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        self.status = ERROR
        self.reasons.append(reason)


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    problem: str | None = None  # the file as a whole cannot be read

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == ERROR]

    @property
    def new_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == NEW]

    @property
    def can_apply(self) -> bool:
        return self.problem is None and not self.errors and bool(self.new_rows)

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)


def decode_upload(data: bytes) -> str:
    """UTF-8 with or without BOM (what Excel's "CSV UTF-8" writes)."""
    return data.decode("utf-8-sig")


def read_rows(
    text: str, columns: tuple[str, ...] = COLUMNS, optional: tuple[str, ...] = OPTIONAL_COLUMNS
) -> tuple[list[tuple[int, dict]], str | None]:
    """Parse CSV text, comma- or semicolon-separated, into (line number, row) pairs with these columns (and the
    optional ones, empty when the file has none)."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], "Berkas kosong atau baris pertama (judul kolom) tidak ada."
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in columns if c not in header]
    if missing:
        return [], (f"Kolom wajib tidak ada: {', '.join(missing)}. Baris pertama harus berisi: {','.join(columns)}.")
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, cells, strict=False))  # short rows: missing cells are empty
        rows.append((reader.line_num, {c: values.get(c, "") for c in columns + optional}))
        if len(rows) > MAX_ROWS:
            return [], f"Berkas berisi lebih dari {MAX_ROWS} baris; pecah menjadi beberapa berkas."
    return rows, None


def plan_import(text: str, lembaga_ids: set[int] | None) -> ImportPlan:
    """Check every row. lembaga_ids limits the target angkatan to a coordinator's lembaga (None: all); the
    instansi column is the participant's employer, any instansi the admin has added."""
    raw_rows, problem = read_rows(text)
    if problem:
        return ImportPlan([], problem)
    angkatan_by_label = _angkatan_lookup(lembaga_ids)
    instansi_by_name = {name.casefold(): i for i, name in db.session.execute(select(Instansi.id, Instansi.name))}
    rows = [
        PlannedRow(
            line,
            r["nip"].strip(),
            r["nama"].strip(),
            r["email"].strip().lower(),
            r["instansi"].strip(),
            r["angkatan"].strip(),
            r["golongan"].strip(),
            r["ndh"].strip(),
        )
        for line, r in raw_rows
    ]
    for row, (_line, raw) in zip(rows, raw_rows, strict=True):
        for column, value in raw.items():
            if problem := control_character_problem(value):
                row.fail(f"Kolom {column}: {problem}.")
            if value.strip().startswith(FORMULA_PREFIXES):
                row.fail(f"Kolom {column} diawali '{value.strip()[0]}' (bisa dibaca Excel sebagai rumus).")
        nip_check = check_nip(row.nip)
        row.nip = nip_check.nip
        if not nip_check.ok:
            row.fail(nip_check.error)
        if not row.name:
            row.fail("Nama kosong.")
        elif len(row.name) > MAX_NAME:
            row.fail(f"Nama lebih dari {MAX_NAME} karakter.")
        if row.email and (not EMAIL_RE.fullmatch(row.email) or len(row.email) > MAX_EMAIL):
            row.fail("Format email tidak valid.")
        row.instansi_id = instansi_by_name.get(row.instansi.casefold())
        if row.instansi_id is None:
            row.fail("Instansi tidak dikenal; minta admin menambahkannya dulu.")
        matches = angkatan_by_label.get(row.angkatan_label.casefold(), [])
        if len(matches) == 1:
            row.angkatan_id = matches[0].id
        elif len(matches) > 1:
            row.fail("Angkatan tidak jelas: ada lebih dari satu dengan nomor itu; tulis nama lengkapnya.")
        else:
            row.fail("Angkatan tidak dikenal (atau di luar wewenang Anda).")
        _check_golongan_and_ndh(row)

    _mark_duplicates_in_file(rows)
    _check_ndh_in_angkatan(rows)
    _compare_with_database(rows)
    _check_capacity(rows)
    return ImportPlan(rows)


def _angkatan_lookup(lembaga_ids):
    query = select(Angkatan)
    if lembaga_ids is not None:
        query = query.where(Angkatan.lembaga_id.in_(lembaga_ids))
    lookup: dict[str, list[Angkatan]] = {}
    for angkatan in db.session.scalars(query):
        for label in {str(angkatan.number), angkatan.name, f"angkatan {angkatan.number}"}:
            lookup.setdefault(label.casefold(), []).append(angkatan)
    return lookup


def normalise_golongan(text: str) -> str | None:
    """'III/b' from 'iii/B' or 'III / b'; None if it is not golongan II or III with ruang a-d."""
    parts = text.replace(" ", "").split("/")
    if len(parts) != 2:
        return None
    value = f"{parts[0].upper()}/{parts[1].lower()}"
    return value if value in GOLONGAN else None


def _check_golongan_and_ndh(row: PlannedRow) -> None:
    if row.golongan:
        golongan = normalise_golongan(row.golongan)
        if golongan is None:
            row.fail("Golongan harus II atau III dengan ruang a sampai d, misalnya III/b.")
        else:
            row.golongan = golongan
    if row.ndh_text:
        if not row.ndh_text.isdigit() or not 1 <= int(row.ndh_text) <= MAX_NDH:
            row.fail(f"NDH harus bilangan bulat 1 sampai {MAX_NDH}.")
        else:
            row.ndh = int(row.ndh_text)


def _check_ndh_in_angkatan(rows: list[PlannedRow]) -> None:
    """An NDH is one participant's number in their angkatan: not twice in the file, not taken by another."""
    first_line: dict[tuple[int, int], int] = {}
    for row in rows:
        if row.ndh is None or row.angkatan_id is None:
            continue
        seen = first_line.setdefault((row.angkatan_id, row.ndh), row.line)
        if seen != row.line:
            row.fail(f"NDH {row.ndh} sama dengan baris {seen} dalam berkas ini (angkatan yang sama).")
    if not first_line:
        return
    taken = {
        (angkatan_id, ndh): nip
        for angkatan_id, ndh, nip in db.session.execute(
            select(Enrolment.angkatan_id, Enrolment.ndh, User.nip)
            .join(User, User.id == Enrolment.user_id)
            .where(Enrolment.angkatan_id.in_({a for a, _n in first_line}), Enrolment.ndh.is_not(None))
        )
    }
    for row in rows:
        holder = taken.get((row.angkatan_id, row.ndh)) if row.ndh is not None else None
        if holder is not None and holder != row.nip:
            row.fail(f"NDH {row.ndh} sudah dipakai peserta lain di angkatan itu.")


def _mark_duplicates_in_file(rows: list[PlannedRow]) -> None:
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        for kind, value in (("NIP", row.nip), ("email", row.email)):
            if not value:
                continue
            seen = first_line.setdefault((kind, value), row.line)
            if seen != row.line:
                row.fail(f"{kind} sama dengan baris {seen} dalam berkas ini.")


def _compare_with_database(rows: list[PlannedRow]) -> None:
    nips = [r.nip for r in rows if r.nip]
    emails = [r.email for r in rows if r.email]
    by_nip = {u.nip: u for u in db.session.scalars(select(User).where(User.nip.in_(nips)))} if nips else {}
    by_email = {}
    if emails:
        by_email = {u.email: u for u in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))}
    enrolled = (
        {
            user_id: tuple(rest)
            for user_id, *rest in db.session.execute(
                select(
                    Enrolment.user_id, Enrolment.angkatan_id, Enrolment.instansi_id, Enrolment.golongan, Enrolment.ndh
                ).where(Enrolment.user_id.in_([u.id for u in by_nip.values()]))
            )
        }
        if by_nip
        else {}
    )
    for row in rows:
        existing = by_nip.get(row.nip)
        if existing is not None:
            same = (
                existing.name == row.name
                and enrolled.get(existing.id) == (row.angkatan_id, row.instansi_id, row.golongan or None, row.ndh)
                and (existing.email or "") == row.email
            )
            if not same:
                row.fail("NIP sudah terdaftar dengan data lain (nama, email, instansi, angkatan, golongan atau NDH).")
            elif row.status == NEW:
                row.status = UNCHANGED
            continue
        owner = by_email.get(row.email) if row.email else None
        if owner is not None:
            row.fail("Email sudah dipakai akun lain.")


def _check_capacity(rows: list[PlannedRow]) -> None:
    ids = {r.angkatan_id for r in rows if r.angkatan_id}
    if not ids:
        return
    capacity = dict(db.session.execute(select(Angkatan.id, Angkatan.capacity).where(Angkatan.id.in_(ids))).all())
    taken = Counter(
        dict(
            db.session.execute(
                select(Enrolment.angkatan_id, func.count())
                .where(Enrolment.angkatan_id.in_(ids))
                .group_by(Enrolment.angkatan_id)
            ).all()
        )
    )
    for row in rows:
        if row.status != NEW:
            continue
        if taken[row.angkatan_id] >= capacity[row.angkatan_id]:
            row.fail(f"Angkatan sudah penuh (kapasitas {capacity[row.angkatan_id]} peserta).")
        else:
            taken[row.angkatan_id] += 1


class ImportConflict(Exception):
    """The file changed meaning since its review (an account it adds exists now): nothing is written."""


def apply_plan(plan: ImportPlan, actor_id: int | None) -> list[tuple[User, str]]:
    """Create the accounts and enrolments of a plan that can be applied; returns (user, initial password)."""
    if not plan.can_apply:
        raise ValueError("plan has errors or nothing new")
    created = []
    for row in plan.new_rows:
        try:
            user, password = create_account(
                row.nip, row.name, Role.PARTICIPANT.value, row.email, actor_id=actor_id, source="csv-import"
            )
        except AccountRefused as refused:  # someone made the same account between the review and now
            raise ImportConflict(f"Baris {row.line}: {refused.message}") from refused
        db.session.add(
            Enrolment(
                user_id=user.id,
                angkatan_id=row.angkatan_id,
                instansi_id=row.instansi_id,
                golongan=row.golongan or None,
                ndh=row.ndh,
            )
        )
        audit.record(
            "enrolment.create",
            "user",
            user.id,
            subject_user_id=user.id,
            actor_id=actor_id,
            angkatan_id=row.angkatan_id,
            instansi_id=row.instansi_id,
            golongan=row.golongan or None,
            ndh=row.ndh,
            source="csv-import",
        )
        created.append((user, password))
    return created


def credentials_csv(created: list[tuple[User, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nip", "nama", "kata_sandi_awal"])
    for user, password in created:
        writer.writerow([user.nip, without_control_characters(user.name, multiline=False), password])
    return out.getvalue()
