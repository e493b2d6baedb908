"""Fixture: a world whose quiz holds one question of each typed or matched kind (tests/helpers/questions.py),
with two participants of an angkatan whose MOOC is open today."""

from datetime import timedelta

import pytest

from lms.content.importer import import_content
from lms.core.extensions import db
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_lembaga,
    make_participant,
    wib_today,
)
from tests.helpers.essays import essay_quiz_content
from tests.helpers.questions import typed_quiz_content


@pytest.fixture
def typed_world(app, tmp_path):
    root = typed_quiz_content(tmp_path / "content")
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        today = wib_today()
        angkatan = make_angkatan(
            make_instansi("Pemkot Uji"),
            1,
            schedule=[(today - timedelta(days=10), today), (today, today + timedelta(days=20))],
        )
        world = {"participant": make_participant(angkatan).nip, "other": make_participant(angkatan).nip}
        db.session.commit()
    return world


@pytest.fixture
def essay_world(app, tmp_path):
    """The typed kinds and an essay (tests/helpers/essays.py) in the MOOC's required quiz; two participants of
    an angkatan with its instructor, an instructor of another angkatan, the lembaga's coordinator and another's."""
    return _essay_world(app, tmp_path, anonymous=False)


@pytest.fixture
def anonymous_essay_world(app, tmp_path):
    """essay_world with the quiz graded anonymously (anonymous_grading: true)."""
    return _essay_world(app, tmp_path, anonymous=True)


def _essay_world(app, tmp_path, anonymous: bool) -> dict:
    root = essay_quiz_content(tmp_path / "content", anonymous=anonymous)
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        today = wib_today()
        schedule = [(today - timedelta(days=10), today), (today, today + timedelta(days=20))]
        instansi = make_instansi("Pemkot Esai")
        angkatan = make_angkatan(instansi, 1, schedule=schedule)
        elsewhere = make_angkatan(make_instansi("Pemkab Lain"), 2, schedule=schedule)
        participant = make_participant(angkatan, name="Rina Esai Kusuma")
        world = {
            "participant": participant.nip,
            "participant_id": participant.id,
            "name": participant.name,
            "other": make_participant(angkatan, name="Budi Lain Santoso").nip,
            "instructor": make_instructor(angkatan).nip,
            "outsider": make_instructor(elsewhere).nip,
            "coordinator": make_coordinator(instansi).nip,
            "far_coordinator": make_coordinator(make_lembaga("BPSDM Jauh")).nip,
        }
        db.session.commit()
    return world
