"""The answer blocks of GIFT short answer, numerical, matching and essay questions, read as Moodle's
qformat_gift reads them, with what Moodle would silently misread refused by line."""

import re
from decimal import Decimal

from lms.core.rubric import RubricError, parse_rubric
from lms.quiz.answer_rules import AnswerInvalid, numeric_interval
from lms.quiz.bank_items import ParsedOption
from lms.quiz.gift_text import Block, Rejected, answer_parts, find, formatted, plain, positions, unescape, weight

ESSAY_HELP = (
    "soal esai perlu rubrik penilaian sebagai umpan balik umum, satu baris per kriteria atau level: "
    "{####Kriteria | bobot, lalu - poin: deskripsi}"
)
_RUBRIC_LINE = re.compile(r"^\D*?(\d+)\b")


def _percent_fraction(percent: Decimal | None, line: int) -> Decimal:
    if percent is None:
        return Decimal(1)  # Moodle: an answer after "=" without a weight is worth full marks
    if percent < 0:
        raise Rejected(line, "bobot jawaban singkat atau angka harus 0 sampai 100%")
    return percent / 100


def _feedback(raw: str, text_format: str, line: int) -> tuple[str, str]:
    """(answer part, feedback markdown): Moodle's commentparser splits at the first #."""
    hash_at = find(raw, "#")
    if hash_at < 0:
        return raw, ""
    return raw[:hash_at], formatted(raw[hash_at + 1 :], text_format, line)[0]


def _equals_answers(block: Block, start: int, inner: str) -> list[tuple[str, str, int]]:
    """Moodle's explode("=", ...): text before the first = is an answer too (worth full marks)."""
    marks = positions(inner, "=")
    head = inner[: marks[0]] if marks else inner
    answers = answer_parts(block, start, inner, marks)
    if head.strip():
        answers.insert(0, ("=", head, block.line(start)))
    return answers


def shortanswer(block: Block, start: int, inner: str, where: int, text_format: str) -> tuple[ParsedOption, ...]:
    options = []
    for _sign, raw, line in _equals_answers(block, start, inner):
        percent, rest = weight(raw, line, "=")
        answer, feedback = _feedback(rest, text_format, line)
        text = plain(answer)
        if not text:
            raise Rejected(line, "teks jawaban kosong")
        options.append(ParsedOption(text, _percent_fraction(percent, line), feedback))
    if not options:
        raise Rejected(where, "jawaban singkat tidak ada: tulis seperti {=jawaban =jawaban lain}")
    return tuple(options)


def numerical(block: Block, start: int, inner: str, where: int, text_format: str) -> tuple[ParsedOption, ...]:
    start += inner.index("#") + 1
    inner = inner[inner.index("#") + 1 :]
    # Moodle: everything from the first ~ on is the feedback for any other number.
    tilde = positions(inner, "~")
    other = None
    if tilde:
        rest = inner[tilde[0] + 1 :]
        line = block.line(start + tilde[0])
        if find(rest, "#") < 0 or rest[: find(rest, "#")].strip():
            raise Rejected(line, "umpan balik untuk angka lain ditulis ~#umpan balik, di akhir blok")
        other = ParsedOption("*", Decimal(0), formatted(rest[find(rest, "#") + 1 :], text_format, line)[0])
        inner = inner[: tilde[0]]
    options = []
    for _sign, raw, line in _equals_answers(block, start, inner):
        percent, rest = weight(raw, line, "=")
        answer, feedback = _feedback(rest, text_format, line)
        spec = "".join(plain(answer).split())
        try:
            numeric_interval(spec)
        except AnswerInvalid:
            raise Rejected(
                line, f'jawaban angka tidak valid: "{spec}"; tulis seperti 3.14, 3.14:0.01 atau 1..5'
            ) from None
        if spec == "*":
            raise Rejected(line, "tulis ~#umpan balik untuk angka lain, bukan =*")
        options.append(ParsedOption(spec, _percent_fraction(percent, line), feedback))
    if not options:
        raise Rejected(where, "jawaban angka tidak ada: tulis seperti {#3.14:0.01}")
    return tuple(options) + ((other,) if other else ())


def matching(block: Block, start: int, inner: str, where: int, text_format: str) -> tuple[ParsedOption, ...]:
    marks = positions(inner, "=")
    if inner[: marks[0]].strip():
        raise Rejected(where, "ada teks sebelum pasangan pertama: setiap pasangan diawali =")
    options = []
    for _sign, raw, line in answer_parts(block, start, inner, marks):
        arrow = raw.find("->")
        if arrow < 0:
            raise Rejected(line, "pasangan menjodohkan ditulis =soal -> jawaban")
        if positions(raw, "#"):
            # Moodle keeps a # of a matching pair as text: feedback here would be shown as part of the answer.
            raise Rejected(line, "soal menjodohkan tidak punya umpan balik per pasangan: tulis \\# untuk tanda #")
        stem = formatted(raw[:arrow], text_format, line)[0]
        answer = plain(raw[arrow + 2 :])
        if not answer:
            raise Rejected(line, "jawaban pasangan kosong: tulis =soal -> jawaban")
        options.append(ParsedOption(stem, Decimal(1) if stem else Decimal(0), "", answer))
    if sum(1 for option in options if option.text) < 2:
        raise Rejected(where, "soal menjodohkan perlu paling sedikit 2 pasangan")
    return tuple(options)


def essay_rubric(block: Block, start: int, inner: str, general: int, where: int) -> dict:
    """An essay's rubric, written as its general feedback (Moodle shows that after the attempt; here it
    grades): `{####Kriteria | 40` and, one per line, `- 4: descriptor`, in lms.core.rubric's syntax with
    GIFT's escapes (\\{ \\} \\= \\~ \\#). Problems are reported on the file's line."""
    if general < 0:
        raise Rejected(where, ESSAY_HELP)
    text_start = start + general + 4
    lines = inner[general + 4 :].split("\n")
    if not "".join(lines).strip():
        raise Rejected(block.line(start + general), ESSAY_HELP)
    # Each rubric line put at its line number in the file, so parse_rubric's "Baris N" names the file's line.
    by_number: dict[int, str] = {}
    offset = 0
    for line in lines:
        number = block.line(text_start + offset)
        by_number[number] = (by_number.get(number, "") + " " + unescape(line).replace("\n", " ")).strip()
        offset += len(line) + 1
    padded = "\n".join(by_number.get(n, "") for n in range(1, max(by_number) + 1))
    try:
        return parse_rubric(padded).as_dict()
    except RubricError as error:
        found = _RUBRIC_LINE.match(error.message)
        line = int(found[1]) if found and int(found[1]) in by_number else block.line(start + general)
        raise Rejected(line, f"rubrik: {error.message}") from None


PARSERS = {"shortanswer": shortanswer, "numerical": numerical, "matching": matching}
