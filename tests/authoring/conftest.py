"""The authoring tests' own world, kept here because other directories have a `world` of their own:
modul-uji (three lessons, a five-question bank, evaluasi-uji) assigned to one instructor, modul-lain
assigned to nobody, an admin, a coordinator, and a participant in the MOOC."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.content.importer import import_content
from lms.content.models import Module, ModuleAssignment
from lms.core.extensions import db
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user, wib_today
from tests.helpers.content import write_module
from tests.helpers.quiz import quiz_content


@pytest.fixture
def world(app, tmp_path):
    root = quiz_content(tmp_path / "content")
    write_module(root, "modul-uji", lessons=3, extra_front="quiz: evaluasi-uji")
    write_module(root, "modul-lain", order=2, lessons=2)
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        instansi = make_instansi("Pemkab Uji")
        today = wib_today()
        angkatan = make_angkatan(instansi, 7, schedule=[(today - timedelta(days=3), today + timedelta(days=10))])
        instructor = make_user("instructor", name="Widya Pertama")
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "modul-uji"))
        db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        data = {
            "root": root,
            "module_id": module_id,
            "instructor": instructor.nip,
            "instructor_id": instructor.id,
            "stranger": make_user("instructor", name="Widya Lain").nip,
            "admin": make_user("admin", name="Admin Uji").nip,
            "coordinator": make_coordinator(instansi).nip,
            "participant": make_participant(angkatan, name="Sari Peserta").nip,
        }
        db.session.commit()
    return data
