"""Demo: Angkatan 71, in the middle of PJJ: two sessions a workday over its 22 PJJ workdays (the demo
instructor teaches the mornings), attendance for the past ones with a few izin/sakit corrections and one
participant whose check-ins come the same 42 seconds after every code (flagged), today's sessions, the rest."""

import random
from datetime import date, time, timedelta

from sqlalchemy import select

from lms.attendance.checkin import new_code
from lms.attendance.corrections import correct
from lms.attendance.models import Checkin, CheckinCode, TrainingSession
from lms.attendance.schedule import to_utc
from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.demo import FIRST_NAMES_F, FIRST_NAMES_M, INSTANSI, LAST_NAMES, LEMBAGA, make_nip
from lms.people.models import Angkatan, AngkatanInstructor, Enrolment, Instansi, Lembaga
from lms.phases.demo import schedule_dates
from lms.phases.models import Phase, PhaseSchedule

NUMBER = 71
TOPICS = [
    (1, "Wawasan Kebangsaan dan Nilai-Nilai Bela Negara"),
    (1, "Analisis Isu Kontemporer"),
    (1, "Kesiapsiagaan Bela Negara"),
    (2, "Berorientasi Pelayanan"),
    (2, "Akuntabel"),
    (2, "Kompeten"),
    (2, "Harmonis"),
    (2, "Loyal"),
    (2, "Adaptif"),
    (2, "Kolaboratif"),
    (3, "Smart ASN"),
    (3, "Manajemen ASN"),
]
SCRIPTED = 5  # the participant (by NDH) whose check-ins a script makes: the same delay every time
PJJ_WORKDAYS = 22
# (session number from the first, NDH) -> the correction a coordinator made for an absence.
CORRECTIONS = {
    (2, 12): ("izin", "Surat tugas dari atasan"),
    (5, 23): ("sakit", "Surat keterangan dokter"),
    (6, 23): ("sakit", "Surat keterangan dokter, hari kedua"),
    (9, 31): ("dinas", "Dinas luar kota, surat tugas terlampir"),
}


def workdays(opens: date, count: int, today: date) -> list[date]:
    """The first `count` weekdays from `opens`, and today even on a weekend (so the demo always has a today)."""
    days, day = [], opens
    while len(days) < count:
        if day.weekday() < 5 or day == today:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed_attendance(today: date, rng: random.Random, password_hash: str) -> tuple[Angkatan, int]:
    """Angkatan 71 with its PJJ sessions and attendance; returns it and its demo login's user id (NDH 1)."""
    lembaga = db.session.scalar(select(Lembaga).where(Lembaga.name == LEMBAGA))
    instansi = list(db.session.scalars(select(Instansi).where(Instansi.name.in_(INSTANSI)).order_by(Instansi.id)))
    instructors = list(db.session.scalars(select(User).where(User.role == Role.INSTRUCTOR.value).order_by(User.id)))
    coordinator = db.session.scalar(select(User).where(User.role == Role.COORDINATOR.value).order_by(User.id))
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    angkatan = Angkatan(lembaga=lembaga, number=NUMBER, year=today.year, name=f"Angkatan {NUMBER} Tahun {today.year}")
    db.session.add(angkatan)
    db.session.flush()
    start = today - timedelta(days=38)  # the MOOC is over; PJJ opened about eleven workdays ago
    for code, opens, closes in schedule_dates(start):
        db.session.add(
            PhaseSchedule(angkatan_id=angkatan.id, phase_id=phases[code].id, opens_on=opens, closes_on=closes)
        )
    for instructor in instructors:
        db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=instructor.id))
    people = []
    for n in range(40):
        female = rng.random() < 0.55
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        user = User(
            name=f"{first} {rng.choice(LAST_NAMES)}",
            nip=make_nip(rng, female, 500 + n),
            role=Role.PARTICIPANT.value,
            password_hash=password_hash,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(Enrolment(user_id=user.id, angkatan_id=angkatan.id, instansi_id=instansi[n % 3].id, ndh=n + 1))
        people.append(user)
    _seed_sessions(
        angkatan,
        phase_id=phases["pjj"].id,
        start=start,
        today=today,
        instructors=instructors,
        people=people,
        coordinator=coordinator,
        rng=rng,
    )
    db.session.flush()
    return angkatan, people[0].id


def _seed_sessions(angkatan, phase_id, start, today, instructors, people, coordinator, rng) -> None:
    pjj_opens = schedule_dates(start)[1][1]
    now = utcnow()
    tz = angkatan.tz_name
    for index, day in enumerate(workdays(pjj_opens, PJJ_WORKDAYS, today)):
        for half, (begin, end, jp) in enumerate(((time(8), time(11, 30), 5), (time(13), time(15, 30), 5))):
            agenda, topic = TOPICS[(index * 2 + half) % len(TOPICS)]
            mode = "asinkron" if half and index % 2 else "sinkron"
            session = TrainingSession(
                angkatan_id=angkatan.id,
                phase_id=phase_id,
                agenda_number=agenda,
                topic=topic,
                widyaiswara_id=instructors[half % len(instructors)].id,
                starts_at=to_utc(day, begin, tz),
                ends_at=to_utc(day, end, tz),
                jp=2 if index == PJJ_WORKDAYS - 1 and half else jp,
                mode=mode,
                meeting_url=f"https://zoom.us/j/7100{index:02d}{half}" if mode == "sinkron" else None,
            )
            db.session.add(session)
            db.session.flush()
            if session.ends_at > now:
                continue
            opened = session.starts_at + timedelta(minutes=rng.randint(5, 40))
            code = CheckinCode(
                session_id=session.id,
                code=new_code(set()),
                opened_by_id=session.widyaiswara_id,
                opened_at=opened,
                expires_at=opened + timedelta(minutes=5),
            )
            db.session.add(code)
            db.session.flush()
            for ndh, person in enumerate(people, start=1):
                if (index * 2 + half, ndh) in CORRECTIONS:
                    status, note = CORRECTIONS[(index * 2 + half, ndh)]
                    correct(session, person.id, status, note, "alpa", coordinator.id)
                    continue
                if ndh != SCRIPTED and rng.random() < 0.08:
                    continue
                delay = 42 if ndh == SCRIPTED else rng.randint(8, 240)
                db.session.add(
                    Checkin(
                        code_id=code.id,
                        session_id=session.id,
                        user_id=person.id,
                        at=opened + timedelta(seconds=delay),
                        ip=f"36.68.{ndh}.{rng.randint(2, 250)}",
                        device=f"{person.id:032x}",
                        user_agent="Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile",
                    )
                )


def pjj_login() -> dict[str, str]:
    """The demo participant in the middle of PJJ (NDH 1 of Angkatan 71)."""
    nip = db.session.scalar(
        select(User.nip)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(Angkatan.number == NUMBER, Enrolment.ndh == 1)
    )
    return {"participant (PJJ)": nip} if nip else {}
