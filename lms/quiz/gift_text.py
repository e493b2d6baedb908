"""The text rules every part of a GIFT question obeys, as Moodle's qformat_gift applies them: escapes,
format markers, weights, and finding unescaped marks. Shared by lms.quiz.gift and lms.quiz.gift_answers."""

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from lms.content.text_formats import FORMATS, as_markdown
from lms.quiz.bank_items import BankProblem

# Moodle's escapedchar_pre/post: a backslash before any other character stays as it is.
ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n"}
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
MARKER_RE = re.compile(r"\[([A-Za-z]+)\]")
WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")


class Rejected(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.problem = BankProblem(line, message)


@dataclass(frozen=True)
class Block:
    """One question's text with comment lines removed, and where each of its lines sits in the file."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def line(self, position: int) -> int:
        return self.numbers[bisect_right(self.starts, position) - 1]


def formatted(raw: str, default: str, line: int) -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional leading [format] marker, then the GIFT escapes undone;
    returned as markdown with the format it was written in."""
    text, text_format = raw.strip(), default
    marker = MARKER_RE.match(text)
    if marker and marker[1] in FORMATS:
        text, text_format = text[marker.end() :], marker[1]
    elif marker and marker[1].lower() in FORMATS:
        # Moodle would show "[HTML]" as text; almost certainly not what was meant.
        raise Rejected(line, f"penanda format ditulis dengan huruf kecil: [{marker[1].lower()}]")
    return as_markdown(unescape(text).strip(), text_format).strip(), text_format


def plain(raw: str) -> str:
    """An answer Moodle keeps as bare text (a short answer, a number, a matching answer): a leading
    [format] marker dropped as parse_text_with_format drops it, the escapes undone, no markdown."""
    text = raw.strip()
    marker = MARKER_RE.match(text)
    if marker and marker[1] in FORMATS:
        text = text[marker.end() :]
    return unescape(text).strip()


def weight(raw: str, line: int, sign: str = "~") -> tuple[Decimal | None, str]:
    """A leading %n% weight (Moodle's answerweightparser) as a percentage, and the text after it."""
    if not raw.lstrip().startswith("%"):
        return None, raw
    match = WEIGHT_RE.match(raw)
    if not match:
        raise Rejected(line, f"bobot tidak valid: tulis seperti {sign}%50% atau {sign}%-25%")
    value = Decimal(match[1])
    if not -100 <= value <= 100:
        raise Rejected(line, f"bobot {match[1]}% di luar rentang -100 sampai 100")
    return value, raw[match.end() :]


def positions(text: str, chars: str) -> list[int]:
    """Where the unescaped characters in chars occur."""
    found, index = [], 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in chars:
            found.append(index)
        index += 1
    return found


def split(text: str, char: str) -> list[str]:
    """Split at each unescaped char."""
    marks = positions(text, char)
    return [text[start:stop] for start, stop in zip([0, *(m + 1 for m in marks)], [*marks, len(text)], strict=True)]


def find_any(text: str, chars: str, start: int = 0) -> int:
    hits = positions(text[start:], chars)
    return start + hits[0] if hits else -1


def find(text: str, sequence: str, start: int = 0) -> int:
    """The first unescaped occurrence of sequence at or after start, or -1."""
    for index in positions(text[start:], sequence[0]):
        if text.startswith(sequence, start + index):
            return start + index
    return -1


def rfind(text: str, sequence: str) -> int:
    """The last unescaped occurrence of sequence, or -1."""
    hits = [index for index in positions(text, sequence[0]) if text.startswith(sequence, index)]
    return hits[-1] if hits else -1


def unescape(text: str) -> str:
    return ESCAPE_RE.sub(lambda match: ESCAPES.get(match[1], match[0]), text)


def answer_parts(block: Block, start: int, inner: str, marks: list[int]) -> list[tuple[str, str, int]]:
    """(mark, text after it, line) for each answer of an answer block split at `marks`, refusing a mark
    glued to the text before it: Moodle would silently start a new answer there (the "=" of "1+1=2")."""
    if not marks:
        return []
    for mark in marks:
        if mark and not inner[mark - 1].isspace():
            raise Rejected(block.line(start + mark), f"tanda {inner[mark]} di tengah teks: tulis \\{inner[mark]}")
    return [
        (inner[mark], inner[mark + 1 : stop], block.line(start + mark))
        for mark, stop in zip(marks, [*marks[1:], len(inner)], strict=True)
    ]
