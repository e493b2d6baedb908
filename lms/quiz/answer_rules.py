"""The answers of typed and matched questions (short answer, numerical, matching): reading what a
participant typed, comparing it with the key as Moodle's question types do, and the credit it earns.

Plain functions on plain values, so every rule is tested without a request or a database.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ZERO, ONE = Decimal(0), Decimal(1)
TEXT_KINDS = ("shortanswer", "numerical")
CHOICE_KINDS = ("single", "multiple", "truefalse", "missingword")
HAND_KINDS = ("essay",)  # graded by a person with the question's rubric (lms.quiz.essay_grading)
MAX_TYPED = 200  # characters of a typed answer; a short answer is a word or a phrase
MAX_ESSAY = 10_000  # characters of an essay answer: a case analysis of about two pages
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_STARS_RE = re.compile(r"(?<!\\)\*+")


class AnswerInvalid(ValueError):
    """What a participant typed cannot be an answer; message is for them (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class KeyOption:
    """One option of a question's key as grading needs it."""

    id: int
    text: str  # choice: markdown; short answer: the pattern; numerical: the spec; matching: the subquestion
    fraction: Decimal
    match: str | None = None


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def wildcard_matches(pattern: str, response: str) -> bool:
    """Moodle's qtype_shortanswer compare_string_with_wildcard, case-insensitive as GIFT imports it:
    a run of * matches any text, \\* a star itself, surrounding spaces of the response ignored."""
    bits = _STARS_RE.split(_normal(pattern))
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return re.fullmatch(regexp, _normal(response), re.IGNORECASE | re.DOTALL) is not None


def parse_number(text: str) -> Decimal:
    """A typed number: a decimal point or comma (Indonesian writes 3,14), an optional exponent.
    Thousand separators are refused rather than guessed (1.822 could be either)."""
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER_RE.fullmatch(cleaned):
        raise AnswerInvalid("Jawaban harus berupa angka, misalnya 12 atau 3,14.")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise AnswerInvalid("Jawaban harus berupa angka, misalnya 12 atau 3,14.") from None


def numeric_interval(spec: str) -> tuple[Decimal, Decimal] | None:
    """The closed interval a numerical answer accepts, as GIFT writes it and Moodle reads it:
    "min..max", "answer:tolerance", "answer"; None for "*" (any number). Raises AnswerInvalid."""
    spec = spec.strip()
    if spec == "*":
        return None
    range_at = spec.find("..")
    if range_at > 0:
        low, high = parse_number(spec[:range_at]), parse_number(spec[range_at + 2 :])
        return (low, high) if low <= high else (high, low)
    colon = spec.find(":")
    if colon > 0:
        answer, tolerance = parse_number(spec[:colon]), abs(parse_number(spec[colon + 1 :]))
        return answer - tolerance, answer + tolerance
    answer = parse_number(spec)
    return answer, answer


def numeric_label(spec: str) -> str:
    """The accepted answers as a participant reads them in the review: "3,14 ± 0,01", "1 sampai 5"."""

    def shown(number: str) -> str:
        return number.strip().replace(".", ",")

    spec = spec.strip()
    if spec == "*":
        return "angka lain"
    if spec.find("..") > 0:
        low, high = spec.split("..", 1)
        return f"{shown(low)} sampai {shown(high)}"
    if spec.find(":") > 0:
        answer, tolerance = spec.split(":", 1)
        return f"{shown(answer)} ± {shown(tolerance)}" if Decimal(tolerance) else shown(answer)
    return shown(spec)


def matching_answer(kind: str, options: Sequence[KeyOption], typed: str) -> KeyOption | None:
    """The first option a typed answer matches, in the key's order, as Moodle's get_matching_answer."""
    if kind == "shortanswer":
        return next((o for o in options if wildcard_matches(o.text, typed)), None)
    value = parse_number(typed)
    for option in options:
        interval = numeric_interval(option.text)
        if interval is None or interval[0] <= value <= interval[1]:
            return option
    return None


def subquestions(options: Sequence[KeyOption]) -> list[KeyOption]:
    """A matching question's subquestions in order (an option with no text is an extra answer only)."""
    return [o for o in options if o.text]


def choices(options: Sequence[KeyOption], order: Sequence[int]) -> list[KeyOption]:
    """The answers a matching question offers, in the attempt's order, each text once."""
    by_id, seen, out = {o.id: o for o in options}, set(), []
    for option_id in order:
        option = by_id[option_id]
        if option.match not in seen:
            seen.add(option.match)
            out.append(option)
    return out


def response_credit(kind: str, options: Sequence[KeyOption], selected: Sequence) -> Decimal:
    """Credit 0..1 for a typed or matched answer. Short answer and numerical: the fraction of the first
    answer that matches (never below 0). Matching: the share of subquestions matched rightly."""
    if not selected or kind in HAND_KINDS:  # an essay's credit comes from its grader, never from here
        return ZERO
    if kind in TEXT_KINDS:
        try:
            found = matching_answer(kind, options, str(selected[0]))
        except AnswerInvalid:
            return ZERO
        return max(ZERO, min(ONE, found.fraction)) if found else ZERO
    stems = subquestions(options)
    answers = {o.id: o.match for o in options}
    right = sum(
        1
        for stem, chosen in zip(stems, selected, strict=False)
        if chosen is not None and answers.get(chosen) == stem.match
    )
    return Decimal(right) / len(stems) if stems else ZERO


def read_response(kind: str, raw_values: list[str], options: Sequence[KeyOption], order: Sequence[int]) -> list:
    """What the form sent, as stored in AttemptQuestion.selected: [typed text] (or [] when blank) for
    short answer and numerical; for matching one entry per subquestion, the option id whose answer was
    chosen or None; [text] for an essay, its line breaks kept. The browser only sees choice positions 1..n,
    never ids. Raises AnswerInvalid."""
    if kind in HAND_KINDS:
        if len(raw_values) > 1:
            raise AnswerInvalid("Jawaban tidak valid untuk soal ini.")
        text = (raw_values[0] if raw_values else "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_ESSAY:
            raise AnswerInvalid(
                f"Jawaban terlalu panjang: {len(text):,} karakter, paling banyak {MAX_ESSAY:,}.".replace(",", ".")
            )
        return [text] if text else []
    if kind in TEXT_KINDS:
        if len(raw_values) > 1:
            raise AnswerInvalid("Jawaban tidak valid untuk soal ini.")
        typed = " ".join((raw_values[0] if raw_values else "").split())
        if not typed:
            return []
        if len(typed) > MAX_TYPED:
            raise AnswerInvalid(f"Jawaban terlalu panjang: paling banyak {MAX_TYPED} karakter.")
        if kind == "numerical":
            parse_number(typed)
        return [typed]
    stems, offered = subquestions(options), choices(options, order)
    if len(raw_values) != len(stems):
        raise AnswerInvalid("Jawaban tidak valid untuk soal ini.")
    picked: list[int | None] = []
    for value in raw_values:
        if not value:
            picked.append(None)
        elif value.isdigit() and 1 <= int(value) <= len(offered):
            picked.append(offered[int(value) - 1].id)
        else:
            raise AnswerInvalid("Jawaban tidak valid untuk soal ini.")
    return picked if any(p is not None for p in picked) else []


def same_response(kind: str, old: Sequence | None, new: Sequence) -> bool:
    if kind in CHOICE_KINDS:
        return sorted(old or []) == sorted(new)
    return list(old or []) == list(new)
