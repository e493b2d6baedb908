"""Question banks: the values both file formats parse into, and choosing the format by file name."""

import os
from dataclasses import dataclass
from decimal import Decimal


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
        return parse_gift(text)
    if extension in (".aiken", ".txt"):
        return parse_aiken(text)
    return [], [BankProblem(1, "format berkas tidak dikenal: gunakan .gift, .aiken, atau .txt")]
