"""Moodle's own GIFT and Aiken example files: every question imported as Moodle reads it, or refused by line."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from lms.authoring.gift_writer import bank_gift
from lms.core.render import render_inline, render_markdown
from lms.quiz.aiken import parse_aiken
from lms.quiz.gift import parse_gift
from lms.quiz.gift_answers import ESSAY_HELP
from lms.quiz.importer import question_hash

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
GIFT_FILES = ["questions.gift.txt", "questions_in_category.gift.txt", "examples.txt"]
D = Decimal
ESSAY = ESSAY_HELP
GENERAL_FEEDBACK = "umpan balik umum (####) hanya untuk rubrik soal esai"


def gift(name):
    return parse_gift((FIXTURES / name).read_text(encoding="utf-8"))


def summary(question):
    return question.kind, [(option.text, option.fraction, option.feedback) for option in question.options]


def pairs(question):
    return [(option.text, option.match) for option in question.options]


def test_questions_gift_fixture():
    questions, problems = gift("questions.gift.txt")
    by_key = {q.key: q for q in questions}
    # The [plain] and [html] markers are applied to the answer or feedback they start, never shown.
    assert summary(by_key["Q2"]) == (
        "single",
        [("yellow", D(1), "right; good!"), ("red", D(0), "wrong, it's yellow"), ("blue", D(0), "wrong, it's yellow")],
    )
    assert summary(by_key["colours"]) == (
        "multiple",
        [
            ("yellow", D("0.5"), "right; good!"),
            ("red", D(-1), "wrong"),
            ("off-beige", D("0.5"), "right; good!"),
            ("blue", D(-1), "wrong"),
        ],
    )
    assert summary(by_key["2-08 TSL"]) == ("truefalse", [("Benar", D(1), ""), ("Salah", D(0), "")])
    # Matching with an extra answer (a pair with no subquestion), as Moodle's own sample has it.
    assert pairs(by_key["Moodle activities"])[-2:] == [
        ("A collection of web pages that anyone can add to or edit.", "Wiki"),
        ("", "Chat"),
    ]
    assert by_key["Moodle activities"].text == "Match the <b>activity</b> to the description."
    # The numeric question is followed by '";': a blank where its block stood, and "~#" feedback for any
    # other number (Moodle's answer "*" worth nothing).
    assert by_key["Q5"].text == 'What is a number from 1 to 5? _____";'
    assert summary(by_key["Q5"]) == ("numerical", [("3:2", D(1), ""), ("*", D(0), "Completely wrong")])
    assert summary(by_key["Shortanswer"]) == (
        "shortanswer",
        [
            ("Frog", D(1), "Good!"),
            ("Cat", D("0.5"), "What is it with Moodlers and cats?"),
            ("*", D(0), "Completely wrong"),
        ],
    )
    assert [(p.line, p.message) for p in problems] == [
        (2, ESSAY),
        (43, GENERAL_FEEDBACK),
        (49, 'judul soal ganda: "2-08 TSL" sudah dipakai di baris 46'),
    ]


def test_questions_in_category_fixture():
    questions, problems = gift("questions_in_category.gift.txt")
    assert {q.category for q in questions} == {"$course$/Default for New Features"}
    _activities, greeting, _user, acronym = questions
    assert greeting.key == "Greeting" and greeting.kind == "single"
    html = render_markdown(greeting.text).html
    assert html.startswith(
        '<p><a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3" rel="noopener noreferrer">'
    )
    assert "Listen to this greeting:</a><br><br>What language is being spoken?" in html
    assert [(o.text, o.fraction) for o in greeting.options][1] == ("French", D(1))
    assert acronym.kind == "truefalse"
    assert render_markdown(acronym.text).html == (
        "<p>Moodle is an acronym for <span>Modular Object-Oriented Dynamic Learning Environment</span>.</p>"
    )
    assert [q.key for q in questions] == ["Moodle activities", "Greeting", "Moodle user", "Moodle acronym"]
    assert summary(questions[2]) == ("shortanswer", [("Moodler", D(1), "")])
    assert [(p.line, p.message) for p in problems] == []


def test_examples_fixture():
    questions, problems = gift("examples.txt")
    assert len(questions) == 42
    # Only the second "Jesus' hometown" (a title used twice in Moodle's own file) stays out.
    assert [(p.line, p.message) for p in problems] == [
        (123, 'judul soal ganda: "Jesus\' hometown" sudah dipakai di baris 117')
    ]
    by_line = {q.line: q for q in questions}
    # Missing word: the block in the middle of the sentence becomes Moodle's blank.
    assert by_line[10].kind == "missingword" and by_line[10].text == "Grant is _____ in Grant's tomb."
    assert summary(by_line[117])[1][1] == ("Bethlehem", D("0.25"), "He was born here, but not raised here.")
    # Short answer, in the middle of a sentence too; weights after "=".
    assert summary(by_line[45]) == ("shortanswer", [("four", D(1), ""), ("4", D(1), "")])
    assert by_line[45].text == "Two plus two equals _____."
    assert summary(by_line[195])[1][1] == ("Nazereth", D("0.75"), "Right, but misspelled.")
    # Numerical: exact, tolerance, range, several answers with weights.
    assert summary(by_line[70])[1] == [("1822", D(1), "")]
    assert summary(by_line[72])[1] == [("3.1415:0.0005", D(1), "")]
    assert summary(by_line[74])[1] == [("3.141..3.142", D(1), "")]
    assert summary(by_line[76])[1] == [("1822:0", D(1), ""), ("1822:2", D("0.5"), "")]
    # Matching: the spaces around "->" are not part of either side.
    assert pairs(by_line[61]) == [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("India", "New Delhi")]
    assert summary(by_line[113]) == (
        "truefalse",
        [("Benar", D(0), "No one is buried in Grant's tomb."), ("Salah", D(1), "")],
    )
    assert summary(by_line[143])[1] == [("= 2 + 2", D(0), ""), ("= 2 + 3", D(1), ""), ("= 2 + 4", D(0), "")]
    control = by_line[148]
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].feedback.startswith("Correct! \\ (backslash) is not a control character.")
    assert summary(by_line[136])[1][0] == ("No one", D("-0.5"), "")
    # Moodle's {=no one =nobody} after a [markdown] marker is a short answer, not a choice question.
    assert by_line[108].kind == "shortanswer" and by_line[108].text == "Who's buried in **Grant's tomb**?"


def test_questions_aiken_fixture():
    questions, problems = parse_aiken((FIXTURES / "questions.aiken.txt").read_text(encoding="utf-8"))
    assert problems == []
    first, second = questions
    assert [(o.text, o.fraction) for o in first.options] == [
        ("Petr Skoda", D(0)),
        ("Martin Dougiamas", D(1)),
        ("Eloy Lafuente", D(0)),
        ("Tim Hunt", D(0)),
    ]
    # Moodle escapes Aiken text: the tag is shown as written, not rendered.
    assert render_markdown(second.text).html == (
        '<p>Moodle\'s abilities include handling user input that includes &lt;html class="cool"&gt; &amp; images:</p>'
    )


def test_aiken_errors_fixture():
    questions, problems = parse_aiken((FIXTURES / "aiken_errors.txt").read_text(encoding="utf-8"))
    assert [(q.text, [(o.text, o.fraction) for o in q.options]) for q in questions] == [
        ("A good question", [("Correct", D(1)), ("Incorrect", D(0))]),
        ("A second good question", [("Incorrect (No space)", D(0)), ("Correct (No space)", D(1))]),
    ]
    assert [(p.line, p.message) for p in problems] == [
        (1, "pilihan jawaban kurang dari 2"),
        (5, "teks soal kosong"),
        (14, "baris ANSWER tidak ada"),
    ]


# The checks that catch the whole class: nothing in a file is lost silently, no marker reaches a
# participant, and whatever is imported exports and reads back unchanged.


def _question_blocks(text):
    """How many blocks Moodle would read as questions: blank-line separated, comments and categories aside."""
    blocks = re.split(r"\n\s*\n", text)
    count = 0
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip() and not line.strip().startswith("//")]
        if lines and not lines[0].strip().startswith("$CATEGORY:"):
            count += 1
    return count


@pytest.mark.parametrize("name", GIFT_FILES)
def test_every_block_is_imported_or_refused(name):
    questions, problems = gift(name)
    assert len(questions) + len(problems) == _question_blocks((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [*GIFT_FILES, "questions.aiken.txt", "aiken_errors.txt"])
def test_no_format_marker_reaches_a_participant(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    questions = (parse_aiken(text) if "aiken" in name else parse_gift(text))[0]
    assert questions
    for question in questions:
        shown = [render_markdown(question.text).html]
        shown += [render_inline(o.text) + render_markdown(o.feedback).html for o in question.options]
        for html in shown:
            assert not re.search(r"\[(html|plain|moodle|markdown)\]", html, re.IGNORECASE), (question.key, html)


@pytest.mark.parametrize("name", GIFT_FILES)
def test_imported_questions_export_and_read_back_unchanged(name):
    questions, _ = gift(name)
    exported = bank_gift(questions)  # raises if the text would not read back as exactly these questions
    again, problems = parse_gift(exported)
    assert problems == []
    assert [question_hash(q) for q in again] == [question_hash(q) for q in questions]


def test_markdown_that_starts_like_a_marker_or_a_weight_reads_back_unchanged():
    from lms.quiz.banks import ParsedOption, ParsedQuestion

    question = ParsedQuestion(
        "K",
        "[html] adalah penanda, C:\\\\data dan \\*",
        "single",
        (ParsedOption("%50% dari anggaran", D(1), "[Plain] tetap teks"), ParsedOption("b", D(0), "")),
        None,
        1,
    )
    exported = bank_gift([question])
    assert "::K::[markdown][html] adalah penanda, C\\:\\\\\\\\data dan \\\\*" in exported
    again, problems = parse_gift(exported)
    assert problems == []
    assert [question_hash(q) for q in again] == [question_hash(question)]
