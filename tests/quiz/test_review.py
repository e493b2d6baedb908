"""Review options as plain values: which items a participant sees at which moment, and how a
`review:` value of a quiz block is read (new form, the old single mode, mistakes)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from lms.quiz.review import (
    DEFAULT,
    DEFAULT_MASKS,
    LEGACY,
    Shown,
    moments_reached,
    parse_review,
    review_questions,
    shown,
    to_mask,
)

ALWAYS = ["after_attempt", "after_pass", "after_last", "after_close"]


def reached(passed=False, exhausted=False, closed=False, open_=False):
    return moments_reached(quiz_passed=passed, attempts_exhausted=exhausted, phase_closed=closed, attempt_open=open_)


@pytest.mark.parametrize(
    "moment, expected",
    [
        # A failed attempt with retries left: score and right/wrong, never the key or the feedback.
        (reached(), Shown(score=True, correctness=True, correct_option=False, feedback=False)),
        (reached(passed=True), Shown(True, True, True, True)),
        (reached(exhausted=True), Shown(True, True, True, True)),
        (reached(closed=True), Shown(True, True, True, True)),
        # An attempt open in another tab: the key stays hidden even after passing.
        (reached(passed=True, exhausted=True, closed=True, open_=True), Shown(True, True, False, False)),
    ],
)
def test_default_for_a_required_evaluation(moment, expected):
    assert shown(DEFAULT_MASKS, moment) == expected


def test_an_item_shown_at_no_moment_is_never_shown():
    masks = {**DEFAULT_MASKS, "feedback": 0, "score": to_mask(["after_close"])}
    assert shown(masks, reached(passed=True, exhausted=True)) == Shown(False, True, True, False)
    assert shown(masks, reached(closed=True)).score is True


def test_parse_review_reads_the_new_form_the_old_modes_and_nothing_else():
    assert parse_review(None) == ({item: list(moments) for item, moments in DEFAULT.items()}, None)
    value, reason = parse_review({"correct_option": ["after_close", "after_attempt"], "feedback": []})
    assert reason is None and value["correct_option"] == ["after_attempt", "after_close"]  # canonical order
    assert value["feedback"] == [] and value["score"] == ALWAYS  # an item left out keeps its default
    assert parse_review("after_attempt")[0] == {item: ALWAYS for item in DEFAULT}
    assert parse_review("never")[0]["correct_option"] == [] and parse_review("never")[0]["score"] == ALWAYS
    for mode in set(LEGACY) - {"never", "after_attempt"}:
        assert parse_review(mode)[0]["correct_option"] == [mode]
    for bad in ("sometimes", {"answers": ["after_pass"]}, {"feedback": "after_pass"}, {"feedback": ["later"]}, 3):
        value, reason = parse_review(bad)
        assert value is None and "'review' harus berisi" in reason


def _item(selected, credit):
    options = [
        SimpleNamespace(id=1, fraction=Decimal(1), text_html="benar", feedback_html="<p>FB-BENAR</p>"),
        SimpleNamespace(id=2, fraction=Decimal(0), text_html="salah", feedback_html="<p>FB-SALAH</p>"),
    ]
    question = SimpleNamespace(kind="single", text_html="soal", options=options)
    return SimpleNamespace(question=question, option_order=[2, 1], selected=selected, credit=credit)


def test_review_questions_carry_only_what_may_be_shown():
    wrong = _item([2], Decimal(0))
    (hidden,) = review_questions([wrong], Shown(True, True, False, False))
    assert hidden.correctness == "wrong" and hidden.credit == Decimal(0)
    assert [o.right for o in hidden.options] == [None, None]  # no hint of the key at all
    assert all(o.feedback_html == "" for o in hidden.options)
    (full,) = review_questions([wrong], Shown(True, True, True, True))
    assert [o.right for o in full.options] == [False, True]
    assert [o.feedback_html for o in full.options] == ["<p>FB-SALAH</p>", "<p>FB-BENAR</p>"]
    # Feedback without the key: only the chosen option's, since another's would tell if it is right.
    (own,) = review_questions([wrong], Shown(False, False, False, True))
    assert [o.feedback_html for o in own.options] == ["<p>FB-SALAH</p>", ""] and own.credit is None
    assert review_questions([wrong], Shown(True, False, False, False)) == []
    assert review_questions([_item([1], Decimal("0.5"))], Shown(False, True, False, False))[0].correctness == "partial"


def test_every_shipped_required_evaluation_keeps_its_key_hidden_while_attempts_remain():
    """The class, not one file: no required quiz in content/ shows the key or feedback right after
    an attempt; and the shipped ones use exactly the default."""
    from pathlib import Path

    from lms.content.source import scan
    from lms.quiz.importer import validate_quiz_block

    tree = scan(Path(__file__).resolve().parents[2] / "content")
    required = {item["quiz"] for page in tree.phase_pages for item in page.meta.get("required_quizzes", [])}
    quizzes = {a.meta["quiz"]["slug"]: a.meta["quiz"] for a in tree.agendas if "quiz" in a.meta}
    assert required and required <= set(quizzes)
    for slug in required:
        values, problems = validate_quiz_block(quizzes[slug])
        assert problems == [], (slug, problems)
        assert "after_attempt" not in values["review"]["correct_option"] + values["review"]["feedback"], slug
        assert values["review"] == {item: list(moments) for item, moments in DEFAULT.items()}, slug
