"""Regrade across question versions: an old answer is read against a new key only where it still means
the same option (reordered, or corrected in place), never after options were rewritten and moved."""

from decimal import Decimal

from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.quiz.models import Quiz
from lms.quiz.regrade import option_map, plan_regrade
from tests.helpers.content import write
from tests.helpers.quiz import BANK, answer_all, answer_key, start, submit
from tests.helpers.web import client_for


def test_unchanged_or_reordered_options_carry_over():
    used = [(11, 0, "a"), (12, 1, "b"), (13, 2, "c")]
    assert option_map(used, [(0, "a"), (1, "b"), (2, "c")]) == {11: 0, 12: 1, 13: 2}
    assert option_map(used, [(0, "c"), (1, "a"), (2, "b")]) == {11: 1, 12: 2, 13: 0}


def test_reworded_options_carry_over_to_the_option_most_like_them():
    used = [(11, 0, "dapat dipertanggungjawabkan"), (12, 1, "cepat saja"), (13, 2, "murah")]
    reworded = [(0, "cepat, itu saja"), (1, "dapat dipertanggung-jawabkan"), (2, "murah")]
    assert option_map(used, reworded) == {11: 1, 12: 0, 13: 2}


def test_options_rewritten_beyond_recognition_do_not_carry_over():
    used = [(11, 0, "dapat dipertanggungjawabkan"), (12, 1, "cepat saja"), (13, 2, "murah")]
    assert option_map(used, [(0, "diawasi atasan"), (1, "cepat saja"), (2, "murah")]) is None
    assert option_map(used, [(0, "dapat dipertanggungjawabkan"), (1, "cepat saja")]) is None  # one removed


def test_a_reordered_bank_changes_no_score_and_a_corrected_key_does(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    client.post("/belajar/modul/modul-uji/pelajaran-1/selesai")
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    submit(client, attempt_id)
    bank = (
        BANK.replace(  # U-01: the key rewritten beyond recognition: the old answer keeps its version's key
            "=dapat dipertanggungjawabkan #Benar, itu inti akuntabilitas.\n~cepat saja",
            "~cepat saja\n=diawasi dan dilaporkan kepada publik #Benar.",
        )
        .replace(  # U-02: only reordered
            "=BerAKHLAK #Tepat.\n~PANCASILA #Itu dasar negara.",
            "~PANCASILA #Itu dasar negara.\n=BerAKHLAK #Tepat.",
        )
        .replace("=Serang #Benar.\n~Cilegon", "~Serang #Benar.\n=Cilegon")  # U-03: the key corrected in place
    )
    write(quiz_world["root"] / "mooc" / "agenda-1" / "modul-uji" / "questions.gift", bank)
    with app.app_context():
        report = import_content(quiz_world["root"])
        assert report.problems == [], report.problems
        changes = plan_regrade(db.session.scalar(select(Quiz)))
    assert [(c.old_score, c.new_score) for c in changes] == [(Decimal(100), Decimal(80))]
