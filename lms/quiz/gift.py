"""Moodle GIFT banks read as Moodle reads them: choice and true/false questions; all else refused by line."""

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from lms.content.text_formats import FORMATS, as_markdown
from lms.quiz.bank_items import BankProblem, ParsedOption, ParsedQuestion, source_lines

# Moodle's escapedchar_pre/post: a backslash before any other character stays as it is.
ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n"}
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
MARKER_RE = re.compile(r"\[([A-Za-z]+)\]")
DEFAULT_FORMAT = "markdown"
WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
SUM_TOLERANCE = Decimal("0.01")


class _Rejected(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.problem = BankProblem(line, message)


@dataclass(frozen=True)
class _Block:
    """One question's text with comment lines removed, and where each of its lines sits in the file."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def line(self, position: int) -> int:
        return self.numbers[bisect_right(self.starts, position) - 1]


def parse_gift(text: str) -> tuple[list[ParsedQuestion], list[BankProblem]]:
    """Parse a GIFT bank into questions and the problems that kept others out."""
    questions: list[ParsedQuestion] = []
    problems: list[BankProblem] = []
    seen: dict[str, int] = {}
    category, count = None, 0
    for block, categories in _blocks(source_lines(text)):
        category = categories[-1] if categories else category
        if block is None:
            continue
        count += 1
        try:
            question = _question(block, category, count)
        except _Rejected as rejected:
            problems.append(rejected.problem)
            continue
        if question.key in seen:
            message = f'judul soal ganda: "{question.key}" sudah dipakai di baris {seen[question.key]}'
            problems.append(BankProblem(question.line, message))
            continue
        seen[question.key] = question.line
        questions.append(question)
    return questions, problems


def _blocks(lines: list[str]):
    """Yield (question block or None, category names) for each run of lines between blank lines."""
    kept: list[tuple[int, str]] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            if not line.lstrip().startswith("//"):
                kept.append((number, line))
            continue
        categories = []
        while kept and kept[0][1].lstrip().startswith("$CATEGORY:"):
            categories.append(kept.pop(0)[1].split(":", 1)[1].strip() or None)
        if categories or kept:
            yield (_join(kept) if kept else None), categories
        kept = []


def _join(kept: list[tuple[int, str]]) -> _Block:
    starts, offset = [], 0
    for _, line in kept:
        starts.append(offset)
        offset += len(line) + 1
    return _Block("\n".join(line for _, line in kept), tuple(starts), tuple(number for number, _ in kept))


def _question(block: _Block, category: str | None, count: int) -> ParsedQuestion:
    text, first = block.text, block.numbers[0]
    position, title = len(text) - len(text.lstrip()), None
    if text.startswith("::", position):
        close = _find(text, "::", position + 2)
        if close < 0:
            raise _Rejected(first, "judul tidak ditutup (::)")
        title = _unescape(text[position + 2 : close]).strip() or None
        position = close + 2
    opening = _find(text, "{", position)
    if opening < 0:
        raise _Rejected(first, "blok jawaban {...} tidak ada")
    stray = _find(text, "}", position)
    if 0 <= stray < opening:
        raise _Rejected(block.line(stray), "tanda } sebelum blok jawaban: tulis \\}")
    closing = _find_any(text, "{}", opening + 1)
    if closing < 0 or text[closing] == "{":
        raise _Rejected(block.line(opening), "tanda { tidak ditutup dengan }")
    trailing = text[closing + 1 :]
    if trailing.strip():
        raise _Rejected(
            block.line(len(text) - len(trailing.lstrip())),
            "ada teks setelah blok jawaban: pisahkan soal dengan baris kosong (soal rumpang tidak didukung)",
        )
    # Unmarked text is markdown here (Moodle's default is its own "moodle" format): the shipped banks
    # and the editors write markdown. Answers and feedback default to the question text's format.
    body, text_format = _formatted(text[position:opening], DEFAULT_FORMAT, first)
    if not body:
        raise _Rejected(first, "teks soal kosong")
    kind, options = _answers(block, opening + 1, closing, text_format)
    return ParsedQuestion(title or f"gift-{count}", body, kind, options, category, first)


def _formatted(raw: str, default: str, line: int) -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional leading [format] marker, then the GIFT escapes undone;
    returned as markdown with the format it was written in."""
    text, text_format = raw.strip(), default
    marker = MARKER_RE.match(text)
    if marker and marker[1] in FORMATS:
        text, text_format = text[marker.end() :], marker[1]
    elif marker and marker[1].lower() in FORMATS:
        # Moodle would show "[HTML]" as text; almost certainly not what was meant.
        raise _Rejected(line, f"penanda format ditulis dengan huruf kecil: [{marker[1].lower()}]")
    return as_markdown(_unescape(text).strip(), text_format).strip(), text_format


def _kind(answers: str) -> str:
    """The question type Moodle's readquestion() gives an answer block, in its order of checks."""
    content = answers.strip()
    if not content:
        return "essay"
    if content.startswith("#"):
        return "numerical"
    if _positions(answers, "~"):
        return "multichoice"
    if _positions(answers, "=") and "->" in answers:
        return "matching"
    hash_at = _find(content, "#")
    word = (content if hash_at < 0 else content[:hash_at]).strip()
    if word in TRUE_FALSE:
        return "truefalse"
    return "truefalse-case" if word.upper() in TRUE_FALSE else "shortanswer"


UNSUPPORTED = {
    "essay": "soal esai ({}) tidak didukung",
    "numerical": "soal numerik ({#...}) tidak didukung",
    "matching": "soal menjodohkan (->) tidak didukung",
    "shortanswer": "soal jawaban singkat (tanpa pilihan bertanda ~) tidak didukung",
    "truefalse-case": "jawaban benar/salah ditulis dengan huruf besar: {TRUE}, {FALSE}, {T} atau {F} "
    "(Moodle membaca huruf kecil sebagai soal jawaban singkat)",
}


def _answers(block: _Block, start: int, end: int, text_format: str) -> tuple[str, tuple[ParsedOption, ...]]:
    inner = block.text[start:end]
    where = block.line(start - 1)
    general = _rfind(inner, "####")  # Moodle takes the general feedback after the last ####
    answers = inner if general < 0 else inner[:general]
    kind = _kind(answers)
    if kind in UNSUPPORTED:
        raise _Rejected(where, UNSUPPORTED[kind])
    if general >= 0:
        raise _Rejected(block.line(start + general), "umpan balik umum (####) tidak didukung")
    if kind == "truefalse":
        return "truefalse", _true_false(inner, where, text_format)
    return _multichoice(block, start, inner, where, text_format)


def _multichoice(block: _Block, start: int, inner: str, where: int, text_format: str):
    marks = _positions(inner, "=~")
    if inner[: marks[0]].strip():
        # Moodle would make this text an answer of its own, worth nothing.
        raise _Rejected(where, "ada teks sebelum jawaban pertama: setiap jawaban diawali = atau ~")
    for mark in marks:
        # Moodle would silently start a new answer here, e.g. at the "=" of "1+1=2" in a feedback.
        if mark and not inner[mark - 1].isspace():
            raise _Rejected(block.line(start + mark), f"tanda {inner[mark]} di tengah teks: tulis \\{inner[mark]}")
    answers = [
        (inner[mark], inner[mark + 1 : stop], block.line(start + mark))
        for mark, stop in zip(marks, [*marks[1:], len(inner)], strict=True)
    ]
    options, weighted = [], False
    for sign, raw, line in answers:
        option, has_weight = _option(sign, raw, line, text_format)
        options.append(option)
        weighted = weighted or has_weight
    if any(sign == "=" for sign, _, _ in answers):
        kind = "single"
    elif weighted:
        kind = "multiple"
    else:
        raise _Rejected(where, "jawaban benar tidak ada (tanda =)")
    if len(options) < 2:
        raise _Rejected(where, "pilihan jawaban kurang dari 2")
    total = sum((option.fraction for option in options if option.fraction > 0), Decimal(0)) * 100
    if kind == "multiple" and abs(total - 100) > SUM_TOLERANCE:
        raise _Rejected(where, f"jumlah bobot positif harus 100%, di sini {total.normalize():f}%")
    return kind, tuple(options)


def _option(sign: str, raw: str, line: int, text_format: str) -> tuple[ParsedOption, bool]:
    weight = None
    if raw.lstrip().startswith("%"):
        if sign == "=":
            # Moodle reads no weight after "=": the "%..%" would become part of the answer's text.
            raise _Rejected(line, "jawaban benar (=) selalu bernilai 100%; pakai ~%n% untuk nilai sebagian")
        match = WEIGHT_RE.match(raw)
        if not match:
            raise _Rejected(line, "bobot tidak valid: tulis seperti ~%50% atau ~%-25%")
        weight, raw = Decimal(match[1]), raw[match.end() :]
        if not -100 <= weight <= 100:
            raise _Rejected(line, f"bobot {match[1]}% di luar rentang -100 sampai 100")
    hash_at = _find(raw, "#")
    answer = raw if hash_at < 0 else raw[:hash_at]
    text, _ = _formatted(answer, text_format, line)
    feedback = "" if hash_at < 0 else _formatted(raw[hash_at + 1 :], text_format, line)[0]
    if not text:
        raise _Rejected(line, "teks jawaban kosong")
    if sign == "=":
        fraction = Decimal(1)
    else:
        fraction = Decimal(0) if weight is None else weight / 100
    return ParsedOption(text, fraction, feedback), weight is not None


def _true_false(inner: str, where: int, text_format: str) -> tuple[ParsedOption, ...]:
    parts = _split(inner, "#")
    truth = TRUE_FALSE[parts[0].strip()]
    if len(parts) > 3:
        raise _Rejected(where, "soal benar/salah paling banyak punya dua umpan balik: {T#jika salah#jika benar}")
    if_wrong, if_right = ([_formatted(part, text_format, where)[0] for part in parts[1:]] + ["", ""])[:2]
    return (
        ParsedOption("Benar", Decimal(1 if truth else 0), if_right if truth else if_wrong),
        ParsedOption("Salah", Decimal(0 if truth else 1), if_wrong if truth else if_right),
    )


def _positions(text: str, chars: str) -> list[int]:
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


def _split(text: str, char: str) -> list[str]:
    """Split at each unescaped char."""
    marks = _positions(text, char)
    return [text[start:stop] for start, stop in zip([0, *(m + 1 for m in marks)], [*marks, len(text)], strict=True)]


def _find_any(text: str, chars: str, start: int = 0) -> int:
    hits = _positions(text[start:], chars)
    return start + hits[0] if hits else -1


def _find(text: str, sequence: str, start: int = 0) -> int:
    """The first unescaped occurrence of sequence at or after start, or -1."""
    for index in _positions(text[start:], sequence[0]):
        if text.startswith(sequence, start + index):
            return start + index
    return -1


def _rfind(text: str, sequence: str) -> int:
    """The last unescaped occurrence of sequence, or -1."""
    hits = [index for index in _positions(text, sequence[0]) if text.startswith(sequence, index)]
    return hits[-1] if hits else -1


def _unescape(text: str) -> str:
    return ESCAPE_RE.sub(lambda match: ESCAPES.get(match[1], match[0]), text)
