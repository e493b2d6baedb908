"""Fixtures for the seminars: the aktualisasi plan world with both plans approved by their mentors, a penguji
for the seminar and another penguji with a seminar of their own."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from lms.core.extensions import db
from lms.seminar import scheduling
from lms.seminar.models import Seminar
from tests.factories import make_instructor
from tests.helpers.aktualisasi import plan_approved_by_mentor
from tests.helpers.web import client_for

# A seminar two days ahead, 09.00-11.00 WIB (02.00-04.00 UTC).
STARTS = (datetime.now(UTC) + timedelta(days=2)).replace(hour=2, minute=0, second=0, microsecond=0)


@dataclass
class SeminarWorld:
    app: object
    ids: dict
    nips: dict

    def client(self, who: str):
        return client_for(self.app, self.nips[who])

    def seminar(self, seminar_id: int | None = None) -> Seminar:
        """Inside an app context: the world's seminar (or another), fresh from the database."""
        db.session.expire_all()
        return db.session.get(Seminar, seminar_id or self.ids["seminar"])


def new_seminar(angkatan_id: int, kind: str, examiner_id: int, actor_id: int, starts=STARTS) -> Seminar:
    given = scheduling.SessionInput(starts, starts + timedelta(hours=2), "Ruang Garuda", "", examiner_id)
    return scheduling.schedule(angkatan_id, kind, given, actor_id=actor_id)


@pytest.fixture
def seminar_world(plan_world) -> SeminarWorld:
    """plan_world (lms tests/plugins/aktualisasi.py) with p1's and p2's plans approved by their mentors, penguji
    P (no participant yet) and a seminar rancangan S examined by P with nobody in it; penguji Q examines seminar
    rancangan R of the same angkatan, empty too."""
    app, ids, nips = plan_world.app, dict(plan_world.ids), dict(plan_world.nips)
    with app.app_context():
        plan_approved_by_mentor(ids["p1"], ids["coach_a"], ids["mentor_m"])
        plan_approved_by_mentor(ids["p2"], ids["coach_b"], ids["mentor_n"])
        penguji, other = make_instructor(name="Dr. Ratna Ayu"), make_instructor(name="Ir. Gede Putra")
        from lms.auth.models import User

        angkatan_id = db.session.get(User, ids["p1"]).enrolment.angkatan_id
        seminar = new_seminar(angkatan_id, "rancangan", penguji.id, ids["coordinator"])
        other_seminar = new_seminar(angkatan_id, "rancangan", other.id, ids["coordinator"], STARTS + timedelta(days=1))
        db.session.commit()
        ids.update(
            penguji=penguji.id,
            other_penguji=other.id,
            seminar=seminar.id,
            other_seminar=other_seminar.id,
            angkatan=angkatan_id,
            e1=db.session.get(User, ids["p1"]).enrolment.id,
            e2=db.session.get(User, ids["p2"]).enrolment.id,
        )
        nips.update(penguji=penguji.nip, other_penguji=other.nip)
    return SeminarWorld(app, ids, nips)
