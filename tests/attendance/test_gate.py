"""Attendance as a requirement of PJJ: the share of its sessions attended against the program's minimum, said in
words on lock pages, and a check-in that meets it completing the phase (lms.phases.completion)."""

import pytest
from sqlalchemy import select

from lms.attendance.gate import attendance_unmet, sessions_needed
from lms.attendance.recap import Summary
from lms.core.extensions import db
from lms.phases.completion import unmet_requirements
from lms.phases.models import Phase, PhaseCompletion
from tests.helpers.attendance import check_in, open_code
from tests.helpers.web import client_for


@pytest.mark.parametrize(
    "minimum, scheduled, excused, needed",
    [(80, 5, 0, 4), (80, 5, 1, 4), (80, 10, 0, 8), (80, 10, 2, 7), (100, 3, 0, 3), (80, 0, 0, 0), (50, 3, 5, 0)],
)
def test_the_sessions_needed_are_the_minimum_share_of_those_that_count_rounded_up(minimum, scheduled, excused, needed):
    assert sessions_needed(minimum, scheduled, excused) == needed


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def _summary(attended, scheduled, excused=0):
    return Summary(attended, attended + excused, None, 0, False, 0, excused, scheduled, attended, excused)


def test_the_words_say_how_many_sessions_are_missing(request_context):
    assert attendance_unmet(_summary(4, 5), 80, "PJJ", for_staff=False) is None
    assert attendance_unmet(_summary(3, 5), 80, "PJJ", for_staff=False) == (
        "Hadiri sedikitnya 4 dari 5 sesi PJJ (minimal 80%); sejauh ini Anda hadir di 3 sesi."
    )
    assert attendance_unmet(_summary(3, 10, excused=2), 80, "PJJ", for_staff=True) == (
        "Baru hadir di 3 sesi PJJ; perlu 7 dari 8 sesi (minimal 80%)."
    )
    assert "belum ditetapkan" in attendance_unmet(_summary(0, 0), 80, "PJJ", for_staff=False)


def test_a_check_in_that_meets_the_minimum_completes_the_phase(app, pjj):
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.code == "pjj"))
        phase.completion_rules = {"min_attendance_percent": 80}
        db.session.commit()
        pjj_id = phase.id
    with app.test_request_context():
        assert unmet_requirements(pjj["participant_ids"][0], pjj_id) == [
            "Baru hadir di 0 sesi Pembelajaran Jarak Jauh; perlu 1 dari 1 sesi (minimal 80%)."
        ]
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    assert check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code).status_code == 200
    with app.app_context():
        done = db.session.scalars(select(PhaseCompletion.user_id).where(PhaseCompletion.phase_id == pjj_id)).all()
    assert done == [pjj["participant_ids"][0]]  # only the one who came; the other two still lack the session


def test_without_the_rule_a_check_in_completes_nothing(app, pjj):
    code = open_code(client_for(app, pjj["widyaiswara"]), pjj["session_id"])
    assert check_in(client_for(app, pjj["participants"][0]), pjj["session_id"], code).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(PhaseCompletion)) is None
