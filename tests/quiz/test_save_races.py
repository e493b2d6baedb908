"""Saving the same answer twice is not a conflict: the autosave racing "Simpan dan lanjut", and a
save retried after its answer was lost on the way (a dropped connection, a killed worker)."""

from lms.core.extensions import db
from lms.quiz.models import AttemptQuestion
from tests.helpers.quiz import answer_key, rev_of, save, start, wrong_key
from tests.helpers.web import client_for


def _item(app, attempt_id, position) -> AttemptQuestion:
    with app.app_context():
        item = db.session.query(AttemptQuestion).filter_by(attempt_id=attempt_id, position=position).one()
        db.session.expunge(item)
        return item


def test_next_after_the_autosave_won_the_race_moves_on(app, quiz_world):
    """A choice is tapped (the script saves it, rev 0 -> 1) and "Simpan dan lanjut" is tapped before
    the script's answer came back: the form still carries rev 0. It used to bounce the participant
    to the overview with "changed in another tab"; the same answer is simply already saved."""
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key = answer_key(app, attempt_id)
    assert save(client, app, attempt_id, 1, key[1], rev=0).status_code == 200
    saved_at = _item(app, attempt_id, 1).answered_at

    next_page = save(client, app, attempt_id, 1, key[1], rev=0, json=False, aksi="lanjut")
    assert next_page.status_code == 302
    assert next_page.location.endswith(f"/percobaan/{attempt_id}/soal/2")
    item = _item(app, attempt_id, 1)
    assert (item.answer_rev, item.answered_at) == (1, saved_at)  # nothing rewritten


def test_a_retried_save_is_acknowledged_with_the_current_revision(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key = answer_key(app, attempt_id)
    assert save(client, app, attempt_id, 2, key[2], rev=0).status_code == 200
    retry = save(client, app, attempt_id, 2, key[2], rev=0)  # the first answer never reached the phone
    assert retry.status_code == 200 and retry.json["rev"] == 1  # the script catches up with the server
    assert rev_of(app, attempt_id, 2) == 1


def test_a_different_answer_from_a_stale_page_is_still_a_conflict(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    assert save(client, app, attempt_id, 3, key[3], rev=0).status_code == 200
    stale = save(client, app, attempt_id, 3, wrong[3], rev=0)
    assert stale.status_code == 409 and "tab atau perangkat lain" in stale.json["message"]
    saved = _item(app, attempt_id, 3)
    assert saved.answer_rev == 1 and saved.selected != []


def test_an_unanswered_question_saved_empty_still_needs_the_current_revision(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    stale = save(client, app, attempt_id, 4, [], rev=5)
    assert stale.status_code == 409
    assert _item(app, attempt_id, 4).answered_at is None
