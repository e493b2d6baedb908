"""Demo: Angkatan 69 on campus for its six klasikal days (62 JP): two sessions a day from two workdays ago to
three workdays ahead, its committee member (the demo's committee login) who took the past days' attendance through
the list's own rule (a few late arrivals, an izin, a sakit, an absence) and most of today's started sessions; the
participant login (NDH 1) is left unrecorded today, to try the QR scan."""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from lms.attendance.klasikal import Entry, record
from lms.attendance.models import TrainingSession
from lms.attendance.schedule import to_utc
from lms.auth.models import Role, User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.demo import DEMO_GOLONGAN, INSTANSI, LEMBAGA, add_demo_participant
from lms.people.models import Angkatan, AngkatanCommittee, AngkatanInstructor, Enrolment, Instansi, Lembaga
from lms.phases.demo import schedule_dates
from lms.phases.models import Phase, PhaseSchedule

NUMBER = 69
PARTICIPANTS = 40
COMMITTEE = ("Bayu Pranata", "19880214 201203 1 010", "panitia1@latsar.test")
# (topic, room) for the morning (08.00-12.00) and the afternoon (13.00-16.30) of each day; 5 JP each, the last
# day 6 each: 62 JP.
DAYS = [
    (("Pembukaan dan orientasi kampus", "Aula Utama"), ("Kesiapsiagaan bela negara", "Lapangan upacara")),
    (
        ("Seminar aktualisasi kelompok 1 dan 2", "Ruang Garuda"),
        ("Seminar aktualisasi kelompok 3 dan 4", "Ruang Garuda"),
    ),
    (("Penguatan nilai BerAKHLAK", "Aula Utama"), ("Seminar aktualisasi: perbaikan", "Ruang Rajawali")),
    (("Evaluasi akhir tipe A", "Ruang Rajawali"), ("Evaluasi akhir tipe B", "Ruang Rajawali")),
    (("Kegiatan kebersamaan angkatan", "Lapangan upacara"), ("Pembinaan mental dan etika ASN", "Aula Utama")),
    (("Evaluasi penyelenggaraan", "Aula Utama"), ("Penutupan", "Aula Utama")),
]
HALVES = ((time(8), time(12)), (time(13), time(16, 30)))
# (day index, half, NDH) -> what the committee recorded instead of present.
EXCEPTIONS = {
    (0, 0, 7): Entry("terlambat", "", 25),
    (0, 1, 12): Entry("izin", "Surat izin kepala dinas: mengurus keluarga yang sakit"),
    (1, 0, 12): Entry("izin", "Surat izin kepala dinas, hari kedua"),
    (1, 0, 19): Entry("sakit", "Surat keterangan dokter puskesmas"),
    (1, 1, 19): Entry("sakit", "Surat keterangan dokter puskesmas"),
    (1, 1, 7): Entry("terlambat", "", 10),
    (1, 1, 33): Entry("alpa", "Tidak hadir tanpa keterangan; sudah dihubungi lewat telepon"),
}
TODAY_UNRECORDED = 10  # of today's started sessions, the last NDH left for the committee to take (and NDH 1)


def klasikal_days(today: date) -> list[date]:
    """Two workdays before today, today (even on a weekend, so the demo always has a today), three after."""
    before, day = [], today
    while len(before) < 2:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            before.append(day)
    after, day = [], today
    while len(after) < 3:
        day += timedelta(days=1)
        if day.weekday() < 5:
            after.append(day)
    return sorted(before) + [today] + after


@dataclass
class _World:
    angkatan: Angkatan
    people: list[User]
    committee: User


def _world(today: date, days: list[date], password_hash: str) -> _World:
    lembaga = db.session.scalar(select(Lembaga).where(Lembaga.name == LEMBAGA))
    instansi = list(db.session.scalars(select(Instansi).where(Instansi.name.in_(INSTANSI)).order_by(Instansi.id)))
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    angkatan = Angkatan(lembaga=lembaga, number=NUMBER, year=today.year, name=f"Angkatan {NUMBER} Tahun {today.year}")
    db.session.add(angkatan)
    db.session.flush()
    # The earlier phases in the programme's proportions, ending the day before the first klasikal day.
    dates = schedule_dates(days[0] - timedelta(days=95))[:3] + [("klasikal", days[0], days[-1])]
    for code, opens, closes in dates:
        db.session.add(
            PhaseSchedule(angkatan_id=angkatan.id, phase_id=phases[code].id, opens_on=opens, closes_on=closes)
        )
    for instructor_id in db.session.scalars(select(User.id).where(User.role == Role.INSTRUCTOR.value)):
        db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=instructor_id))
    rng = random.Random(NUMBER)
    people = []
    for n in range(PARTICIPANTS):
        user = add_demo_participant(rng, rng.random() < 0.55, 600 + n, password_hash)
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
        name=name, nip=nip.replace(" ", ""), email=email, role=Role.COMMITTEE.value, password_hash=password_hash
    )
    db.session.add(committee)
    db.session.flush()
    db.session.add(AngkatanCommittee(angkatan_id=angkatan.id, user_id=committee.id))
    db.session.flush()
    return _World(angkatan, people, committee)


def seed_klasikal(today: date, password_hash: str) -> Angkatan:
    """Angkatan 69 in klasikal, its sessions, its committee member and the attendance taken so far."""
    days = klasikal_days(today)
    world = _world(today, days, password_hash)
    instructors = list(db.session.scalars(select(User.id).where(User.role == Role.INSTRUCTOR.value).order_by(User.id)))
    phase_id = db.session.scalar(select(Phase.id).where(Phase.code == "klasikal"))
    tz, now = world.angkatan.tz_name, utcnow()
    for index, (day, topics) in enumerate(zip(days, DAYS, strict=True)):
        for half, ((topic, room), (begins, ends)) in enumerate(zip(topics, HALVES, strict=True)):
            session = TrainingSession(
                angkatan_id=world.angkatan.id,
                phase_id=phase_id,
                topic=topic,
                widyaiswara_id=instructors[half % len(instructors)] if instructors else None,
                starts_at=to_utc(day, begins, tz),
                ends_at=to_utc(day, ends, tz),
                jp=6 if index == len(DAYS) - 1 else 5,
                mode="tatap_muka",
                room=room,
            )
            db.session.add(session)
            db.session.flush()
            if session.starts_at <= now:
                _take_attendance(session, index, half, world, today_session=day == today, ended=session.ends_at <= now)
    db.session.flush()
    return world.angkatan


def _take_attendance(session: TrainingSession, index: int, half: int, world: _World, *, today_session, ended) -> None:
    """The committee's list, as the page applies it (lms.attendance.klasikal.record)."""
    for ndh, person in enumerate(world.people, start=1):
        if today_session and (ndh == 1 or ndh > PARTICIPANTS - TODAY_UNRECORDED):
            continue
        entry = EXCEPTIONS.get((index, half, ndh), Entry("hadir"))
        shown = "alpa" if ended else "belum"
        record(session, person.id, entry, world.committee.id, expected=None, shown=shown, via="daftar")


def klasikal_login() -> dict[str, str]:
    """The demo participant on campus (NDH 1 of Angkatan 69)."""
    nip = db.session.scalar(
        select(User.nip)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Angkatan, Angkatan.id == Enrolment.angkatan_id)
        .where(Angkatan.number == NUMBER, Enrolment.ndh == 1)
    )
    return {"participant (klasikal)": nip} if nip else {}
