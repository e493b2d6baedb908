"""Fixture: the sikap world, one scorer of each kind and a participant of each shape in angkatan A, and angkatan B
beside it with scorers of its own."""

from dataclasses import dataclass

import pytest

from lms.auth.models import Role
from lms.core.extensions import db
from lms.people.models import AngkatanCommittee, TutorGroup
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instansi_viewer,
    make_instructor,
    make_mentor,
    make_participant,
    make_user,
)
from tests.helpers.sikap import import_program
from tests.helpers.web import client_for


@dataclass
class SikapWorld:
    app: object
    ids: dict
    nips: dict

    def client(self, who: str):
        return client_for(self.app, self.nips[who])


def committee_member(angkatan, **kwargs):
    user = make_user(Role.COMMITTEE, **kwargs)
    db.session.add(AngkatanCommittee(angkatan_id=angkatan.id, user_id=user.id))
    db.session.flush()
    return user


@pytest.fixture
def sikap_world(app) -> SikapWorld:
    """Angkatan A: widyaiswara W (assigned), tutor T (of its tutor group), committee K; p1 with coach C and
    mentor M, p2 with coach C and no mentor, p3 with neither. Angkatan B: widyaiswara W2, committee K2, q1 with
    coach C2 and mentor M2. Coordinator of A's lembaga; instansi viewer of A's instansi; the shipped program."""
    with app.app_context():
        version = import_program()
        instansi, other = make_instansi("Pemerintah Kota Serang"), make_instansi("Pemerintah Kota Cilegon")
        a, b = make_angkatan(instansi, 70), make_angkatan(other, 71)
        w, w2 = make_instructor(a, name="Dr. Bambang Sutrisno"), make_instructor(b, name="Dra. Ratna Dewi")
        t = make_instructor(name="Rina Marlina, M.Si.")
        db.session.add(TutorGroup(angkatan_id=a.id, name="Kelompok 1", tutor_id=t.id))
        c, c2 = make_instructor(name="Ir. Gede Putra"), make_instructor(name="Drs. Hadi Prasetyo")
        k, k2 = committee_member(a, name="Yulia Panitia"), committee_member(b, name="Agus Panitia")
        p1 = make_participant(a, name="Ayu Lestari")
        p2 = make_participant(a, name="Budi Santoso")
        p3 = make_participant(a, name="Citra Dewi")
        q1 = make_participant(b, name="Dedi Kurniawan")
        p1.enrolment.coach_id = p2.enrolment.coach_id = c.id
        q1.enrolment.coach_id = c2.id
        m, m2 = make_mentor(p1, name="Hendra Gunawan"), make_mentor(q1, name="Maya Puspita")
        coordinator = make_coordinator(instansi, name="Sri Wahyuningsih")
        viewer = make_instansi_viewer(instansi, name="Dewi Lestari")
        admin = make_user(Role.ADMIN, name="Ahmad Fauzi")
        db.session.commit()
        people = dict(w=w, w2=w2, t=t, c=c, c2=c2, k=k, k2=k2, m=m, m2=m2, p1=p1, p2=p2, p3=p3, q1=q1)
        people.update(coordinator=coordinator, viewer=viewer, admin=admin)
        ids = {name: u.id for name, u in people.items()} | {"a": a.id, "b": b.id, "version": version.id}
        nips = {name: u.nip for name, u in people.items()}
    return SikapWorld(app, ids, nips)
