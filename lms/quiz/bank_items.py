"""The values a question bank file parses into, shared by both formats' parsers (lms.quiz.aiken,
lms.quiz.gift) and lms.quiz.banks, which chooses between them."""

from dataclasses import dataclass
from decimal import Decimal

# A case question with its scenario fits in two pages; longer text is refused in files and in the editor.
MAX_QUESTION_CHARS = 10_000


@dataclass(frozen=True)
class ParsedOption:
    text: str  # markdown
    fraction: Decimal  # credit for choosing it, -1..1
    feedback: str  # markdown, may be ""
    # Matching only: the answer this subquestion (text) is matched to, plain text; text "" for an extra
    # answer that matches no subquestion.
    match: str | None = None


@dataclass(frozen=True)
class ParsedQuestion:
    key: str  # the GIFT title, or "aiken-<n>"; unique in a file
    text: str  # markdown
    # "single" | "multiple" | "truefalse" | "missingword" (a single choice blank in the sentence);
    # "shortanswer" (options: accepted answers, plain text with * wildcards) | "numerical" (options:
    # "3.14:0.01", "1..5", "42" or "*") | "matching" (options: subquestion -> match) | "essay" (no options,
    # graded by hand with `rubric`)
    kind: str
    options: tuple[ParsedOption, ...]
    category: str | None
    line: int  # 1-based line where the question starts
    rubric: dict | None = None  # essay only: lms.core.rubric.Rubric.as_dict()


@dataclass(frozen=True)
class BankProblem:
    line: int
    message: str  # in Indonesian


def source_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: without a BOM, whatever the line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
