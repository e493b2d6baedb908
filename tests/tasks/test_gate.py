"""Tasks as a requirement of PJJ: every task set for the participant submitted, said on lock pages, and the
submission that meets it completing the phase, for a group task every member of the group."""

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.phases.completion import unmet_requirements
from lms.phases.models import Phase, PhaseCompletion
from lms.tasks.gate import tasks_unmet
from lms.tasks.models import Task
from lms.tasks.summary import Summary
from tests.helpers.tasks import send
from tests.helpers.web import client_for


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def test_the_words_count_the_tasks_left(request_context):
    assert tasks_unmet(Summary(submitted=2, total=2), "PJJ", for_staff=False) is None
    assert tasks_unmet(Summary(submitted=0, total=0), "PJJ", for_staff=True) is None
    assert tasks_unmet(Summary(submitted=1, total=3), "PJJ", for_staff=False) == (
        "Kumpulkan 2 tugas PJJ yang belum Anda kirim."
    )
    assert tasks_unmet(Summary(submitted=1, total=2), "PJJ", for_staff=True) == "1 tugas PJJ belum dikumpulkan."


def _pjj_asks_every_task(app) -> int:
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.code == "pjj"))
        phase.completion_rules = {"all_tasks_submitted": True}
        db.session.commit()
        return phase.id


def _completed(app, phase_id) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(PhaseCompletion.user_id).where(PhaseCompletion.phase_id == phase_id)))


def test_the_last_submission_completes_the_phase(app, task_world):
    pjj_id = _pjj_asks_every_task(app)
    first_id, first_nip = task_world.first
    with app.test_request_context():
        assert unmet_requirements(first_id, pjj_id) == ["1 tugas Pembelajaran Jarak Jauh belum dikumpulkan."]
    assert send(client_for(app, first_nip), task_world.task_id, text="Analisis isu saya.").status_code == 302
    assert _completed(app, pjj_id) == {first_id}


def test_a_group_submission_completes_the_phase_for_every_member(app, task_world):
    pjj_id = _pjj_asks_every_task(app)
    with app.app_context():
        db.session.get(Task, task_world.task_id).per_group = True
        db.session.commit()
    assert send(client_for(app, task_world.first[1]), task_world.task_id, text="Jawaban kelompok.").status_code == 302
    assert _completed(app, pjj_id) == {task_world.first[0], task_world.second[0]}  # not the third, outside the group
