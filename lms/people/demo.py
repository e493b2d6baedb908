"""Demo people: one lembaga (BPSDMD Banten) running three angkatan of 40 that mix the CPNS of three instansi,
with valid NIPs and Indonesian names, golongan and NDH, and staff (a personnel officer per instansi too).

lms/demo.py composes this with the other features' demo functions."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.auth.nip import check_nip
from lms.core.extensions import db
from lms.people.models import (
    Angkatan,
    AngkatanInstructor,
    CoordinatorLembaga,
    Enrolment,
    Instansi,
    InstansiViewer,
    Lembaga,
    TutorGroup,
)

DEMO_PASSWORD = "latsar-demo-2026"

FIRST_NAMES_M = [
    "Agus",
    "Budi",
    "Dimas",
    "Eko",
    "Fajar",
    "Gilang",
    "Hendra",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nanda",
    "Oki",
    "Putu",
    "Rizki",
    "Sigit",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Arief",
    "Bayu",
    "Made",
    "Ketut",
    "Andi",
    "La Ode",
    "I Gede",
    "Ridwan",
    "Zulkifli",
    "Hasan",
]
FIRST_NAMES_F = [
    "Ayu",
    "Bunga",
    "Citra",
    "Dewi",
    "Endah",
    "Fitri",
    "Gita",
    "Hana",
    "Indah",
    "Juwita",
    "Kartika",
    "Lestari",
    "Maya",
    "Nur",
    "Putri",
    "Ratna",
    "Siti",
    "Tri",
    "Utami",
    "Wulan",
    "Yuni",
    "Anisa",
    "Ni Luh",
    "Rahmawati",
    "Dian",
    "Sri",
    "Nurul",
    "Intan",
    "Febri",
    "Laila",
]
LAST_NAMES = [
    "Saputra",
    "Wibowo",
    "Hidayat",
    "Santoso",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Wijaya",
    "Kusuma",
    "Setiawan",
    "Purnomo",
    "Rahman",
    "Hakim",
    "Susanto",
    "Handayani",
    "Permata",
    "Sari",
    "Anggraini",
    "Maharani",
    "Pertiwi",
    "Rahayu",
    "Wulandari",
    "Sembiring",
    "Tarigan",
    "Manurung",
    "Pangaribuan",
    "Daulay",
    "Sinaga",
    "Tanjung",
    "Syahputra",
    "Lumbantobing",
    "Mahendra",
    "Firmansyah",
    "Gunawan",
    "Kurniasih",
    "Ramadhan",
]

INSTANSI = ["Pemerintah Kota Tangerang", "Pemerintah Kota Cilegon", "Pemerintah Kabupaten Tangerang"]
LEMBAGA = "BPSDMD Provinsi Banten"
# Latsar participants are golongan II (diploma) or III (graduates), most of them III/a.
DEMO_GOLONGAN = ["III/a", "III/a", "III/a", "II/c", "III/b", "II/a"]
# The personnel officers (BKPSDM/BKD) who follow each instansi's CPNS.
VIEWERS = [
    ("Dewi Lestari", "19850305 201001 2 006", "bkpsdm.tangerang@latsar.test"),
    ("Hadi Prasetyo", "19830918 200902 1 007", "bkpsdm.cilegon@latsar.test"),
    ("Nur Aini", "19870427 201101 2 008", "bkpsdm.kabtangerang@latsar.test"),
]


def make_nip(rng: random.Random, female: bool, sequence: int, start_year: int = 2025) -> str:
    born = date(1990, 1, 1) + timedelta(days=rng.randrange(0, 365 * 10))
    nip = f"{born:%Y%m%d}{start_year}{rng.randint(1, 3):02d}{2 if female else 1}{sequence:03d}"
    assert check_nip(nip).ok, nip
    return nip


def _person(rng: random.Random, female: bool) -> str:
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    return f"{first} {rng.choice(LAST_NAMES)}"


def add_demo_participant(rng: random.Random, female: bool, sequence: int, password_hash: str) -> User:
    """A participant account with a demo name and NIP (the later features' demo angkatan add theirs this way)."""
    name = _person(rng, female)
    user = User(
        name=name, nip=make_nip(rng, female, sequence), role=Role.PARTICIPANT.value, password_hash=password_hash
    )
    db.session.add(user)
    db.session.flush()
    return user


@dataclass
class DemoPeople:
    """What the other features' demo functions build on."""

    rng: random.Random  # the same sequence runs on through the activity demo, so every run makes the same data
    coordinator: User
    instructors: list[User]
    cohorts: list[tuple[Angkatan, date]] = field(default_factory=list)  # each angkatan and its first day


def demo_exists() -> bool:
    return db.session.scalar(select(Instansi.id).where(Instansi.name == INSTANSI[0])) is not None


def seed_people(today: date, password: str = DEMO_PASSWORD) -> DemoPeople:
    """One lembaga running three angkatan of 40 participants in four tutor groups, the participants of each
    angkatan employees of the three instansi, mixed; the coordinator, instructors and instansi viewers."""
    rng = random.Random(2026)
    password_hash = User(password_hash="")
    password_hash.set_password(password)  # one scrypt hash shared by the demo accounts: fast to seed

    def user(name, nip, role, email=None):
        u = User(name=name, nip=nip, role=role, email=email, password_hash=password_hash.password_hash)
        db.session.add(u)
        return u

    admin = user("Ahmad Fauzi", "19750312 200003 1 002", Role.ADMIN.value, "admin@latsar.test")
    coordinator = user("Sri Wahyuningsih", "19800615 200501 2 003", Role.COORDINATOR.value, "koordinator@latsar.test")
    instructors = [
        user("Dr. Bambang Sutrisno", "19700101 199503 1 004", Role.INSTRUCTOR.value, "widyaiswara1@latsar.test"),
        user("Rina Marlina, M.Si.", "19781120 200212 2 005", Role.INSTRUCTOR.value, "widyaiswara2@latsar.test"),
    ]
    viewers = [user(name, nip, Role.INSTANSI_VIEWER.value, email) for name, nip, email in VIEWERS]
    for u in (admin, coordinator, *instructors, *viewers):
        u.nip = u.nip.replace(" ", "")
    lembaga = Lembaga(name=LEMBAGA, kind="bpsdmd")
    instansi = [Instansi(name=name) for name in INSTANSI]
    db.session.add_all([lembaga, *instansi])
    db.session.flush()
    db.session.add(CoordinatorLembaga(user_id=coordinator.id, lembaga_id=lembaga.id))
    for viewer, employer in zip(viewers, instansi, strict=True):
        db.session.add(InstansiViewer(user_id=viewer.id, instansi_id=employer.id))
    demo = DemoPeople(rng, coordinator, instructors)

    # Angkatan 72 is two weeks into the MOOC, 73 one week, and 74 starts next week.
    starts = [today - timedelta(days=14), today - timedelta(days=6), today + timedelta(days=5)]
    sequence = 0
    for index, start in enumerate(starts):
        angkatan = Angkatan(
            lembaga=lembaga,
            number=72 + index,
            year=today.year,
            name=f"Angkatan {72 + index} Tahun {today.year}",
            timezone="WIB",
        )
        db.session.add(angkatan)
        demo.cohorts.append((angkatan, start))
        groups = [TutorGroup(name=f"Kelompok {n}", tutor_id=instructors[n % 2].id) for n in range(1, 5)]
        angkatan.tutor_groups.extend(groups)
        db.session.flush()
        for instructor in instructors:
            db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=instructor.id))
        for n in range(40):
            female = rng.random() < 0.55
            sequence += 1
            participant = user(_person(rng, female), make_nip(rng, female, sequence), Role.PARTICIPANT.value)
            db.session.flush()
            db.session.add(
                Enrolment(
                    user_id=participant.id,
                    angkatan_id=angkatan.id,
                    instansi_id=instansi[(n + index) % 3].id,  # each angkatan mixes the three
                    golongan=DEMO_GOLONGAN[(n * 5 + index) % len(DEMO_GOLONGAN)],
                    ndh=n + 1,
                    tutor_group_id=groups[n % 4].id,
                )
            )
    db.session.flush()
    return demo


def first_participant_id() -> int | None:
    """The demo participant login (it starts fresh: no activity is seeded for it)."""
    return db.session.scalar(select(User.id).where(User.role == Role.PARTICIPANT.value).order_by(User.id))


def demo_logins() -> dict[str, str]:
    def first(role):
        return db.session.scalar(select(User.nip).where(User.role == role).order_by(User.id))

    return {role.value: first(role.value) for role in Role}
