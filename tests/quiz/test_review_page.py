"""The review page shows the answer key and feedback only at the moments the quiz allows, and
leaves them out of the HTML (not merely hidden) otherwise; staff pages are not affected."""

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.quiz.models import Quiz
from lms.quiz.review import DEFAULT
from tests.helpers.quiz import answer_all, answer_key, attempt_page, start, submit, wrong_key
from tests.helpers.web import client_for

# Feedback written on right options of the test bank, and on a wrong one.
RIGHT_FEEDBACK = ("itu inti akuntabilitas", "Benar, ASN harus netral")
KEY_MARKS = ("✓", 'class="right', "Jawaban benar")


@pytest.fixture
def default_review(app, quiz_world):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "evaluasi-uji"))
        quiz.review = DEFAULT
        db.session.commit()
    return quiz_world


def _attempt(client, app, key_of):
    attempt_id = start(client)
    answer_all(client, app, attempt_id, key_of(app, attempt_id))
    return client.get(submit(client, attempt_id).location).get_data(as_text=True), attempt_id


def _shows_key(html: str) -> bool:
    return any(mark in html for mark in KEY_MARKS + RIGHT_FEEDBACK)


def test_a_failed_attempt_with_retries_left_shows_score_and_right_wrong_but_no_key(app, default_review):
    client = client_for(app, default_review["participant"])
    html, _attempt_id = _attempt(client, app, wrong_key)
    assert "Belum lulus" in html and 'class="big-score">0 ' in html
    assert html.count('class="badge bad">Salah</span>') == 5  # right/wrong per question
    assert not _shows_key(html)
    assert "Cepat belum tentu akuntabel" not in html and "Itu dasar negara" not in html  # no feedback either
    assert "belum ditampilkan sesuai pengaturan" in html


def test_after_passing_the_key_and_feedback_are_shown_for_every_attempt(app, default_review):
    client = client_for(app, default_review["participant"])
    _html, failed_id = _attempt(client, app, wrong_key)
    html, _passed_id = _attempt(client, app, answer_key)
    assert "Lulus" in html and all(mark in html for mark in KEY_MARKS + RIGHT_FEEDBACK)
    earlier = client.get(f"/evaluasi/evaluasi-uji/percobaan/{failed_id}/hasil").get_data(as_text=True)
    assert "itu inti akuntabilitas" in earlier and "✓" in earlier


def test_after_the_last_attempt_the_key_is_shown(app, default_review):
    client = client_for(app, default_review["participant"])
    first, first_id = _attempt(client, app, wrong_key)
    assert not _shows_key(first)
    last, _last_id = _attempt(client, app, wrong_key)  # max_attempts is 2: none left, not passed
    assert "Belum lulus" in last and "itu inti akuntabilitas" in last and "✓" in last
    assert "itu inti akuntabilitas" in client.get(f"/evaluasi/evaluasi-uji/percobaan/{first_id}/hasil").get_data(
        as_text=True
    )


def test_no_key_beside_an_open_attempt(app, default_review):
    with app.app_context():
        db.session.scalar(select(Quiz).where(Quiz.slug == "evaluasi-uji")).max_attempts = 3
        db.session.commit()
    client = client_for(app, default_review["participant"])
    _html, passed_id = _attempt(client, app, answer_key)
    start(client)  # a retry to improve the score, left open in another tab
    html = client.get(f"/evaluasi/evaluasi-uji/percobaan/{passed_id}/hasil").get_data(as_text=True)
    assert "Lulus" in html and not _shows_key(html)


def test_staff_still_see_the_whole_attempt(app, default_review):
    client = client_for(app, default_review["participant"])
    _attempt(client, app, wrong_key)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.nip == default_review["participant"]))
    staff = client_for(app, default_review["coordinator"])
    html = staff.get(attempt_page(staff, user_id)).get_data(as_text=True)  # linked from the record
    assert 'class="right' in html and "dapat dipertanggungjawabkan" in html
