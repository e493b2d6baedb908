"""A seminar's result sheet: per participant in order, each scorer's score, who is missing, disagreements and
the seminar score (lms.seminar.results); shown to the coordinator and exported to XLSX and PDF."""

from dataclasses import dataclass

from lms.core.i18n import format_number, local_time_span
from lms.seminar.models import Seminar, SeminarPlace
from lms.seminar.results import Result, expected_roles, result_of

ROLE_LABELS = {"penguji": "Penguji", "coach": "Coach", "mentor": "Mentor"}


@dataclass(frozen=True)
class SheetRow:
    place: SeminarPlace
    scores: dict  # role -> SeminarScore (drafts too)
    result: Result


def place_result(seminar: Seminar, place: SeminarPlace) -> Result:
    enrolment = place.enrolment
    expected = expected_roles(
        seminar.scorers, has_coach=enrolment.coach_id is not None, has_mentor=enrolment.mentor_id is not None
    )
    submitted = {s.role: s.score for s in place.scores if s.submitted_at is not None and s.score is not None}
    return result_of(expected, submitted)


def sheet_rows(seminar: Seminar) -> list[SheetRow]:
    return [SheetRow(p, {s.role: s for s in p.scores}, place_result(seminar, p)) for p in seminar.places]


def export_table(seminar: Seminar) -> tuple[list[str], list[list]]:
    """Header and rows of the result sheet (NIP, name, each scorer's score, the seminar score, the status)."""
    roles = list(seminar.scorers)
    header = ["No", "NIP", "Nama", *(f"Nilai {ROLE_LABELS[r].lower()}" for r in roles), "Nilai seminar", "Keterangan"]
    rows = []
    for n, row in enumerate(sheet_rows(seminar), start=1):
        user = row.place.enrolment.user
        per_role = [row.result.submitted.get(r, "") if r in row.result.expected else "-" for r in roles]
        if row.result.final:
            status = "lengkap"
        else:
            status = "menunggu nilai " + ", ".join(ROLE_LABELS[r].lower() for r in row.result.missing)
        if row.result.spread is not None:
            status += f"; selisih penilai {format_number(row.result.spread, 2)} poin"
        rows.append([n, user.nip, user.name, *per_role, row.result.score if row.result.final else "", status])
    return header, rows


def sheet_title(seminar: Seminar) -> list[str]:
    """The lines above the table: which seminar, when, where, who examined."""
    kind = "Seminar rancangan aktualisasi" if seminar.kind == "rancangan" else "Seminar aktualisasi"
    place = " · ".join(x for x in (seminar.room, seminar.link) if x)
    when = local_time_span(seminar.starts_at, seminar.ends_at, seminar.angkatan.tz_name)
    return [
        f"{kind} · {seminar.angkatan.name}",
        when + (f" · {place}" if place else ""),
        f"Penguji: {seminar.examiner.name}",
    ]
