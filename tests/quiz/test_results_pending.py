"""The participant's results page (/nilai) says an evaluation waits for its essay's grade, and stops saying so
once it is graded; awaiting_grade is the rule behind it."""

import re

from lms.core.extensions import db
from lms.quiz.completion import awaiting_grade
from tests.factories import read_all_lessons
from tests.helpers.essays import grade, submit_with_essay
from tests.helpers.quiz import attempt_row, start
from tests.helpers.web import client_for

ROW = re.compile(r"<tr><td><a href=\"/evaluasi/evaluasi-uji\">.*?</tr>", re.S)


def _row(client) -> str:
    return ROW.search(client.get("/nilai").get_data(as_text=True)).group(0)


def _awaiting(app, user_id) -> set[int]:
    with app.app_context():
        found = awaiting_grade(user_id)
        db.session.rollback()  # end the read: SQLite's writer must not wait on it
        return found


def test_results_page_shows_the_pending_evaluation_until_its_essay_is_graded(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    with app.app_context():
        read_all_lessons(essay_world["participant_id"])
        db.session.commit()
    attempt_id = start(participant)
    assert "Menunggu penilaian" not in _row(participant)  # an attempt in progress is not waiting for a grader
    item_id = submit_with_essay(participant, app, attempt_id)
    row = _row(participant)
    assert "Menunggu penilaian" in row and ">belum<" not in row
    quiz_id = attempt_row(app, attempt_id).quiz_id
    assert _awaiting(app, essay_world["participant_id"]) == {quiz_id}

    assert grade(client_for(app, essay_world["instructor"]), item_id).status_code == 302
    row = _row(participant)
    assert "Menunggu penilaian" not in row and "Lulus" in row
    assert _awaiting(app, essay_world["participant_id"]) == set()
