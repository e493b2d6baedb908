"""Question banks edited in the browser: a form or an uploaded GIFT/Aiken file becomes new
question versions (old versions stay, so past attempts still show and grade what was seen).

Nothing here changes a score: when a key or a threshold changes after attempts exist, the
instructor runs the regrade (lms/quiz/regrade.py), which is previewed, confirmed and audited.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from lms.authoring.gift_writer import GiftRefused, normalized
from lms.core import audit
from lms.core.extensions import db
from lms.core.render import render_inline, render_markdown
from lms.quiz.banks import BankProblem, ParsedOption, ParsedQuestion, parse_bank, source_lines
from lms.quiz.importer import add_question, question_hash
from lms.quiz.item_checks import Finding, check_bank
from lms.quiz.models import Attempt, AttemptQuestion, Question, QuestionOption

MAX_BANK_BYTES = 1024 * 1024


class QuestionRefused(Exception):
    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


@dataclass
class OptionInput:
    text: str
    percent: str  # as typed: "100", "50", "-25", "" (= 0)
    feedback: str


def build_question(
    *, key: str, kind: str, text: str, options: list[OptionInput], truth: bool | None = None, category=None
) -> ParsedQuestion:
    """The form's values as a question, checked by the GIFT parser itself (so a question typed in
    the browser obeys exactly the rules of a question in a file, and exports without change)."""
    key, text = " ".join((key or "").split()), (text or "").replace("\r\n", "\n").strip()
    problems = []
    if not key or len(key) > 200:
        problems.append(_("Kode soal wajib diisi (maksimal 200 karakter)."))
    if not text:
        problems.append(_("Teks soal wajib diisi."))
    parsed_options = []
    if kind == "truefalse":
        if truth is None:
            problems.append(_("Pilih jawaban yang benar: Benar atau Salah."))
        right = (options[0].feedback if options else "").strip()
        wrong = (options[1].feedback if len(options) > 1 else "").strip()
        parsed_options = [
            ParsedOption("Benar", Decimal(1 if truth else 0), right if truth else wrong),
            ParsedOption("Salah", Decimal(0 if truth else 1), wrong if truth else right),
        ]
    else:
        for number, option in enumerate(options, start=1):
            if not option.text.strip():
                continue
            try:
                percent = Decimal(option.percent.strip().replace(",", ".") or "0")
            except InvalidOperation:
                problems.append(_("Nilai pilihan %(n)d harus angka (misalnya 100, 50, 0, -25).", n=number))
                continue
            if not -100 <= percent <= 100:
                problems.append(_("Nilai pilihan %(n)d harus -100 sampai 100.", n=number))
                continue
            fraction = Decimal(1) if percent == 100 and kind == "single" else percent / 100
            parsed_options.append(ParsedOption(" ".join(option.text.split()), fraction, option.feedback.strip()))
        if len(parsed_options) < 2:
            problems.append(_("Isi minimal dua pilihan jawaban."))
        if kind == "single" and not any(o.fraction == 1 for o in parsed_options):
            problems.append(_("Pilihan tunggal: beri nilai 100 pada jawaban yang benar."))
        if kind == "multiple":
            total = sum((o.fraction for o in parsed_options if o.fraction > 0), Decimal(0)) * 100
            if abs(total - 100) > Decimal("0.01"):
                problems.append(
                    _("Pilihan ganda: jumlah nilai positif harus 100, sekarang %(n)s.", n=f"{total.normalize():f}")
                )
            if any(o.fraction == 1 for o in parsed_options):
                problems.append(_("Pilihan ganda: jawaban benar dibagi nilainya (misalnya 50 dan 50)."))
    if problems:
        raise QuestionRefused(problems)
    question = ParsedQuestion(key, text, kind, tuple(parsed_options), category, 1)
    try:
        return normalized(question)
    except GiftRefused as refused:
        raise QuestionRefused(_("Soal tidak valid: %(reason)s", reason=str(refused))) from None


def latest_versions(module_id: int) -> dict[str, Question]:
    latest: dict[str, Question] = {}
    for question in db.session.scalars(
        select(Question).where(Question.module_id == module_id).order_by(Question.version)
    ):
        latest[question.key] = question
    return latest


def attempts_using(module_id: int) -> dict[str, int]:
    """key -> how many attempts drew any version of that question."""
    return dict(
        db.session.execute(
            select(Question.key, func.count(AttemptQuestion.id))
            .join(AttemptQuestion, AttemptQuestion.question_id == Question.id)
            .where(Question.module_id == module_id)
            .group_by(Question.key)
        ).all()
    )


def _option_count(question: Question) -> int:
    return db.session.scalar(
        select(func.count()).select_from(QuestionOption).where(QuestionOption.question_id == question.id)
    )


def _check_keeps_positions(current: Question | None, parsed: ParsedQuestion, used: int) -> str | None:
    # A regrade matches old answers to the new key by option position: once a question has been
    # answered, it keeps its number of options (a different question gets a new code).
    if current is not None and used and _option_count(current) != len(parsed.options):
        return ngettext(
            'Soal "%(key)s" sudah dipakai dalam %(n)d percobaan: jumlah pilihan harus tetap %(count)d '
            "(urutan pilihan juga jangan diubah). Buat soal baru dengan kode lain bila perlu.",
            'Soal "%(key)s" sudah dipakai dalam %(n)d percobaan: jumlah pilihan harus tetap %(count)d '
            "(urutan pilihan juga jangan diubah). Buat soal baru dengan kode lain bila perlu.",
            used,
            key=parsed.key,
            n=used,
            count=_option_count(current),
        )
    return None


def save_question(module_id: int, parsed: ParsedQuestion, actor_id: int, *, new: bool) -> Question | None:
    """Add the question, or a new version of it. None if nothing changed."""
    latest = latest_versions(module_id)
    current = latest.get(parsed.key)
    if new and current is not None:
        raise QuestionRefused(_('Kode soal "%(key)s" sudah dipakai di bank ini.', key=parsed.key))
    digest = question_hash(parsed)
    if current is not None and current.content_hash == digest:
        return None
    problem = _check_keeps_positions(current, parsed, attempts_using(module_id).get(parsed.key, 0))
    if problem:
        raise QuestionRefused(problem)
    position = current.position if current else _next_position(module_id)
    if current is not None:
        current.active = False
    question = add_question(module_id, parsed, position, (current.version + 1) if current else 1, digest)
    db.session.flush()
    audit.record("question.save", "question", question.id, actor_id=actor_id, key=parsed.key, version=question.version)
    return question


def _next_position(module_id: int) -> int:
    return (db.session.scalar(select(func.max(Question.position)).where(Question.module_id == module_id)) or 0) + 1


def set_active(question: Question, active: bool, actor_id: int) -> None:
    question.active = active
    audit.record("question.active", "question", question.id, actor_id=actor_id, key=question.key, active=active)


def as_parsed(question: Question) -> ParsedQuestion:
    options = db.session.scalars(
        select(QuestionOption).where(QuestionOption.question_id == question.id).order_by(QuestionOption.position)
    ).all()
    return ParsedQuestion(
        question.key,
        question.text_md,
        question.kind,
        tuple(
            ParsedOption(o.text_md, Decimal(o.fraction).normalize(), o.feedback_md or "", o.match_text) for o in options
        ),
        question.category,
        1,
        question.rubric,
    )


def bank_findings(questions: list[Question]) -> list[Finding]:
    """Item-writing warnings over the active questions of a bank, as participants draw them."""
    return check_bank([as_parsed(q) for q in sorted(questions, key=lambda q: q.position) if q.active])


# --- Uploading a bank file: parse, preview, then apply exactly what was previewed.


@dataclass
class PlannedQuestion:
    question: ParsedQuestion
    status: str  # "baru", "berubah", "sama"
    version: int  # the version it will have
    problem: str | None = None

    @property
    def text_html(self) -> str:
        # The preview shows the question as participants will see it: the one renderer and sanitizer.
        return render_markdown(self.question.text).html

    @property
    def options_html(self) -> list[tuple[str, Decimal, str]]:
        return [
            (render_inline(o.text), o.fraction, render_markdown(o.feedback).html if o.feedback else "")
            for o in self.question.options
        ]


@dataclass
class BankPlan:
    filename: str
    questions: list[PlannedQuestion]
    problems: list[BankProblem]
    lines: list[str]
    deactivate: list[str]  # keys that a replacing upload would take out of the bank
    findings: list[Finding] = field(default_factory=list)  # item-writing warnings; never block saving

    @property
    def can_apply(self) -> bool:
        return bool(self.questions) and not self.problems and not any(q.problem for q in self.questions)

    def line_text(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def count(self, status: str) -> int:
        return sum(1 for q in self.questions if q.status == status)


def decode_bank(data: bytes) -> str:
    if len(data) > MAX_BANK_BYTES:
        raise QuestionRefused(_("Berkas bank soal lebih dari 1 MB."))
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise QuestionRefused(_("Berkas bukan teks UTF-8. Simpan ulang sebagai UTF-8 lalu unggah lagi.")) from None


def plan_bank(module_id: int, filename: str, text: str, replace: bool) -> BankPlan:
    parsed, problems = parse_bank(filename, text)
    latest = latest_versions(module_id)
    used = attempts_using(module_id)
    planned = []
    for question in parsed:
        current = latest.get(question.key)
        if current is None:
            planned.append(PlannedQuestion(question, "baru", 1))
        elif current.content_hash == question_hash(question):
            planned.append(PlannedQuestion(question, "sama", current.version))
        else:
            problem = _check_keeps_positions(current, question, used.get(question.key, 0))
            planned.append(PlannedQuestion(question, "berubah", current.version + 1, problem))
    keys = {q.key for q in parsed}
    gone = sorted(k for k, q in latest.items() if q.active and k not in keys) if replace else []
    return BankPlan(filename, planned, problems, source_lines(text), gone, check_bank(parsed))


def apply_bank(module_id: int, plan: BankPlan, actor_id: int) -> dict[str, int]:
    if not plan.can_apply:
        raise QuestionRefused(_("Berkas masih punya kesalahan; tidak ada yang disimpan."))
    latest = latest_versions(module_id)
    position = _next_position(module_id)
    for item in plan.questions:
        current = latest.get(item.question.key)
        if item.status == "sama":
            current.active = True
            continue
        if current is not None:
            current.active = False
        add_question(
            module_id,
            item.question,
            current.position if current else position,
            item.version,
            question_hash(item.question),
        )
        position += 0 if current else 1
    for key in plan.deactivate:
        latest[key].active = False
    counts = {"baru": plan.count("baru"), "berubah": plan.count("berubah"), "nonaktif": len(plan.deactivate)}
    audit.record("bank.upload", "module", module_id, actor_id=actor_id, filename=plan.filename[:100], **counts)
    return counts


def graded_attempts(quiz_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.quiz_id == quiz_id, Attempt.status == "graded")
    )
