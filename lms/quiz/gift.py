"""Moodle GIFT banks read as Moodle reads them (question/format/gift/format.php): choice, true/false,
missing word, short answer, numerical, matching and essay questions (an essay's rubric in its general
feedback, lms.quiz.gift_answers.essay_rubric); all else refused by line."""

from decimal import Decimal

from lms.quiz import gift_answers
from lms.quiz.bank_items import BankProblem, ParsedOption, ParsedQuestion, source_lines
from lms.quiz.gift_text import (
    Block,
    Rejected,
    answer_parts,
    find,
    find_any,
    formatted,
    positions,
    rfind,
    split,
    unescape,
    weight,
)

DEFAULT_FORMAT = "markdown"
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
SUM_TOLERANCE = Decimal("0.01")
# What Moodle puts where the answer block stood in the middle of the text (the missing word format).
BLANK = "_____"
# Held in the text while it is converted from its format, so no converter escapes the blank.
_BLANK_TOKEN = "GIFTBLANKQ7Z"


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
        except Rejected as rejected:
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


def _join(kept: list[tuple[int, str]]) -> Block:
    starts, offset = [], 0
    for _, line in kept:
        starts.append(offset)
        offset += len(line) + 1
    return Block("\n".join(line for _, line in kept), tuple(starts), tuple(number for number, _ in kept))


def _question(block: Block, category: str | None, count: int) -> ParsedQuestion:
    text, first = block.text, block.numbers[0]
    position, title = len(text) - len(text.lstrip()), None
    if text.startswith("::", position):
        close = find(text, "::", position + 2)
        if close < 0:
            raise Rejected(first, "judul tidak ditutup (::)")
        title = unescape(text[position + 2 : close]).strip() or None
        position = close + 2
    opening = find(text, "{", position)
    if opening < 0:
        raise Rejected(first, "blok jawaban {...} tidak ada")
    stray = find(text, "}", position)
    if 0 <= stray < opening:
        raise Rejected(block.line(stray), "tanda } sebelum blok jawaban: tulis \\}")
    closing = find_any(text, "{}", opening + 1)
    if closing < 0 or text[closing] == "{":
        raise Rejected(block.line(opening), "tanda { tidak ditutup dengan }")
    trailing = text[closing + 1 :]
    another = find_any(trailing, "{}")
    if another >= 0:
        raise Rejected(
            block.line(closing + 1 + another),
            "satu soal hanya boleh punya satu blok jawaban {...}: pisahkan soal dengan baris kosong, "
            "atau tulis \\{ dan \\} untuk kurung kurawal di dalam teks",
        )
    # Moodle: text after the block makes it a missing word question, the block replaced by a blank.
    blank = bool(trailing.strip())
    raw = text[position:opening] + (_BLANK_TOKEN + trailing if blank else "")
    # Unmarked text is markdown here (Moodle's default is its own "moodle" format): the shipped banks
    # and the editors write markdown. Answers and feedback default to the question text's format.
    body, text_format = formatted(raw, DEFAULT_FORMAT, first)
    body = body.replace(_BLANK_TOKEN, BLANK)
    if not body.replace(BLANK, "").strip():
        raise Rejected(first, "teks soal kosong")
    kind, options, rubric = _answers(block, opening + 1, closing, text_format)
    if blank and kind == "single":
        kind = "missingword"
    elif blank and kind not in ("shortanswer", "numerical"):
        raise Rejected(
            block.line(closing + 1 + len(trailing) - len(trailing.lstrip())),
            "ada teks setelah blok jawaban: soal rumpang hanya untuk satu jawaban benar (=), jawaban singkat, "
            "atau angka; selain itu pisahkan soal dengan baris kosong",
        )
    return ParsedQuestion(title or f"gift-{count}", body, kind, options, category, first, rubric)


def _kind(answers: str) -> str:
    """The question type Moodle's readquestion() gives an answer block, in its order of checks."""
    content = answers.strip()
    if not content:
        return "essay"
    if content.startswith("#"):
        return "numerical"
    if positions(answers, "~"):
        return "multichoice"
    if positions(answers, "=") and "->" in answers:
        return "matching"
    hash_at = find(content, "#")
    word = (content if hash_at < 0 else content[:hash_at]).strip()
    if word in TRUE_FALSE:
        return "truefalse"
    return "truefalse-case" if word.upper() in TRUE_FALSE else "shortanswer"


UNSUPPORTED = {
    "truefalse-case": "jawaban benar/salah ditulis dengan huruf besar: {TRUE}, {FALSE}, {T} atau {F} "
    "(Moodle membaca huruf kecil sebagai soal jawaban singkat)",
}


def _answers(block: Block, start: int, end: int, text_format: str) -> tuple[str, tuple[ParsedOption, ...], dict | None]:
    inner = block.text[start:end]
    where = block.line(start - 1)
    general = rfind(inner, "####")  # Moodle takes the general feedback after the last ####
    answers = inner if general < 0 else inner[:general]
    kind = _kind(answers)
    if kind in UNSUPPORTED:
        raise Rejected(where, UNSUPPORTED[kind])
    if kind == "essay":
        return "essay", (), gift_answers.essay_rubric(block, start, inner, general, where)
    if general >= 0:
        raise Rejected(block.line(start + general), "umpan balik umum (####) hanya untuk rubrik soal esai")
    if kind == "truefalse":
        return "truefalse", _true_false(inner, where, text_format), None
    if kind == "multichoice":
        return (*_multichoice(block, start, inner, where, text_format), None)
    return kind, gift_answers.PARSERS[kind](block, start, inner, where, text_format), None


def _multichoice(block: Block, start: int, inner: str, where: int, text_format: str):
    marks = positions(inner, "=~")
    if inner[: marks[0]].strip():
        # Moodle would make this text an answer of its own, worth nothing.
        raise Rejected(where, "ada teks sebelum jawaban pertama: setiap jawaban diawali = atau ~")
    options, weighted = [], False
    answers = answer_parts(block, start, inner, marks)
    for sign, raw, line in answers:
        option, has_weight = _option(sign, raw, line, text_format)
        options.append(option)
        weighted = weighted or has_weight
    if any(sign == "=" for sign, _, _ in answers):
        kind = "single"
    elif weighted:
        kind = "multiple"
    else:
        raise Rejected(where, "jawaban benar tidak ada (tanda =)")
    if len(options) < 2:
        raise Rejected(where, "pilihan jawaban kurang dari 2")
    total = sum((option.fraction for option in options if option.fraction > 0), Decimal(0)) * 100
    if kind == "multiple" and abs(total - 100) > SUM_TOLERANCE:
        raise Rejected(where, f"jumlah bobot positif harus 100%, di sini {total.normalize():f}%")
    return kind, tuple(options)


def _option(sign: str, raw: str, line: int, text_format: str) -> tuple[ParsedOption, bool]:
    if sign == "=" and raw.lstrip().startswith("%"):
        # Moodle reads no weight after "=" in a choice question: the "%..%" would become part of the answer.
        raise Rejected(line, "jawaban benar (=) selalu bernilai 100%; pakai ~%n% untuk nilai sebagian")
    percent, raw = weight(raw, line)
    hash_at = find(raw, "#")
    answer = raw if hash_at < 0 else raw[:hash_at]
    text, _ = formatted(answer, text_format, line)
    feedback = "" if hash_at < 0 else formatted(raw[hash_at + 1 :], text_format, line)[0]
    if not text:
        raise Rejected(line, "teks jawaban kosong")
    if sign == "=":
        fraction = Decimal(1)
    else:
        fraction = Decimal(0) if percent is None else percent / 100
    return ParsedOption(text, fraction, feedback), percent is not None


def _true_false(inner: str, where: int, text_format: str) -> tuple[ParsedOption, ...]:
    parts = split(inner, "#")
    truth = TRUE_FALSE[parts[0].strip()]
    if len(parts) > 3:
        raise Rejected(where, "soal benar/salah paling banyak punya dua umpan balik: {T#jika salah#jika benar}")
    if_wrong, if_right = ([formatted(part, text_format, where)[0] for part in parts[1:]] + ["", ""])[:2]
    return (
        ParsedOption("Benar", Decimal(1 if truth else 0), if_right if truth else if_wrong),
        ParsedOption("Salah", Decimal(0 if truth else 1), if_wrong if truth else if_right),
    )
