"""Fixture: a quiz world (the quiz of tests/helpers/quiz.py imported; participants in an angkatan whose
MOOC closes today, one whose MOOC is later, a coordinator, and the instructor of the module)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.content.importer import import_content
from lms.content.models import Module, ModuleAssignment
from lms.core.extensions import db
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user, wib_today
from tests.helpers.quiz import quiz_content


@pytest.fixture
def quiz_world(app, tmp_path):
    root = quiz_content(tmp_path / "content")
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        instansi = make_instansi("Pemkot Uji")
        # The MOOC closes today and distance learning opens today: passing the MOOC opens it at once.
        today = wib_today()
        angkatan = make_angkatan(
            instansi, 1, schedule=[(today - timedelta(days=10), today), (today, today + timedelta(days=20))]
        )
        later = make_angkatan(instansi, 2, schedule_start=wib_today() + timedelta(days=5))
        instructor = make_user("instructor")
        # The instructor of modul-uji: may change its bank and its quiz, and regrade it.
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "modul-uji"))
        db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        world = {
            "participant": make_participant(angkatan, name="Ayu Lestari").nip,
            "other": make_participant(angkatan).nip,
            "early": make_participant(later).nip,
            "coordinator": make_coordinator(instansi).nip,
            "instructor": instructor.nip,
            "root": root,
        }
        db.session.commit()
    return world
