"""Item-writing checks over a bank's parsed questions: cues that let a participant answer without
understanding (the key is the longest option, always in the same place, "semua benar") and
feedback that says the opposite of the credit. Findings are warnings: they never block an import."""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from lms.content.source import ContentTree, Problem
from lms.quiz.banks import ParsedOption, ParsedQuestion, parse_bank

# With 4 options, a key that is simply the longest would be right in about 25% of questions by
# chance; test-wise participants pick "the longest" on purpose, so above ~35% the habit pays.
# 35% leaves room for the few questions where the right answer needs its qualifier.
LONGEST_KEY_LIMIT = 0.35
# A share says little about a handful of questions: 1 of 3 is already 33%.
MIN_QUESTIONS_FOR_SHARES = 6
# With k options each position should hold about 1/k of the keys; more than 1/k + 15 points
# (40% with 4 options) means "when unsure, pick A" beats chance.
POSITION_SLACK = 0.15
# A key this many times the mean length of its distractors stands out on its own, even in a bank
# whose overall share is fine.
KEY_LENGTH_RATIO = 1.6

CATCH_ALL_RE = re.compile(
    r"^(?:"
    r"(?:jawaban |pilihan |pernyataan )?(?:di atas )?semua"
    r"(?: jawaban| pilihan| pernyataan)?(?: di atas)? (?:benar|salah|tepat)"
    r"|tidak ada(?: jawaban| pilihan)?(?: yang)? (?:benar|tepat|salah)"
    r"|(?:jawaban )?[a-e](?:, ?[a-e])*,? (?:dan|&) [a-e](?: semua| semuanya)? (?:benar|salah|tepat)"
    r"|(?:all|none|both|neither) of the (?:above|options|answers)"
    r"|(?:all|none) (?:are|is) (?:correct|true|right|wrong)"
    r")$"
)
NEGATIVE_STEM_RE = re.compile(r"\b(kecuali|yang\s+(?:tidak|bukan)|except|not)\b", re.IGNORECASE)
EMPHASIS_RE = re.compile(r"\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|\b[A-Z]{4,}\b")
POSITIVE_WORDS = frozenset({"benar", "tepat", "betul", "correct", "right"})
NEGATIVE_WORDS = frozenset({"salah", "keliru", "kurang", "tidak", "bukan", "incorrect", "wrong"})
OPENER_RE = re.compile(r"^\s*([^.!?:;]{1,40})[.!?:;]")
# "Kurang tepat" and "tidak benar" are one negative verdict, not a positive and a negative word.
NEGATED_RE = re.compile(r"\b(?:kurang|tidak|belum)\s+(?:tepat|benar|betul)\b|\bnot\s+(?:correct|right)\b")
# "Pernyataan ini salah." judges the statement of a true/false question, not the answer given.
STATEMENT_RE = re.compile(r"^(?:pernyataan|the statement|this statement)\b")


@dataclass(frozen=True)
class Finding:
    line: int  # where the question starts; for a finding about the whole bank, its first question
    key: str | None  # the question's code; None when the finding is about the whole bank
    message: str  # Indonesian (or the UI language), says what to change


def _choice_questions(questions: Sequence[ParsedQuestion]) -> list[ParsedQuestion]:
    return [q for q in questions if q.kind in ("single", "missingword") and len(q.options) >= 3]


def _key_index(question: ParsedQuestion) -> int:
    return next(index for index, option in enumerate(question.options) if option.fraction == 1)


def _length(option: ParsedOption) -> int:
    return len(" ".join(option.text.split()))


def key_is_longest(question: ParsedQuestion) -> bool:
    """The key is strictly longer than every distractor (a tie gives nothing away)."""
    key = _key_index(question)
    lengths = [_length(option) for option in question.options]
    return all(lengths[key] > length for index, length in enumerate(lengths) if index != key)


def longest_key_share(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """The bank's share of single-choice questions whose key is the longest option."""
    chosen = _choice_questions(questions)
    if len(chosen) < MIN_QUESTIONS_FOR_SHARES:
        return []
    longest = [q for q in chosen if key_is_longest(q)]
    share = len(longest) / len(chosen)
    if share <= LONGEST_KEY_LIMIT:
        return []
    message = _(
        "Pada %(n)d dari %(total)d soal pilihan tunggal (%(share)d%%) jawaban benar adalah pilihan "
        "terpanjang; batasnya %(limit)d%%. Peserta dapat lulus dengan memilih jawaban terpanjang. "
        "Pengacakan pilihan menyembunyikan posisi, bukan panjang: persingkat kunci atau lengkapi pengecoh "
        "(misalnya %(keys)s).",
        n=len(longest),
        total=len(chosen),
        share=round(share * 100),
        limit=round(LONGEST_KEY_LIMIT * 100),
        keys=", ".join(q.key for q in longest[:5]),
    )
    return [Finding(chosen[0].line, None, message)]


def key_positions(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Whether the key sits in one position (A, B, ...) far more often than chance, or never in one."""
    chosen = _choice_questions(questions)
    if len(chosen) < MIN_QUESTIONS_FOR_SHARES:
        return []
    width = Counter(len(q.options) for q in chosen).most_common(1)[0][0]
    counts = Counter(_key_index(q) for q in chosen)
    limit = 1 / width + POSITION_SLACK
    spread = ", ".join(f"{chr(65 + index)} {counts[index]}" for index in range(width))
    findings = []
    top, top_count = counts.most_common(1)[0]
    if top_count / len(chosen) > limit:
        message = _(
            "Jawaban benar berada di posisi %(letter)s pada %(n)d dari %(total)d soal (sebaran: %(spread)s). "
            "Sebarkan posisi kunci merata: posisi di berkas tampak bila pengacakan pilihan dimatikan, "
            "di ekspor, dan di Aiken.",
            letter=chr(65 + top),
            n=top_count,
            total=len(chosen),
            spread=spread,
        )
        findings.append(Finding(chosen[0].line, None, message))
    unused = [chr(65 + index) for index in range(width) if not counts[index]]
    if unused and len(chosen) >= 2 * width:
        message = _(
            "Jawaban benar tidak pernah berada di posisi %(letters)s (sebaran: %(spread)s).",
            letters=", ".join(unused),
            spread=spread,
        )
        findings.append(Finding(chosen[0].line, None, message))
    return findings


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[*_`.!?()\[\]\"']", " ", text.lower()).split())


def catch_all_options(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Options such as "semua benar" or "A dan B benar": they depend on the displayed order (which
    shuffling changes) and are answered by spotting two true options, not by knowing all of them."""
    findings = []
    for question in questions:
        if question.kind == "truefalse":
            continue
        for option in question.options:
            if CATCH_ALL_RE.match(_normalized(option.text)):
                message = _(
                    'Soal %(key)s memakai pilihan "%(option)s". Ganti dengan pernyataan yang berdiri sendiri '
                    "(atau jadikan soal pilihan ganda berbobot).",
                    key=question.key,
                    option=option.text,
                )
                findings.append(Finding(question.line, question.key, message))
    return findings


def key_length_outliers(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Questions whose key is far longer than the mean of its distractors."""
    findings = []
    for question in _choice_questions(questions):
        key = _key_index(question)
        others = [_length(o) for index, o in enumerate(question.options) if index != key]
        mean = sum(others) / len(others)
        if mean and _length(question.options[key]) >= KEY_LENGTH_RATIO * mean:
            message = _(
                "Soal %(key)s: jawaban benar %(ratio).1f kali lebih panjang daripada rata-rata pengecoh; "
                "panjangnya saja sudah menunjukkan jawaban.",
                key=question.key,
                ratio=_length(question.options[key]) / mean,
            )
            findings.append(Finding(question.line, question.key, message))
    return findings


def _last_sentence(text: str) -> str:
    """The question itself: a scenario's "yang tidak hadir" is not a negative question."""
    text = re.sub(r"(?:\.\.\.|…)\s*$", "", text.strip())
    return re.split(r"(?<=[.?!])\s+", text)[-1]


def negative_stems(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Stems that ask for the exception ("kecuali", "yang tidak") without emphasis are misread."""
    findings = []
    for question in questions:
        if question.kind == "truefalse":
            continue
        match = NEGATIVE_STEM_RE.search(EMPHASIS_RE.sub(" ", _last_sentence(question.text)))
        if match:
            message = _(
                'Soal %(key)s bertanya dengan kata negatif "%(word)s" tanpa penekanan: tulis dengan huruf tebal '
                "(**%(word)s**) atau ubah menjadi pertanyaan positif.",
                key=question.key,
                word=match[1],
            )
            findings.append(Finding(question.line, question.key, message))
    return findings


def _verdicts(feedback: str) -> set[str]:
    """ "positive"/"negative" verdict words in the feedback's opening phrase."""
    match = OPENER_RE.match(feedback)
    if not match:
        return set()
    opener = match[1].strip().lower()
    if STATEMENT_RE.match(opener):
        return set()
    words = set(re.findall(r"\w+", NEGATED_RE.sub(" salah ", opener)))
    verdicts = set()
    if words & POSITIVE_WORDS:
        verdicts.add("positive")
    if words & NEGATIVE_WORDS:
        verdicts.add("negative")
    return verdicts


def feedback_verdicts(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Feedback whose opening verdict contradicts the option's credit ("Kurang tepat." on the key) or
    says both ("Benar, pernyataan ini salah."): a participant reads the first word and stops."""
    findings = []
    for question in questions:
        for option in question.options:
            verdicts = _verdicts(option.feedback)
            expected = "positive" if option.fraction > 0 else "negative"
            if len(verdicts) == 2:
                message = _(
                    'Soal %(key)s, pilihan "%(option)s": umpan balik dibuka dengan penilaian yang membingungkan '
                    '("%(opener)s"). Buka dengan satu penilaian, misalnya "Tepat." atau "Kurang tepat.", '
                    "lalu alasannya.",
                    key=question.key,
                    option=option.text,
                    opener=OPENER_RE.match(option.feedback)[1].strip(),
                )
            elif verdicts and expected not in verdicts:
                message = _(
                    'Soal %(key)s, pilihan "%(option)s": umpan balik dibuka dengan "%(opener)s", padahal pilihan '
                    "ini %(credit)s.",
                    key=question.key,
                    option=option.text,
                    opener=OPENER_RE.match(option.feedback)[1].strip(),
                    credit=_("diberi nilai") if option.fraction > 0 else _("tidak diberi nilai"),
                )
            else:
                continue
            findings.append(Finding(question.line, question.key, message))
    return findings


def typed_answer_keys(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Short answer, numerical and matching keys that cannot work as meant: no answer worth full marks, a
    bare * that accepts anything for credit, answers that differ only in case (compared without it), or a
    matching question whose last pair is given away by elimination."""
    findings = []
    for question in questions:
        messages = []
        if question.kind in ("shortanswer", "numerical") and not any(o.fraction == 1 for o in question.options):
            messages.append(
                _("Soal %(key)s: tidak ada jawaban bernilai 100%%, jadi nilai penuh tidak mungkin.", key=question.key)
            )
        if question.kind == "shortanswer":
            if any(o.text.strip("*") == "" and o.fraction > 0 for o in question.options):
                messages.append(
                    _('Soal %(key)s: jawaban "*" diberi nilai, padahal menerima jawaban apa pun.', key=question.key)
                )
            folded = [o.text.casefold() for o in question.options]
            if len(set(folded)) < len(folded):
                messages.append(
                    _(
                        "Soal %(key)s: ada jawaban yang hanya berbeda huruf besar/kecil; jawaban dibandingkan tanpa "
                        "membedakannya, jadi hanya yang pertama dipakai.",
                        key=question.key,
                    )
                )
        if question.kind == "matching" and len({o.match for o in question.options}) < 3:
            messages.append(
                _(
                    "Soal %(key)s: hanya ada dua jawaban untuk dipasangkan; pasangan terakhir tertebak dengan "
                    "mengeliminasi. Tambah pasangan atau jawaban pengecoh (= -> pengecoh).",
                    key=question.key,
                )
            )
        findings += [Finding(question.line, question.key, message) for message in messages]
    return findings


CHECKS = (
    typed_answer_keys,
    longest_key_share,
    key_positions,
    key_length_outliers,
    catch_all_options,
    negative_stems,
    feedback_verdicts,
)


def check_bank(questions: Sequence[ParsedQuestion]) -> list[Finding]:
    """Every item-writing finding for one bank (one module's questions), in file order."""
    findings = [finding for check in CHECKS for finding in check(questions)]
    return sorted(findings, key=lambda finding: (finding.line, finding.key is not None))


def content_warnings(tree: ContentTree) -> list[Problem]:
    """The findings for every module's bank in a content tree, as `file:line: peringatan: ...`
    (a module's files form one bank, as they do in its evaluation)."""
    warnings = []
    for module in tree.modules:
        questions, files = [], {}
        for path in module.banks:
            parsed, _problems = parse_bank(path.name, path.read_text(encoding="utf-8"))
            questions += parsed
            files.update({question.key: path for question in parsed})
        for finding in check_bank(questions):
            path = files.get(finding.key) or (module.banks[0] if module.banks else module.folder / "module.md")
            name = str(path.relative_to(tree.root)) if tree.root else str(path)
            warnings.append(Problem(name, finding.line, f"peringatan: {finding.message}"))
    return warnings
