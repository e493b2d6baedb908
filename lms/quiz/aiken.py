"""Aiken question banks: single-choice questions with lettered options and an ANSWER line, in plain text."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from lms.content.text_formats import as_markdown
from lms.quiz.bank_items import BankProblem, ParsedOption, ParsedQuestion, source_lines

# Moodle's own test: "A)text" without a space is an option too; only capital letters are.
OPTION_RE = re.compile(r"([A-Z])[.)][ \t]?(.*)")
LOWERCASE_OPTION_RE = re.compile(r"[a-z][.)]")
ANSWER_RE = re.compile(r"ANSWER\s*:(.*)", re.IGNORECASE)


@dataclass
class _Draft:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    problem: BankProblem | None = None


def parse_aiken(text: str) -> tuple[list[ParsedQuestion], list[BankProblem]]:
    """Parse an Aiken bank into questions and the problems that kept others out."""
    questions: list[ParsedQuestion] = []
    problems: list[BankProblem] = []
    draft: _Draft | None = None
    count = 0
    for number, raw in enumerate(source_lines(text), start=1):
        line = raw.strip()
        if not line:
            continue  # Moodle skips blank lines wherever they are, between options too
        if draft is None:
            draft = _Draft(number)
        answer, option = ANSWER_RE.fullmatch(line), OPTION_RE.fullmatch(line)
        if answer:
            count += 1
            result = _finish(draft, answer[1].strip(), number, count)
            (questions if isinstance(result, ParsedQuestion) else problems).append(result)
            draft = None
        elif option:
            _add_option(draft, option[1], (option[2] or "").strip(), number)
        elif draft.options:
            # Text after the options can only start the next question, so this one lost its ANSWER line.
            count += 1
            problems.append(BankProblem(draft.line, "baris ANSWER tidak ada"))
            draft = _Draft(number, [line])
        else:
            draft.text.append(line)
    if draft is not None:
        problems.append(BankProblem(draft.line, "baris ANSWER tidak ada"))
    return questions, problems


def _add_option(draft: _Draft, letter: str, text: str, number: int) -> None:
    expected = chr(ord("A") + len(draft.options))
    if draft.problem is None and letter != expected:
        draft.problem = BankProblem(number, f"pilihan {letter} tidak berurutan; seharusnya {expected}")
    if draft.problem is None and not text:
        draft.problem = BankProblem(number, f"teks pilihan {letter} kosong")
    draft.options.append((letter, text))


def _finish(draft: _Draft, letter: str, number: int, count: int) -> ParsedQuestion | BankProblem:
    if draft.problem is not None:
        return draft.problem
    text = "\n".join(draft.text).strip()
    letters = [option_letter for option_letter, _ in draft.options]
    if not text:
        return BankProblem(draft.line, "teks soal kosong")
    if len(draft.options) < 2:
        if any(LOWERCASE_OPTION_RE.match(line) for line in draft.text):
            return BankProblem(draft.line, "pilihan jawaban kurang dari 2: huruf pilihan ditulis kapital, A) atau A.")
        return BankProblem(draft.line, "pilihan jawaban kurang dari 2")
    if letter.upper() not in letters:
        return BankProblem(number, f"jawaban {letter or '(kosong)'} bukan salah satu pilihan A-{letters[-1]}")
    # Moodle stores Aiken text escaped, as plain text: "<b>" and "**" are shown as written.
    options = tuple(
        ParsedOption(
            as_markdown(option_text, "plain"), Decimal(1) if option_letter == letter.upper() else Decimal(0), ""
        )
        for option_letter, option_text in draft.options
    )
    return ParsedQuestion(f"aiken-{count}", as_markdown(text, "plain"), "single", options, None, draft.line)
