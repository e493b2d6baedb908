"""Fixtures of the tasks feature: one angkatan with its grader, another widyaiswara teaching it, a coordinator,
three participants (two in one tutor group) and a participant of another angkatan, plus an open task."""

from types import SimpleNamespace

import pytest

from lms.core.extensions import db
from lms.people.models import TutorGroup
from tests.factories import (
    make_angkatan,
    make_coordinator,
    make_instansi,
    make_instructor,
    make_participant,
    make_task,
)


@pytest.fixture
def task_world(app):
    """Ids and NIPs of the people around one task (`task`: individual, PDF/DOCX or text, due in a week)."""
    with app.app_context():
        instansi = make_instansi()
        angkatan = make_angkatan(instansi)
        other_angkatan = make_angkatan(instansi)
        grader = make_instructor(angkatan)
        colleague = make_instructor(angkatan)
        outsider = make_instructor(other_angkatan)
        coordinator = make_coordinator(instansi)
        group = TutorGroup(angkatan_id=angkatan.id, name="Kelompok 1", tutor_id=grader.id)
        db.session.add(group)
        db.session.flush()
        first, second, third = (make_participant(angkatan) for _ in range(3))
        first.enrolment.tutor_group_id = group.id
        second.enrolment.tutor_group_id = group.id
        stranger = make_participant(other_angkatan)
        task = make_task(angkatan, grader)
        db.session.commit()
        world = SimpleNamespace(
            angkatan_id=angkatan.id,
            group_id=group.id,
            task_id=task.id,
            grader=(grader.id, grader.nip),
            colleague=(colleague.id, colleague.nip),
            outsider=(outsider.id, outsider.nip),
            coordinator=(coordinator.id, coordinator.nip),
            first=(first.id, first.nip),
            second=(second.id, second.nip),
            third=(third.id, third.nip),
            stranger=(stranger.id, stranger.nip),
        )
    return world
