"""The demo's finished angkatan (Angkatan 68): every phase behind it, every score in (MOOC and PJJ evaluations, the
two seminars scored by their penguji, the attitude instruments of its widyaiswara and committee, the klasikal
attendance), so lms.kelulusan.demo prepares and ratifies its result and a newcomer sees the end of the journey.

The scores are written as rows, as the features store them after their own pages (each feature's demo shows its
pages at work); the result is composed, prepared and ratified by the real functions."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.attendance.klasikal import Entry, record
from lms.attendance.models import TrainingSession
from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import Rubric, rubric_score
from lms.people.demo import DEMO_GOLONGAN, INSTANSI, LEMBAGA, add_demo_participant
from lms.people.models import Angkatan, AngkatanCommittee, AngkatanInstructor, Enrolment, Instansi, Lembaga
from lms.phases.demo import schedule_dates
from lms.phases.ledger_values import record_completion
from lms.phases.models import Phase, PhaseCompletion, PhaseSchedule
from lms.program.versions import latest_version, program_of_text
from lms.quiz.ledger_values import record_phase_result
from lms.quiz.models import PhaseResult
from lms.seminar.ledger_values import record_score as record_seminar_score
from lms.seminar.models import Seminar, SeminarPlace, SeminarScore
from lms.seminar.program import ProgramError, load_rubric
from lms.sikap.models import SikapScore

NUMBER = 68
PARTICIPANTS = 12
COMMITTEE = ("Wulan Sari", "19900310 201503 2 011", "panitia2@latsar.test")
# Participant n (0-based) at this level of skill: most pass, one fails on the attitude minimum, one on the band.
WEAK_ATTITUDE, WEAK_OVERALL = 10, 11


def _levels(rubric: Rubric, rng: random.Random, skill: float) -> dict[int, str]:
    """Levels near the top for a strong participant, lower for a weak one."""
    chosen = {}
    for index, criterion in enumerate(rubric.criteria):
        points = sorted(level.points for level in criterion.levels)
        at = min(len(points) - 1, max(0, round(skill * (len(points) - 1) + rng.choice((-1, 0, 0, 1)) * 0.5)))
        chosen[index] = str(points[at])
    return chosen


def _angkatan(today: date) -> tuple[Angkatan, list[User], User]:
    lembaga = db.session.scalar(select(Lembaga).where(Lembaga.name == LEMBAGA))
    instansi = list(db.session.scalars(select(Instansi).where(Instansi.name.in_(INSTANSI)).order_by(Instansi.id)))
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    angkatan = Angkatan(lembaga=lembaga, number=NUMBER, year=today.year, name=f"Angkatan {NUMBER} Tahun {today.year}")
    db.session.add(angkatan)
    db.session.flush()
    # Every phase behind it: klasikal ended a week ago.
    for code, opens, closes in schedule_dates(today - timedelta(days=130)):
        db.session.add(
            PhaseSchedule(angkatan_id=angkatan.id, phase_id=phases[code].id, opens_on=opens, closes_on=closes)
        )
    for instructor_id in db.session.scalars(select(User.id).where(User.role == Role.INSTRUCTOR.value)):
        db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=instructor_id))
    rng = random.Random(NUMBER)
    hash_from = db.session.scalar(select(User.password_hash).where(User.role == Role.COORDINATOR.value).limit(1))
    people = []
    for n in range(PARTICIPANTS):
        user = add_demo_participant(rng, rng.random() < 0.55, 800 + n, hash_from)
        db.session.add(
            Enrolment(
                user_id=user.id,
                angkatan_id=angkatan.id,
                instansi_id=instansi[n % len(instansi)].id,
                golongan=DEMO_GOLONGAN[n % len(DEMO_GOLONGAN)],
                ndh=n + 1,
            )
        )
        people.append(user)
    name, nip, email = COMMITTEE
    committee = User(
        name=name, nip=nip.replace(" ", ""), email=email, role=Role.COMMITTEE.value, password_hash=hash_from
    )
    db.session.add(committee)
    db.session.flush()
    db.session.add(AngkatanCommittee(angkatan_id=angkatan.id, user_id=committee.id))
    for phase in phases.values():  # each phase completed (the gates the earlier phases' demos show at work)
        for user in people:
            db.session.add(PhaseCompletion(user_id=user.id, phase_id=phase.id, source="requirements"))
            record_completion("phase.complete", user.id, phase.id, "requirements")  # the gate's ledger entry
    db.session.flush()
    return angkatan, people, committee


def _skill(n: int) -> float:
    return 0.35 if n == WEAK_OVERALL else 0.95 - (n % 5) * 0.08


def _evaluations(people: list[User], rng: random.Random) -> None:
    phase_ids = dict(db.session.execute(select(Phase.code, Phase.id)).all())
    for n, user in enumerate(people):
        for code in ("mooc", "pjj"):
            score = Decimal(str(round(60 + 40 * _skill(n) - rng.random() * 6, 2)))
            db.session.add(PhaseResult(user_id=user.id, phase_id=phase_ids[code], score=score, quizzes_passed=1))
            record_phase_result(user.id, phase_ids[code], score)


def _seminars(angkatan: Angkatan, people: list[User], penguji: User, today: date, rng: random.Random) -> None:
    zone = ZoneInfo(angkatan.tz_name)
    enrolments = {
        e.user_id: e for e in db.session.scalars(select(Enrolment).where(Enrolment.angkatan_id == angkatan.id))
    }
    for kind, days_ago in (("rancangan", 75), ("aktualisasi", 9)):
        program = load_rubric(kind)
        starts = datetime.combine(today - timedelta(days=days_ago), time(8), zone)
        seminar = Seminar(
            angkatan_id=angkatan.id,
            kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(hours=6),
            room="Ruang Seminar 1",
            examiner_id=penguji.id,
            rubric=program.rubric.as_dict(),
            scorers=["penguji"],  # these participants had no coach or mentor in the system
        )
        db.session.add(seminar)
        db.session.flush()
        for n, user in enumerate(people):
            place = SeminarPlace(seminar_id=seminar.id, enrolment_id=enrolments[user.id].id, kind=kind, position=n + 1)
            db.session.add(place)
            db.session.flush()
            levels = _levels(program.rubric, rng, _skill(n))
            score = SeminarScore(
                place_id=place.id,
                role="penguji",
                scorer_id=penguji.id,
                levels={str(i): p for i, p in levels.items()},
                score=rubric_score(program.rubric, levels),
                submitted_at=starts + timedelta(hours=5),
            )
            db.session.add(score)
            db.session.flush()
            record_seminar_score("seminar.submit", score, user.id, penguji.id)


def _attitude(angkatan: Angkatan, people: list[User], committee: User, version, rng: random.Random) -> None:
    program = program_of_text(version.source)
    widyaiswara = db.session.scalar(select(User.id).where(User.role == Role.INSTRUCTOR.value).order_by(User.id))
    scorer_of = {"widyaiswara": widyaiswara, "committee": committee.id}
    now = utcnow()
    for instrument in program.instruments:
        role = next((r for r in instrument.scorers if r in scorer_of), None)
        if role is None or scorer_of[role] is None:
            continue  # a coach's or mentor's instrument: these participants had none
        for n, user in enumerate(people):
            skill = 0.2 if n == WEAK_ATTITUDE else _skill(n)
            levels = _levels(instrument.rubric, rng, skill)
            score = SikapScore(
                user_id=user.id,
                angkatan_id=angkatan.id,
                instrument=instrument.code,
                role=role,
                scorer_id=scorer_of[role],
                version_id=version.id,
                levels={str(i): p for i, p in levels.items()},
                score=rubric_score(instrument.rubric, levels),
                submitted_at=now,
            )
            db.session.add(score)


def _klasikal(angkatan: Angkatan, people: list[User], committee: User) -> None:
    phase_id = db.session.scalar(select(Phase.id).where(Phase.code == "klasikal"))
    opens, closes = db.session.execute(
        select(PhaseSchedule.opens_on, PhaseSchedule.closes_on).where(
            PhaseSchedule.angkatan_id == angkatan.id, PhaseSchedule.phase_id == phase_id
        )
    ).one()
    zone, day, index = ZoneInfo(angkatan.tz_name), opens, 0
    while day <= closes:
        if day.weekday() < 5:
            starts = datetime.combine(day, time(8), zone)
            session = TrainingSession(
                angkatan_id=angkatan.id,
                phase_id=phase_id,
                topic=f"Pembelajaran klasikal hari ke-{index + 1}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=8),
                jp=10 if index else 12,
                mode="tatap_muka",
                room="Aula Utama",
            )
            db.session.add(session)
            db.session.flush()
            for n, user in enumerate(people):
                entry = Entry("sakit", note="Surat keterangan dokter") if (n, index) == (3, 2) else Entry("hadir")
                record(session, user.id, entry, committee.id, expected=None, shown="alpa", via="daftar")
            index += 1
        day += timedelta(days=1)


def seed_finished(today: date) -> Angkatan | None:
    """Angkatan 68 with every score in, or None when no program was imported (nothing composes a result then)."""
    version = latest_version()
    if version is None:
        return None
    try:
        load_rubric("rancangan")
    except ProgramError:
        return None
    angkatan, people, committee = _angkatan(today)
    rng = random.Random(NUMBER * 7)
    penguji = db.session.scalar(select(User).where(User.role == Role.INSTRUCTOR.value).order_by(User.id.desc()))
    _evaluations(people, rng)
    _seminars(angkatan, people, penguji, today, rng)
    _attitude(angkatan, people, committee, version, rng)
    _klasikal(angkatan, people, committee)
    db.session.flush()
    return angkatan


def finished_login() -> dict[str, str]:
    """The demo participant of the finished angkatan with the best result (NDH 6 of Angkatan 68: their STTPL too)."""
    nip = db.session.scalar(
        select(User.nip)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(Angkatan.number == NUMBER, Enrolment.ndh == 6)
    )
    return {"participant (lulus, Angkatan 68)": nip} if nip else {}
