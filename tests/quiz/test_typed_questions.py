"""Typed and matched questions answered with real requests (CSRF on): the field each kind gets, saving,
refusals that keep what was typed, grading on submit and the review."""

import re
from decimal import Decimal

from sqlalchemy import select

from lms.core.extensions import db
from lms.quiz.models import AttemptQuestion
from tests.helpers.questions import matching_values, positions_by_kind
from tests.helpers.quiz import attempt_row, save, start, submit
from tests.helpers.web import client_for


def page(client, attempt_id, position) -> str:
    response = client.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/{position}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def saved(app, attempt_id, position):
    with app.app_context():
        return db.session.scalar(
            select(AttemptQuestion.selected).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == position
            )
        )


def test_each_kind_gets_its_field(app, typed_world):
    client = client_for(app, typed_world["participant"])
    attempt_id = start(client)
    at = positions_by_kind(app, attempt_id)
    numeric = page(client, attempt_id, at["numerical"])
    assert re.search(r'<input type="text" name="jawaban" value=""[^>]*inputmode=decimal', numeric)
    short = page(client, attempt_id, at["shortanswer"])
    assert re.search(r'<input type="text" name="jawaban"[^>]*autocapitalize=off', short)
    blank = page(client, attempt_id, at["missingword"])
    assert "Nilai dasar ASN disingkat _____ sejak 2021." in blank and blank.count('type="radio"') == 3
    matching = page(client, attempt_id, at["matching"])
    assert matching.count('<select name="jawaban">') == 3  # three subquestions; the extra answer is a choice only
    assert matching.count(">Aktualisasi di tempat kerja</option>") == 3
    # The key never reaches the page: no accepted answer, no feedback.
    assert "200..230" not in numeric and "200 sampai 230" not in numeric and "Hampir." not in numeric
    assert "Sebagian: PNS" not in short and "Tepat." not in short


def test_right_answers_of_every_kind_score_100_and_are_reviewed(app, typed_world):
    client = client_for(app, typed_world["participant"])
    attempt_id = start(client)
    at = positions_by_kind(app, attempt_id)
    with app.app_context():
        item = db.session.scalar(
            select(AttemptQuestion).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == at["missingword"]
            )
        )
        right = 1 + [
            o.fraction for o in sorted(item.question.options, key=lambda o: item.option_order.index(o.id))
        ].index(1)
    assert save(client, app, attempt_id, at["missingword"], [right]).status_code == 200
    assert save(client, app, attempt_id, at["shortanswer"], ["  asn "]).status_code == 200
    assert save(client, app, attempt_id, at["numerical"], ["217,0"]).status_code == 200
    assert (
        save(client, app, attempt_id, at["matching"], matching_values(app, attempt_id, at["matching"])).status_code
        == 200
    )
    assert saved(app, attempt_id, at["shortanswer"]) == ["asn"]
    # The saved answers come back on the page (another device, a reload).
    assert 'value="217,0"' in page(client, attempt_id, at["numerical"])
    assert page(client, attempt_id, at["matching"]).count(" selected>") == 3
    result = client.get(submit(client, attempt_id).location).get_data(as_text=True)
    attempt = attempt_row(app, attempt_id)
    assert attempt.status == "graded" and attempt.score == Decimal("100.00")
    assert "Jawaban Anda:</span> asn" in result and "Jawaban Anda: Nilai-nilai dasar ASN" in result


def test_partial_credit_per_kind(app, typed_world):
    client = client_for(app, typed_world["participant"])
    attempt_id = start(client)
    at = positions_by_kind(app, attempt_id)
    save(client, app, attempt_id, at["shortanswer"], ["pns"])  # 50%
    save(client, app, attempt_id, at["numerical"], ["225"])  # in 200..230: 50%
    values = matching_values(app, attempt_id, at["matching"])
    wrong = matching_values(app, attempt_id, at["matching"], right=False)
    save(client, app, attempt_id, at["matching"], [values[0], wrong[1], ""])  # 1 of 3 pairs
    submit(client, attempt_id)
    with app.app_context():
        credits = {
            i.position: i.credit
            for i in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id))
        }
    assert credits[at["shortanswer"]] == Decimal("0.5") and credits[at["numerical"]] == Decimal("0.5")
    assert credits[at["matching"]] == Decimal("0.33333") and credits[at["missingword"]] == 0
    # (0.5 + 0.5 + 1/3 + 0) / 4 questions
    assert attempt_row(app, attempt_id).score == Decimal("33.33")


def test_a_word_for_a_number_is_refused_and_shown_again(app, typed_world):
    client = client_for(app, typed_world["participant"])
    attempt_id = start(client)
    position = positions_by_kind(app, attempt_id)["numerical"]
    assert save(client, app, attempt_id, position, ["217"]).status_code == 200
    response = save(client, app, attempt_id, position, ["dua ratus"], json=False, aksi="lanjut")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Jawaban harus berupa angka, misalnya 12 atau 3,14." in html and 'value="dua ratus"' in html
    assert saved(app, attempt_id, position) == ["217"]  # the answer saved before stays
    refused = save(client, app, attempt_id, position, ["dua ratus"])
    assert refused.status_code == 400 and refused.get_json()["message"].startswith("Jawaban harus berupa angka")


def test_forged_matching_answers_are_refused(app, typed_world):
    client = client_for(app, typed_world["participant"])
    attempt_id = start(client)
    position = positions_by_kind(app, attempt_id)["matching"]
    for forged in (["1", "2"], ["1", "2", "3", "4"], ["5", "1", "2"], ["0", "1", "2"], ["a", "", ""]):
        response = save(client, app, attempt_id, position, forged)
        assert response.status_code == 400, forged
    assert saved(app, attempt_id, position) == []


def test_another_participants_attempt_cannot_be_answered(app, typed_world):
    owner = client_for(app, typed_world["participant"])
    attempt_id = start(owner)
    position = positions_by_kind(app, attempt_id)["shortanswer"]
    intruder = client_for(app, typed_world["other"])
    assert save(intruder, app, attempt_id, position, ["ASN"]).status_code == 404
    assert saved(app, attempt_id, position) == []
