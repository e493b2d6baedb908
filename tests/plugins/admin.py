"""Fixture `staff`: an admin, a coordinator of an instansi, an instructor, and a participant, with their NIPs
and ids, for the admin pages' tests."""

import pytest

from lms.core.extensions import db
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_instructor, make_participant, make_user


@pytest.fixture
def staff(app) -> dict:
    with app.app_context():
        instansi = make_instansi("Pemerintah Kota Serang")
        angkatan = make_angkatan(instansi, 5)
        people = {
            "admin": make_user("admin", name="Ahmad Fauzi"),
            "coordinator": make_coordinator(instansi, name="Sri Wahyuningsih"),
            "instructor": make_instructor(angkatan, name="Dr. Bambang Sutrisno"),
            "participant": make_participant(angkatan, name="Siti Rahayu"),
        }
        db.session.commit()
        return {
            "instansi": instansi.id,
            **{who: user.nip for who, user in people.items()},
            **{f"{who}_id": user.id for who, user in people.items()},
        }
