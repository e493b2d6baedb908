"""The discussion tests' own world, kept here because other directories have a `world` of their own:
angkatan A with two tutor groups, its staff, a second angkatan B of another instansi, and an angkatan
whose distance-learning phase has not opened yet."""

from datetime import timedelta

import pytest

from lms.core.extensions import db
from lms.people.models import Enrolment, TutorGroup
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_user,
    wib_today,
)
from tests.helpers.discussion import World, open_schedule


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        inst_a, inst_b = make_instansi("Pemerintah Kota Serang"), make_instansi("Pemerintah Kota Cilegon")
        a = make_angkatan(inst_a, 72, schedule=open_schedule())
        b = make_angkatan(inst_b, 73, schedule=open_schedule())
        later = wib_today() + timedelta(days=12)
        locked = make_angkatan(
            inst_a, 74, schedule=[(wib_today(), later - timedelta(days=1)), (later, later + timedelta(days=20))]
        )
        tutor1 = make_user("instructor", name="Tutor Satu Wibowo")
        tutor2 = make_user("instructor", name="Tutor Dua Lestari")
        g1, g2 = (
            TutorGroup(angkatan_id=a.id, name="Kelompok 1", tutor_id=tutor1.id),
            TutorGroup(angkatan_id=a.id, name="Kelompok 2", tutor_id=tutor2.id),
        )
        db.session.add_all([g1, g2])
        db.session.flush()
        people = {
            "siti": make_participant(a, name="Siti Rahayu"),
            "budi": make_participant(a, name="Budi Santoso"),
            "dewi": make_participant(a, name="Dewi Lestari"),
            "bayu": make_participant(b, name="Bayu Pratama"),
            "lina": make_participant(locked, name="Lina Marlina"),
            "instructor": make_instructor(a, name="Dr. Bambang Sutrisno"),
            "instructor_b": make_instructor(b, name="Rina Marlina, M.Si."),
            "coordinator": make_coordinator(inst_a, name="Sri Wahyuningsih"),
            "coordinator_b": make_coordinator(inst_b, name="Agus Hidayat"),
            "admin": make_user("admin", name="Ahmad Fauzi"),
            "tutor1": tutor1,
            "tutor2": tutor2,
        }
        groups = {"siti": g1.id, "budi": g1.id, "dewi": g2.id}
        for who, gid in groups.items():
            db.session.get(Enrolment, people[who].enrolment.id).tutor_group_id = gid
        db.session.commit()
        return World(a.id, b.id, locked.id, g1.id, g2.id, {k: (u.id, u.nip) for k, u in people.items()})
