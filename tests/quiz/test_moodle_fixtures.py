"""Moodle's own GIFT and Aiken example files: every question imported as Moodle reads it, or refused by line."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from lms.authoring.gift_writer import bank_gift
from lms.core.render import render_inline, render_markdown
from lms.quiz.aiken import parse_aiken
from lms.quiz.gift import parse_gift
from lms.quiz.importer import question_hash

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
GIFT_FILES = ["questions.gift.txt", "questions_in_category.gift.txt", "examples.txt"]
D = Decimal
ESSAY = "soal esai ({}) tidak didukung"
NUMERIC = "soal numerik ({#...}) tidak didukung"
MATCHING = "soal menjodohkan (->) tidak didukung"
SHORT = "soal jawaban singkat (tanpa pilihan bertanda ~) tidak didukung"
MISSING_WORD = "ada teks setelah blok jawaban: pisahkan soal dengan baris kosong (soal rumpang tidak didukung)"


def gift(name):
    return parse_gift((FIXTURES / name).read_text(encoding="utf-8"))


def summary(question):
    return question.kind, [(option.text, option.fraction, option.feedback) for option in question.options]


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
    assert [(p.line, p.message) for p in problems] == [
        (2, ESSAY),
        (5, MATCHING),
        (31, MISSING_WORD),  # the fixture's numeric question is followed by '";'
        (34, SHORT),
        (43, MISSING_WORD),  # true/false with general feedback, also followed by '";'
        (49, 'judul soal ganda: "2-08 TSL" sudah dipakai di baris 46'),
    ]


def test_questions_in_category_fixture():
    questions, problems = gift("questions_in_category.gift.txt")
    assert {q.category for q in questions} == {"$course$/Default for New Features"}
    greeting, acronym = questions
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
    assert [(p.line, p.message) for p in problems] == [(5, MATCHING), (22, SHORT)]


def test_examples_fixture():
    questions, problems = gift("examples.txt")
    assert len(questions) == 16 and len(problems) == 27
    by_line = {q.line: q for q in questions}
    assert summary(by_line[113]) == (
        "truefalse",
        [("Benar", D(0), "No one is buried in Grant's tomb."), ("Salah", D(1), "")],
    )
    assert summary(by_line[143])[1] == [("= 2 + 2", D(0), ""), ("= 2 + 3", D(1), ""), ("= 2 + 4", D(0), "")]
    control = by_line[148]
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].feedback.startswith("Correct! \\ (backslash) is not a control character.")
    assert summary(by_line[136])[1][0] == ("No one", D("-0.5"), "")
    kinds = {p.message for p in problems}
    assert kinds == {NUMERIC, MATCHING, SHORT, MISSING_WORD}
    # Moodle's {=no one =nobody} after a [markdown] marker is a short answer, not a choice question.
    assert (108, SHORT) in [(p.line, p.message) for p in problems]


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
