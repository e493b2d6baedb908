"""Fixtures for the recap pages: an angkatan under a small program whose components come from the real quiz source
and a stand-in seminar source, its klasikal attendance from a stand-in, and a reader of every kind around it."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.auth.models import Role
from lms.core.extensions import db
from lms.people.models import AngkatanCommittee, CoordinatorLembaga
from lms.phases.models import Phase
from lms.program.models import ProgramVersion
from lms.program.sources import COMPONENT_SOURCES, KLASIKAL_ATTENDANCE
from lms.quiz.models import PhaseResult
from tests.factories import (
    lembaga_for,
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
    make_user,
)
from tests.helpers.web import client_for

RECAP_PROGRAM = """
name: Program rekap uji
phases:
  - {code: mooc, jp: 48, days: 16}
  - {code: pjj, jp: 217, days: 22}
  - {code: aktualisasi, jp: 320, days: 30}
  - {code: klasikal, jp: 62, days: 6}
components:
  - {code: akademik, name: Evaluasi akademik MOOC, weight: 40, source: evaluasi_mooc}
  - {code: seminar, name: Seminar aktualisasi, weight: 60, source: seminar_aktualisasi, min_score: 60}
bands:
  - {name: Memuaskan, from: 80.01, to: 100, lulus: true}
  - {name: Cukup, from: 70.01, to: 80, lulus: true}
  - {name: Kurang, from: 0, to: 70, lulus: false}
pass_rule: {min_klasikal_attendance: 90}
"""
INJECTED = '=HYPERLINK("http://evil.example","klik")'

# What the stand-in sources answer, by user id (set by the fixture, read by the sources).
SEMINAR: dict[int, Decimal] = {}
ATTENDANCE: dict[int, Decimal] = {}


def _seminar_source():
    return {"seminar_aktualisasi": lambda user_ids, program: {u: SEMINAR[u] for u in user_ids if u in SEMINAR}}


def _attendance(user_ids):
    return {u: ATTENDANCE.get(u) for u in user_ids}


@dataclass
class RecapWorld:
    app: object
    ids: dict
    nips: dict

    def client(self, who: str):
        return client_for(self.app, self.nips[who])

    @property
    def url(self) -> str:
        return f"/kelulusan/angkatan/{self.ids['angkatan']}/rekap"


def connect_stand_ins(app) -> None:
    COMPONENT_SOURCES.connect(app, _seminar_source)  # after the seminar feature's: the stand-in wins
    KLASIKAL_ATTENDANCE.connect(app, _attendance)  # the klasikal attendance feature's, in the full product
    SEMINAR.clear()
    ATTENDANCE.clear()


def add_program(text: str = RECAP_PROGRAM) -> ProgramVersion:
    version = ProgramVersion(sha256="r" * 64, source=text, name="Program rekap uji")
    db.session.add(version)
    db.session.flush()
    return version


def score(user, mooc=None, seminar=None, attendance=None) -> None:
    if mooc is not None:
        phase_id = db.session.scalar(select(Phase.id).where(Phase.code == "mooc"))
        db.session.add(PhaseResult(user_id=user.id, phase_id=phase_id, score=Decimal(mooc)))
    if seminar is not None:
        SEMINAR[user.id] = Decimal(seminar)
    if attendance is not None:
        ATTENDANCE[user.id] = Decimal(attendance)


def make_head(*lembaga, **kwargs):
    """The head of each lembaga given (scoped like a coordinator, lms.people.models.CoordinatorLembaga)."""
    user = make_user(Role.HEAD, **kwargs)
    for item in lembaga:
        db.session.add(CoordinatorLembaga(user_id=user.id, lembaga_id=item.id))
    db.session.flush()
    return user


@pytest.fixture
def recap_world(app) -> RecapWorld:
    """Angkatan 90 of lembaga L: five participants, NDH 1-5, of instansi A (1, 3, 5) and B (2, 4): 1 passes
    (89.00, rank 1); 2 passes (86.00, rank 2); 3 has no seminar score (incomplete); 4 fails its band (62.00, rank
    4; named with a formula); 5 ties 2 (86.00, rank 2) but attended 80% of klasikal (fails). Another lembaga's
    angkatan 91 holds one employee of B. Readers: L's coordinator and head, another lembaga's coordinator and
    head, an admin, B's instansi viewer, a viewer of an instansi with nobody in 90, the angkatan's instructor and
    committee member, a mentor, and participant 1."""
    connect_stand_ins(app)
    with app.app_context():
        add_program()
        a, b, c = make_instansi("Pemerintah Kota Rekap"), make_instansi("Pemerintah Kabupaten Rekap"), make_instansi()
        angkatan = make_angkatan(a, 90)
        other_lembaga_angkatan = make_angkatan(c, 91)
        names = ["Ani Lulus", "Budi Kedua", "Citra Belum", INJECTED, "Eko Seri"]
        people = []
        for n, (name, instansi) in enumerate(zip(names, (a, b, a, b, a), strict=True), start=1):
            person = make_participant(angkatan, instansi=instansi, name=name)
            person.enrolment.ndh = n
            people.append(person)
        p1, p2, p3, p4, p5 = people
        score(p1, 95, 85, 100)
        score(p2, 80, 90, 95)
        score(p3, 90, None, 100)
        score(p4, 50, 70, 100)
        score(p5, 80, 90, 80)
        elsewhere = make_participant(other_lembaga_angkatan, instansi=b, name="Fajar Lain")
        readers = {
            "coordinator": make_coordinator(a),
            "other_coordinator": make_coordinator(c),
            "admin": make_user(Role.ADMIN),
            "head": make_head(lembaga_for(a), name="Dr. Kepala Lembaga"),
            "other_head": make_head(lembaga_for(c)),
            "viewer": make_instansi_viewer(b),
            "other_viewer": make_instansi_viewer(make_instansi()),
            "instructor": make_instructor(angkatan),
            "committee": make_user(Role.COMMITTEE),
            "mentor": make_mentor(p1),
            "p1": p1,
        }
        db.session.add(AngkatanCommittee(angkatan_id=angkatan.id, user_id=readers["committee"].id))
        db.session.commit()
        ids = {f"p{n}": p.id for n, p in enumerate(people, start=1)}
        ids |= {k: u.id for k, u in readers.items()} | {"elsewhere": elsewhere.id}
        ids |= {"angkatan": angkatan.id, "other_angkatan": other_lembaga_angkatan.id}
        nips = {k: u.nip for k, u in readers.items()} | {f"p{n}": p.nip for n, p in enumerate(people, start=1)}
        return RecapWorld(app, ids, nips)
