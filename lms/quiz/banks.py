"""Question banks: the values both file formats parse into, and choosing the format by file name."""

import os
from dataclasses import dataclass
from decimal import Decimal

from lms.core.text import line_problems

# A case question with its scenario fits in two pages; longer text is refused in files and in the editor.
MAX_QUESTION_CHARS = 10_000


@dataclass(frozen=True)
class ParsedOption:
    text: str  # markdown
    fraction: Decimal  # credit for choosing it, -1..1
    feedback: str  # markdown, may be ""


@dataclass(frozen=True)
class ParsedQuestion:
    key: str  # the GIFT title, or "aiken-<n>"; unique in a file
    text: str  # markdown
    kind: str  # "single" | "multiple" | "truefalse"
    options: tuple[ParsedOption, ...]
    category: str | None
    line: int  # 1-based line where the question starts


@dataclass(frozen=True)
class BankProblem:
    line: int
    message: str  # in Indonesian


def source_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: without a BOM, whatever the line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_bank(filename: str, text: str) -> tuple[list[ParsedQuestion], list[BankProblem]]:
    """Parse a GIFT (.gift) or Aiken (.aiken, .txt) bank; problems say what to fix and on which line."""
    # Imported here because both parsers import the value types above.
    from lms.quiz.aiken import parse_aiken
    from lms.quiz.gift import parse_gift

    extension = os.path.splitext(filename)[1].lower()
    if extension == ".gift":
        questions, problems = parse_gift(text)
    elif extension in (".aiken", ".txt"):
        questions, problems = parse_aiken(text)
    else:
        return [], [BankProblem(1, "format berkas tidak dikenal: gunakan .gift, .aiken, atau .txt")]
    characters = [BankProblem(line, reason) for line, reason in line_problems("\n".join(source_lines(text)))]
    if characters:
        return [], sorted(characters + problems, key=lambda p: p.line)
    kept = []
    for question in questions:
        if len(question.text) > MAX_QUESTION_CHARS:
            problems.append(BankProblem(question.line, _too_long(len(question.text))))
        else:
            kept.append(question)
    return kept, problems


def _too_long(length: int) -> str:
    def number(n: int) -> str:
        return f"{n:,}".replace(",", ".")  # 10.000, as Indonesian writes it

    return f"teks soal {number(length)} karakter, paling banyak {number(MAX_QUESTION_CHARS)}"
