"""Questions written back as a GIFT bank, in the layout of the shipped banks, and checked by
parsing the result again: a bank that would not read back exactly is refused, never written."""

import re
from decimal import Decimal

from lms.core.rubric import Rubric, format_rubric
from lms.quiz.banks import ParsedQuestion
from lms.quiz.gift import BLANK, parse_gift
from lms.quiz.importer import question_hash

SPECIAL = "\\~=#{}:"
# Questions are stored as markdown, which is also what an unmarked text reads as; only a text that itself
# starts like a format marker ("[html] ...") or a weight ("%50% ...") needs the [markdown] marker to read
# back as it is.
LOOKS_MARKED = re.compile(r"\[[A-Za-z]+\]|%")


class GiftRefused(Exception):
    pass


def escape(text: str) -> str:
    out = "".join(f"\\{c}" if c in SPECIAL else c for c in text)
    # A blank line would end the question; newlines travel as \n, which the parser turns back.
    return out.replace("\n", "\\n")


def escape_text(text: str) -> str:
    """A question, answer or feedback text (where a leading [format] marker means something)."""
    return ("[markdown]" if LOOKS_MARKED.match(text) else "") + escape(text)


def _percent(fraction: Decimal) -> str:
    return f"{(Decimal(fraction) * 100).normalize():f}"


def _weight(fraction: Decimal) -> str:
    return "=" if fraction == 1 else f"=%{_percent(fraction)}%"


def _feedback(text: str) -> str:
    return f" #{escape_text(text)}" if text else ""


def _answer_lines(question: ParsedQuestion) -> list[str]:
    """The lines inside the braces of a short answer, numerical or matching question."""
    if question.kind == "matching":
        return [f"={escape_text(o.text)} -> {escape(o.match or '')}" for o in question.options]
    lines = ["#"] if question.kind == "numerical" else []
    for option in question.options:
        if question.kind == "numerical" and option.text == "*":
            lines.append(f"~#{escape_text(option.feedback)}")
        else:
            lines.append(f"{_weight(option.fraction)}{escape(option.text)}{_feedback(option.feedback)}")
    return lines


def _placed(question: ParsedQuestion, block: str) -> str:
    """The question text with its answer block: where the blank is when text follows it (Moodle's missing
    word format, read back as the same text), else after the text."""
    before, blank, after = question.text.partition(BLANK)
    if blank and after.strip() and question.kind in ("missingword", "shortanswer", "numerical"):
        return f"::{escape(question.key)}::{escape_text(before)}{block}{escape(after)}"
    return f"::{escape(question.key)}::{escape_text(question.text)} {block}"


def question_gift(question: ParsedQuestion) -> str:
    if question.kind == "essay":
        # The rubric as an author writes it: one line per criterion and level, a level's ":" left bare.
        rubric = [
            "".join(f"\\{c}" if c in "\\~=#{}" else c for c in line)
            for line in format_rubric(Rubric.from_dict(question.rubric)).split("\n")
        ]
        return f"::{escape(question.key)}::{escape_text(question.text)} {{\n####" + "\n".join(rubric) + "\n}"
    if question.kind in ("shortanswer", "numerical", "matching"):
        lines = _answer_lines(question)
        if question.kind == "numerical":
            return _placed(question, "{#\n" + "\n".join(lines[1:]) + "\n}")
        return _placed(question, "{\n" + "\n".join(lines) + "\n}")
    head = f"::{escape(question.key)}::{escape_text(question.text)} {{"
    if question.kind == "truefalse":
        right = next(o for o in question.options if o.fraction > 0)
        wrong = next(o for o in question.options if o.fraction <= 0)
        truth = "TRUE" if right.text == "Benar" else "FALSE"
        feedback = ""
        if right.feedback or wrong.feedback:
            feedback = f"#{escape_text(wrong.feedback)}#{escape_text(right.feedback)}"
        return f"{head}{truth}{feedback}}}"
    lines = [head]
    for option in question.options:
        if question.kind in ("single", "missingword") and option.fraction == 1:
            mark = "="
        elif option.fraction == 0:
            mark = "~"
        else:
            mark = f"~%{_percent(option.fraction)}%"
        feedback = f" #{escape_text(option.feedback)}" if option.feedback else ""
        lines.append(f"{mark}{escape_text(option.text)}{feedback}")
    lines.append("}")
    if question.kind == "missingword":
        return _placed(question, "{\n" + "\n".join(lines[1:]))
    return "\n".join(lines)


def bank_gift(questions: list[ParsedQuestion], header: str = "") -> str:
    """A whole bank; $CATEGORY lines where the category changes. Raises GiftRefused if the text
    would not parse back into exactly these questions."""
    parts = [f"// {line}" for line in header.splitlines()] if header else []
    category = None
    for question in questions:
        if question.category and question.category != category:
            parts.append(f"$CATEGORY: {question.category}\n")
            category = question.category
        parts.append(question_gift(question) + "\n")
    text = "\n".join(parts).rstrip("\n") + "\n"
    check_reads_back(text, questions)
    return text


def check_reads_back(text: str, questions: list[ParsedQuestion]) -> None:
    parsed, problems = parse_gift(text)
    if problems:
        raise GiftRefused(f"baris {problems[0].line}: {problems[0].message}")
    if [(q.key, question_hash(q)) for q in parsed] != [(q.key, question_hash(q)) for q in questions]:
        wrong = next(
            (a.key for a, b in zip(questions, parsed, strict=False) if question_hash(a) != question_hash(b)),
            questions[len(parsed)].key if len(parsed) < len(questions) else "?",
        )
        raise GiftRefused(f"soal '{wrong}' tidak dapat ditulis sebagai GIFT tanpa berubah")


def normalized(question: ParsedQuestion) -> ParsedQuestion:
    """The question as the GIFT parser would give it back (what an export and re-import stores)."""
    parsed, problems = parse_gift(question_gift(question))
    if problems or len(parsed) != 1:
        raise GiftRefused(problems[0].message if problems else "soal tidak terbaca")
    found = parsed[0]
    return ParsedQuestion(found.key, found.text, found.kind, found.options, question.category, 1, found.rubric)
