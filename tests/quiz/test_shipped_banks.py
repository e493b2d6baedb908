"""The banks shipped in content/ pass their own item-writing checks: no length or position cue, no
catch-all options, one feedback style."""

from pathlib import Path

import pytest

from lms.quiz.banks import parse_bank
from lms.quiz.item_checks import check_bank, key_is_longest

REPO = Path(__file__).resolve().parents[2]
CONTENT_BANKS = sorted((REPO / "content").glob("**/questions.gift"))


@pytest.mark.parametrize("path", CONTENT_BANKS, ids=lambda path: str(path.parent.name))
def test_shipped_bank_passes_item_checks(path):
    questions, problems = parse_bank(path.name, path.read_text(encoding="utf-8"))
    assert problems == []
    assert [f"{f.line}: {f.message}" for f in check_bank(questions)] == []


def test_shipped_keys_are_longest_in_at_most_a_quarter_of_questions():
    chosen = []
    for path in CONTENT_BANKS:
        questions, _ = parse_bank(path.name, path.read_text(encoding="utf-8"))
        chosen += [q for q in questions if q.kind == "single"]
    longest = [q.key for q in chosen if key_is_longest(q)]
    assert len(longest) <= len(chosen) // 4, longest


@pytest.mark.parametrize("path", CONTENT_BANKS, ids=lambda path: str(path.parent.name))
def test_shipped_feedback_opens_with_the_house_verdict(path):
    """One opener for the whole curriculum: "Tepat." for credit, "Kurang tepat." otherwise, then the reason."""
    questions, _ = parse_bank(path.name, path.read_text(encoding="utf-8"))
    odd = []
    # GIFT has no feedback per matching pair (Moodle keeps a "#" there as text).
    for question in (q for q in questions if q.kind != "matching"):
        for option in question.options:
            expected = "Tepat." if option.fraction > 0 else "Kurang tepat."
            if not option.feedback.startswith(expected):
                odd.append(f"{question.key} / {option.text[:30]}: {option.feedback[:40]}")
    assert odd == []
