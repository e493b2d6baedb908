"""Moodle GIFT question banks: single and weighted multiple choice and true/false, with feedback."""

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from lms.quiz.banks import BankProblem, ParsedOption, ParsedQuestion, source_lines

ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n"}
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
FORMAT_RE = re.compile(r"\[(markdown|html|plain|moodle)\]", re.IGNORECASE)
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
    closing = _find_any(text, "{}", opening + 1)
    if closing < 0 or text[closing] == "{":
        raise _Rejected(block.line(opening), "tanda { tidak ditutup dengan }")
    trailing = text[closing + 1 :]
    if trailing.strip():
        raise _Rejected(
            block.line(len(text) - len(trailing.lstrip())),
            "ada teks setelah blok jawaban: pisahkan soal dengan baris kosong (soal rumpang tidak didukung)",
        )
    body = text[position:opening].strip()
    marker = FORMAT_RE.match(body)
    body = _unescape(body[marker.end() :] if marker else body).strip()
    if not body:
        raise _Rejected(first, "teks soal kosong")
    kind, options = _answers(block, opening + 1, closing)
    return ParsedQuestion(title or f"gift-{count}", body, kind, options, category, first)


def _answers(block: _Block, start: int, end: int) -> tuple[str, tuple[ParsedOption, ...]]:
    inner = block.text[start:end]
    content = inner.strip()
    where = block.line(start - 1)
    if not content:
        raise _Rejected(where, "soal esai ({}) tidak didukung")
    if content.startswith("#"):
        raise _Rejected(where, "soal numerik ({#...}) tidak didukung")
    if _find(inner, "####") >= 0:
        raise _Rejected(block.line(start + _find(inner, "####")), "umpan balik umum (####) tidak didukung")
    if content[0] not in "=~":
        return "truefalse", _true_false(inner, where)
    marks = _positions(inner, "=~")
    for mark in marks:
        # Moodle would silently start a new answer here, e.g. at the "=" of "1+1=2" in a feedback.
        if mark and not inner[mark - 1].isspace():
            raise _Rejected(block.line(start + mark), f"tanda {inner[mark]} di tengah teks: tulis \\{inner[mark]}")
    answers = [
        (inner[mark], inner[mark + 1 : stop], block.line(start + mark))
        for mark, stop in zip(marks, [*marks[1:], len(inner)], strict=True)
    ]
    if all(sign == "=" for sign, _, _ in answers):
        if any("->" in raw for _, raw, _ in answers):
            raise _Rejected(where, "soal menjodohkan (->) tidak didukung")
        raise _Rejected(where, "soal jawaban singkat (semua jawaban bertanda =) tidak didukung")
    options, weighted = [], False
    for sign, raw, line in answers:
        option, has_weight = _option(sign, raw, line)
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


def _option(sign: str, raw: str, line: int) -> tuple[ParsedOption, bool]:
    weight = None
    if raw.lstrip().startswith("%"):
        match = WEIGHT_RE.match(raw)
        if not match:
            raise _Rejected(line, "bobot tidak valid: tulis seperti ~%50% atau ~%-25%")
        weight, raw = Decimal(match[1]), raw[match.end() :]
        if not -100 <= weight <= 100:
            raise _Rejected(line, f"bobot {match[1]}% di luar rentang -100 sampai 100")
        if sign == "=" and weight != 100:
            raise _Rejected(line, "jawaban benar (=) selalu bernilai 100%; pakai ~%n% untuk nilai sebagian")
    hash_at = _find(raw, "#")
    text = _unescape(raw if hash_at < 0 else raw[:hash_at]).strip()
    feedback = "" if hash_at < 0 else _unescape(raw[hash_at + 1 :]).strip()
    if not text:
        raise _Rejected(line, "teks jawaban kosong")
    if sign == "=":
        fraction = Decimal(1)
    else:
        fraction = Decimal(0) if weight is None else weight / 100
    return ParsedOption(text, fraction, feedback), weight is not None


def _true_false(inner: str, where: int) -> tuple[ParsedOption, ...]:
    parts = _split(inner, "#")
    word = parts[0].strip().upper()
    if word not in TRUE_FALSE:
        raise _Rejected(where, "isi blok jawaban tidak dikenali: jawaban diawali = atau ~, atau {T}/{F}")
    if len(parts) > 3:
        raise _Rejected(where, "soal benar/salah paling banyak punya dua umpan balik: {T#jika salah#jika benar}")
    if_wrong, if_right = ([_unescape(part).strip() for part in parts[1:]] + ["", ""])[:2]
    truth = TRUE_FALSE[word]
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


def _unescape(text: str) -> str:
    return ESCAPE_RE.sub(lambda match: ESCAPES.get(match[1], match[0]), text)
