"""The quiz feature's part of content's phase page: each agenda's evaluation and the result that counts."""

import re

from tests.helpers.quiz import answer_all, answer_key, start, submit, wrong_key
from tests.helpers.web import client_for, post


def quiz_link(client) -> str:
    page = client.get("/belajar/mooc").get_data(as_text=True)
    found = re.search(r'<div class="quiz-link">(.*?)</div>', page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def test_the_phase_page_shows_the_agendas_evaluation_and_the_counted_result(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    link = quiz_link(client)
    assert '<a class="button primary" href="/evaluasi/evaluasi-uji">Evaluasi Uji</a>' in link
    assert "Nilai minimal 60" in link

    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    answer_all(client, app, attempt_id, {1: key[1], 2: key[2], 3: wrong[3], 4: wrong[4], 5: wrong[5]})
    submit(client, attempt_id)
    link = quiz_link(client)
    assert "Nilai dihitung: 40" in link and "Belum lulus" in link and "button primary" in link

    assert post(client, "/belajar/modul/modul-uji/pelajaran-1/selesai", token_from="/").status_code == 302
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    submit(client, attempt_id)
    link = quiz_link(client)
    assert '<a class="button" href="/evaluasi/evaluasi-uji">' in link
    assert "Nilai dihitung: 100" in link and '<span class="badge ok">Lulus</span>' in link


def test_staff_see_the_evaluation_with_its_threshold(app, quiz_world):
    link = quiz_link(client_for(app, quiz_world["instructor"]))
    assert "Evaluasi Uji" in link and "Nilai minimal 60" in link and "Nilai dihitung" not in link


def test_the_part_comes_from_the_quiz_feature_through_contents_hook(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    app.extensions["lms.hooks"]["content.phase_page_parts"] = []  # an app without the quiz feature's part
    page = client.get("/belajar/mooc").get_data(as_text=True)
    assert "Modul modul-uji" in page and "quiz-link" not in page and "/evaluasi/" not in page
