"""The demo seminar: a seminar rancangan today in the demo angkatan whose plans exist, examined by the demo penguji
login, with two participants whose plans are written and approved by their mentors for it, placed through the
real rules; the first one scored (the second waits for the penguji)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.aktualisasi.demo import write_approved_plan
from lms.aktualisasi.models import Plan
from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.people.demo import first_participant_id
from lms.people.models import Angkatan, Enrolment
from lms.seminar import scheduling
from lms.seminar.scoring import ScoreInput, save_score

PENGUJI_NIP = "196805051993031006"
PENGUJI_NAME = "Drs. Hadi Prasetyo, M.Pd."


def seminar_login() -> dict[str, str]:
    nip = db.session.scalar(select(User.nip).where(User.nip == PENGUJI_NIP))
    return {"penguji (seminar)": nip} if nip else {}


def _seminar_participants(angkatan: Angkatan, count: int) -> list[Enrolment]:
    """Participants with a coach and a mentor and no plan yet (the plan demo's states stay as they are), never the
    demo participant login, who starts fresh."""
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(
                Enrolment.angkatan_id == angkatan.id,
                Enrolment.coach_id.is_not(None),
                Enrolment.mentor_id.is_not(None),
                Enrolment.user_id.not_in(select(Plan.user_id)),
                Enrolment.user_id != first_participant_id(),
            )
            .order_by(Enrolment.ndh, Enrolment.id)
            .limit(count)
        )
    )


def seed_seminar(angkatan: Angkatan, today, password_hash: str) -> None:
    """angkatan: the one lms.aktualisasi.demo.seed_plans wrote plans in."""
    penguji = User(name=PENGUJI_NAME, nip=PENGUJI_NIP, role=Role.INSTRUCTOR.value, password_hash=password_hash)
    db.session.add(penguji)
    db.session.flush()
    coordinator_id = db.session.scalar(select(User.id).where(User.role == Role.COORDINATOR.value).order_by(User.id))
    enrolments = _seminar_participants(angkatan, 2)
    for n, enrolment in enumerate(enrolments):
        write_approved_plan(enrolment, n + 1)
    zone = ZoneInfo(angkatan.tz_name)
    starts = datetime.combine(today, time(8, 0), zone)
    given = scheduling.SessionInput(starts, starts + timedelta(hours=4), "Ruang Seminar 2, Gedung B", "", penguji.id)
    seminar = scheduling.schedule(angkatan.id, "rancangan", given, actor_id=coordinator_id)
    places = [scheduling.add_participant(seminar, e, actor_id=coordinator_id) for e in enrolments]
    if places:  # the first scored and submitted; the second waits for the penguji login
        top = {i: str(max(int(lv["points"]) for lv in c["levels"])) for i, c in enumerate(seminar.rubric["criteria"])}
        chosen = {**top, 0: "3"}
        notes = "Paparan runtut. Perjelas data antrean sebelum dan sesudah kegiatan."
        save_score(places[0], "penguji", penguji.id, ScoreInput(chosen, notes, submit=True))
