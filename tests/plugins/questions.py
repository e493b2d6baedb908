"""Fixture: a world whose quiz holds one question of each typed or matched kind (tests/helpers/questions.py),
with two participants of an angkatan whose MOOC is open today."""

from datetime import timedelta

import pytest

from lms.content.importer import import_content
from lms.core.extensions import db
from tests.factories import make_angkatan, make_instansi, make_participant, wib_today
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
