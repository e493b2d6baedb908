"""Question banks: choosing the format by file name, parsing, and the length and character checks."""

import os

from lms.core.text import line_problems
from lms.quiz.aiken import parse_aiken
from lms.quiz.bank_items import MAX_QUESTION_CHARS, BankProblem, ParsedOption, ParsedQuestion, source_lines
from lms.quiz.gift import parse_gift

# The bank's public face: parse_bank and the values it returns (defined in lms.quiz.bank_items, which the
# parsers import, so that they need not import this module that imports them).
__all__ = ["MAX_QUESTION_CHARS", "BankProblem", "ParsedOption", "ParsedQuestion", "parse_bank", "source_lines"]


def parse_bank(filename: str, text: str) -> tuple[list[ParsedQuestion], list[BankProblem]]:
    """Parse a GIFT (.gift) or Aiken (.aiken, .txt) bank; problems say what to fix and on which line."""
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
