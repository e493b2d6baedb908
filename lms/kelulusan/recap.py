"""THE recap of an angkatan: every component per participant from its source, the final score, band, rank and
pass/fail under the angkatan's program (lms.program). Plain values out; each source answers for all participants at
once, so the number of statements does not grow with the angkatan."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.people.models import Enrolment, Instansi
from lms.program.composition import Verdict, verdict
from lms.program.sources import component_sources, klasikal_attendance
from lms.program.spec import Program
from lms.program.versions import program_of_text, version_for_angkatan


@dataclass(frozen=True)
class Participant:
    user_id: int
    nip: str | None
    name: str
    ndh: int | None
    instansi_id: int
    instansi: str


@dataclass(frozen=True)
class RecapRow:
    participant: Participant
    verdict: Verdict
    attendance: Decimal | None
    rank: int | None  # among the angkatan's participants with a final score (ties share a rank)


@dataclass(frozen=True)
class Recap:
    program: Program
    version_id: int
    rows: tuple[RecapRow, ...]

    @property
    def complete(self) -> bool:
        return all(row.verdict.complete for row in self.rows)


def participants(angkatan_id: int, instansi_ids=None) -> list[Participant]:
    """The angkatan's participants in attendance-list order (NDH, then name); only those instansi's with
    instansi_ids (an instansi viewer's)."""
    query = (
        select(User.id, User.nip, User.name, Enrolment.ndh, Instansi.id, Instansi.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .order_by(Enrolment.ndh.is_(None), Enrolment.ndh, User.name, User.id)
    )
    if instansi_ids is not None:
        query = query.where(Enrolment.instansi_id.in_(instansi_ids))
    return [Participant(*row) for row in db.session.execute(query)]


def ranks(finals: dict[int, Decimal | None]) -> dict[int, int]:
    """Competition ranking by final score, highest first: equal scores share a rank, the next rank skips (1, 2, 2,
    4). Participants without a final score have none."""
    scored = sorted((score for score in finals.values() if score is not None), reverse=True)
    first_place = {}
    for place, score in enumerate(scored, start=1):
        first_place.setdefault(score, place)
    return {user_id: first_place[score] for user_id, score in finals.items() if score is not None}


def component_scores(program: Program, user_ids: list[int]) -> dict[int, dict[str, Decimal | None]]:
    """Each participant's score per component code, from the sources the program names (one call per source)."""
    sources = component_sources()
    scores: dict[int, dict] = {user_id: {} for user_id in user_ids}
    for component in program.components:
        answered = sources[component.source](user_ids, program) if user_ids else {}
        for user_id in user_ids:
            scores[user_id][component.code] = answered.get(user_id)
    return scores


def angkatan_recap(angkatan_id: int, instansi_ids=None, program_version=None) -> Recap:
    """The recap of one angkatan under the program it follows (or `program_version`, for a recompute's preview).
    Ranks are over the whole angkatan even when only some instansi's rows are returned."""
    version = program_version or version_for_angkatan(angkatan_id)
    program = program_of_text(version.source)
    everyone = participants(angkatan_id)
    user_ids = [p.user_id for p in everyone]
    scores = component_scores(program, user_ids)
    attendance = klasikal_attendance(user_ids) if user_ids else {}
    verdicts = {uid: verdict(program, scores[uid], attendance.get(uid)) for uid in user_ids}
    ranked = ranks({uid: v.final for uid, v in verdicts.items()})
    shown = everyone if instansi_ids is None else participants(angkatan_id, instansi_ids)
    rows = tuple(RecapRow(p, verdicts[p.user_id], attendance.get(p.user_id), ranked.get(p.user_id)) for p in shown)
    return Recap(program, version.id, rows)
