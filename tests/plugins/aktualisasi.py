"""Fixtures for the aktualisasi plan: one angkatan with two participants and everyone around them."""

from dataclasses import dataclass

import pytest

from lms.core.extensions import db
from lms.people.models import SeminarExaminer
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
)
from tests.helpers.web import client_for


@dataclass
class PlanWorld:
    app: object
    ids: dict
    nips: dict

    def client(self, who: str):
        return client_for(self.app, self.nips[who])


@pytest.fixture
def plan_world(app) -> PlanWorld:
    """p1 (coach A, mentor M, penguji X) and p2 (coach B, mentor N) in one angkatan; T teaches the angkatan;
    coordinator C runs its lembaga, coordinator D another; V is an instansi viewer of their instansi."""
    with app.app_context():
        instansi = make_instansi("Pemerintah Kota Tangerang")
        angkatan = make_angkatan(instansi, 72)
        other = make_angkatan(make_instansi("Pemerintah Kabupaten Lebak"), 5)
        p1, p2 = make_participant(angkatan, name="Siti Rahmawati"), make_participant(angkatan, name="Budi Santoso")
        coach_a, coach_b, examiner, teacher = (
            make_instructor(),
            make_instructor(),
            make_instructor(),
            make_instructor(angkatan),
        )
        p1.enrolment.coach_id, p2.enrolment.coach_id = coach_a.id, coach_b.id
        mentor_m, mentor_n = make_mentor(p1, unit="Puskesmas Cipondoh"), make_mentor(p2)
        db.session.add(SeminarExaminer(enrolment_id=p1.enrolment.id, examiner_id=examiner.id, kind="rancangan"))
        coordinator, other_coordinator = make_coordinator(instansi), make_coordinator(other.lembaga)
        viewer = make_instansi_viewer(instansi)
        db.session.commit()
        people = dict(
            p1=p1,
            p2=p2,
            coach_a=coach_a,
            coach_b=coach_b,
            examiner=examiner,
            teacher=teacher,
            mentor_m=mentor_m,
            mentor_n=mentor_n,
            coordinator=coordinator,
            other_coordinator=other_coordinator,
            viewer=viewer,
        )
        return PlanWorld(app, {k: v.id for k, v in people.items()}, {k: v.nip for k, v in people.items()})
