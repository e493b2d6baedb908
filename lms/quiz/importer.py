"""The quiz part of import-content: quiz settings (agenda.md), required quizzes (phase.md) and
question banks beside the modules, validated with everything else before anything is written."""

import hashlib
import json
from decimal import Decimal, InvalidOperation
from html import escape

from sqlalchemy import func, select

from lms.content.models import Module
from lms.content.source import SLUG_RE, ContentTree, Problem
from lms.core.extensions import db
from lms.core.render import render_inline, render_markdown
from lms.phases.models import Phase
from lms.quiz.answer_rules import numeric_label
from lms.quiz.banks import ParsedQuestion, parse_bank
from lms.quiz.models import (
    SCORE_POLICIES,
    Attempt,
    BankSource,
    PhaseRequirement,
    Question,
    QuestionOption,
    Quiz,
)
from lms.quiz.review import parse_review

SETTING_RULES = {  # key: (kind, low, high, required)
    "pass_threshold": ("number", 0, 100, True),
    "questions_per_attempt": ("int", 1, 500, False),
    "max_attempts": ("int", 1, 100, False),
    "time_limit_minutes": ("int", 1, 600, False),
    "wait_minutes": ("int", 0, 10080, False),
}


def _line_of(path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1


def quiz_settings(meta: dict, path, root) -> tuple[dict | None, list[Problem]]:
    """Validate an agenda's `quiz:` block into Quiz column values."""
    name = str(path.relative_to(root))
    block = meta.get("quiz")
    if not isinstance(block, dict):
        reason = "'quiz' harus berisi pengaturan evaluasi (slug, title, pass_threshold, ...)"
        return None, [Problem(name, _line_of(path, "quiz"), reason)]
    values, found = validate_quiz_block(block)
    problems = [Problem(name, _line_of(path, key), reason) for key, reason in found]
    return (values if not problems else None), problems


def validate_quiz_block(block: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The rules of a `quiz:` block, shared by the file import and the settings editor:
    (values, [(key, reason), ...])."""
    problems: list[tuple[str, str]] = []

    def problem(key: str, reason: str) -> None:
        problems.append((key, reason))

    values: dict = {}
    slug = block.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        problem("slug", "'slug' evaluasi harus huruf kecil, angka dan tanda hubung")
    values["slug"] = slug
    title = block.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        problem("title", "'title' evaluasi wajib diisi (maksimal 200 karakter)")
    values["title"] = title.strip() if isinstance(title, str) else title
    for key, (kind, low, high, required) in SETTING_RULES.items():
        value = block.get(key)
        if value is None:
            if required:
                problem(key, f"'{key}' wajib diisi")
            values[key] = 0 if key == "wait_minutes" else None
            continue
        try:
            number = Decimal(str(value)) if kind == "number" and not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        valid = (isinstance(value, int) and not isinstance(value, bool)) if kind == "int" else number is not None
        if not valid or not low <= (number if kind == "number" else value) <= high:
            problem(key, f"'{key}' harus {'bilangan bulat' if kind == 'int' else 'angka'} {low} sampai {high}")
        values[key] = number if kind == "number" else value
    for key in ("shuffle_questions", "shuffle_options"):
        value = block.get(key, True)
        if not isinstance(value, bool):
            problem(key, f"'{key}' harus true atau false")
        values[key] = value
    # Off unless written: an agenda file from before the setting existed keeps its quiz open as it was.
    value = block.get("requires_reading", False)
    if not isinstance(value, bool):
        problem("requires_reading", "'requires_reading' harus true atau false")
    values["requires_reading"] = value
    # Essays graded without the participant's name ("Peserta 17"); off unless written.
    value = block.get("anonymous_grading", False)
    if not isinstance(value, bool):
        problem("anonymous_grading", "'anonymous_grading' harus true atau false")
    values["anonymous_grading"] = value
    for key, allowed, default in (("score_policy", SCORE_POLICIES, "highest"),):
        value = block.get(key, default)
        if value not in allowed:
            problem(key, f"'{key}' harus salah satu dari: {', '.join(allowed)}")
        values[key] = value
    values["review"], reason = parse_review(block.get("review"))
    if reason:
        problem("review", reason)
    return values, problems


def settings_digest(values: dict) -> str:
    """What Quiz.source_hash holds: the settings as the import reads them (slug and phase aside)."""
    settings = {k: v for k, v in values.items() if k not in ("slug", "phase")}
    return hashlib.sha256(json.dumps(settings, default=str, sort_keys=True).encode()).hexdigest()


def _parse_banks(tree: ContentTree, root) -> tuple[dict[str, list[ParsedQuestion]], list[Problem], dict]:
    banks, problems, files = {}, [], {}
    for module in tree.modules:
        questions: list[ParsedQuestion] = []
        files[module.slug] = {}
        for path in module.banks:
            text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
            files[module.slug][path.name] = text
            parsed, bank_problems = parse_bank(path.name, text)
            problems += [Problem(str(path.relative_to(root)), p.line, p.message) for p in bank_problems]
            questions += parsed
        keys = [q.key for q in questions]
        if len(keys) != len(set(keys)):
            problems.append(Problem(str(module.folder.relative_to(root)), 1, "judul soal sama di dua berkas bank"))
        banks[module.slug] = questions
    return banks, problems, files


def check_import(tree: ContentTree, phases: dict) -> list[Problem]:
    """lms.content.importer.CHECK_IMPORT: the evaluations and banks of a content tree, before anything is written."""
    root = tree.root
    problems: list[Problem] = []
    quizzes: dict[str, dict] = {}
    for agenda in tree.agendas:
        if "quiz" not in agenda.meta:
            continue
        values, found = quiz_settings(agenda.meta, agenda.path, root)
        problems += found
        if values:
            if values["slug"] in quizzes:
                problems.append(
                    Problem(
                        str(agenda.path.relative_to(root)),
                        _line_of(agenda.path, "slug"),
                        f"slug evaluasi '{values['slug']}' sudah dipakai",
                    )
                )
            values.update(phase=agenda.phase, agenda=agenda.number)
            quizzes[values["slug"]] = values
    for page in tree.phase_pages:
        required = page.meta.get("required_quizzes", [])
        if not isinstance(required, list) or not all(isinstance(r, dict) for r in required):
            problems.append(
                Problem(
                    str(page.path.relative_to(root)),
                    _line_of(page.path, "required_quizzes"),
                    "'required_quizzes' harus daftar {quiz: slug, weight: angka}",
                )
            )
            continue
        for item in required:
            if item.get("quiz") not in quizzes:
                problems.append(
                    Problem(
                        str(page.path.relative_to(root)),
                        _line_of(page.path, "required_quizzes"),
                        f"evaluasi '{item.get('quiz')}' tidak didefinisikan di agenda.md mana pun",
                    )
                )
            weight = item.get("weight", 1)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                problems.append(
                    Problem(
                        str(page.path.relative_to(root)),
                        _line_of(page.path, "required_quizzes"),
                        "bobot evaluasi wajib harus angka lebih dari 0",
                    )
                )
    banks, bank_problems, bank_files = _parse_banks(tree, root)
    problems += bank_problems
    pool_sizes: dict[str, int] = {}
    for module in tree.modules:
        if module.quiz is None:
            continue
        if module.quiz not in quizzes:
            problems.append(
                Problem(
                    str((module.folder / "module.md").relative_to(root)),
                    _line_of(module.folder / "module.md", "quiz"),
                    f"evaluasi '{module.quiz}' tidak didefinisikan di agenda.md mana pun",
                )
            )
        pool_sizes[module.quiz] = pool_sizes.get(module.quiz, 0) + len(banks.get(module.slug, []))
    for agenda in tree.agendas:
        values = (
            quizzes.get((agenda.meta.get("quiz") or {}).get("slug"))
            if isinstance(agenda.meta.get("quiz"), dict)
            else None
        )
        if (
            values
            and values["questions_per_attempt"]
            and values["questions_per_attempt"] > pool_sizes.get(values["slug"], 0)
        ):
            problems.append(
                Problem(
                    str(agenda.path.relative_to(root)),
                    _line_of(agenda.path, "questions_per_attempt"),
                    f"questions_per_attempt lebih besar dari jumlah soal di bank ({pool_sizes.get(values['slug'], 0)})",
                )
            )
    tree.parsed["quiz"] = (quizzes, banks, bank_files)
    return problems


def apply_import(tree: ContentTree, report) -> None:
    """lms.content.importer.APPLY_IMPORT: writes what check_import parsed, after the modules."""
    quizzes, banks, bank_files = tree.parsed["quiz"]
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    for values in quizzes.values():
        _apply_quiz(values, phases[values["phase"]].id, report)
    quiz_ids = dict(db.session.execute(select(Quiz.slug, Quiz.id)).all())
    for page in tree.phase_pages:
        _apply_requirements(phases[page.phase], page.meta.get("required_quizzes", []), quiz_ids, report)
    modules = dict(db.session.execute(select(Module.slug, Module.id)).all())
    for slug, questions in banks.items():
        _apply_bank(modules[slug], slug, questions, report)
        _keep_bank_files(modules[slug], bank_files.get(slug, {}))


def _apply_quiz(values: dict, phase_id: int, report) -> None:
    settings = {k: v for k, v in values.items() if k not in ("slug", "phase")}
    digest = settings_digest(values)
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == values["slug"]))
    if quiz is not None and quiz.source_hash == digest:
        return
    if quiz is None:
        quiz = Quiz(slug=values["slug"], phase_id=phase_id, source_hash=digest, **settings)
        db.session.add(quiz)
        report.notes.append(f"evaluasi baru: {values['slug']}")
        return
    had_attempts = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.quiz_id == quiz.id))
    if had_attempts and Decimal(quiz.pass_threshold) != settings["pass_threshold"]:
        report.notes.append(
            f"{values['slug']}: ambang lulus berubah; nilai yang sudah ada tidak diubah sampai "
            "pengajar menjalankan penilaian ulang"
        )
    for key, value in settings.items():
        setattr(quiz, key, value)
    quiz.phase_id, quiz.source_hash = phase_id, digest
    report.notes.append(f"pengaturan evaluasi diperbarui: {values['slug']}")


def _apply_requirements(phase: Phase, required: list, quiz_ids: dict, report) -> None:
    wanted = {quiz_ids[item["quiz"]]: Decimal(str(item.get("weight", 1))) for item in required}
    current = {
        r.quiz_id: r for r in db.session.scalars(select(PhaseRequirement).where(PhaseRequirement.phase_id == phase.id))
    }
    if {k: Decimal(v.weight) for k, v in current.items()} == wanted and phase.requires_completion == bool(wanted):
        return
    for quiz_id, row in current.items():
        if quiz_id not in wanted:
            db.session.delete(row)
    for quiz_id, weight in wanted.items():
        if quiz_id in current:
            current[quiz_id].weight = weight
        else:
            db.session.add(PhaseRequirement(phase_id=phase.id, quiz_id=quiz_id, weight=weight))
    phase.requires_completion = bool(wanted)
    report.notes.append(f"evaluasi wajib fase {phase.code}: {len(wanted)}")


def question_hash(question: ParsedQuestion) -> str:
    # A matching answer joins its option only when there is one, so every earlier question keeps its hash.
    payload = [
        question.kind,
        question.text,
        [[o.text, str(o.fraction), o.feedback, *([o.match] if o.match is not None else [])] for o in question.options],
        # An essay's rubric joins only when there is one, so every earlier question keeps its hash.
        *([question.rubric] if question.rubric is not None else []),
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _apply_bank(module_id: int, slug: str, questions: list[ParsedQuestion], report) -> None:
    latest: dict[str, Question] = {}
    for question in db.session.scalars(
        select(Question).where(Question.module_id == module_id).order_by(Question.version)
    ):
        latest[question.key] = question
    changed = 0
    for position, parsed in enumerate(questions, start=1):
        digest = question_hash(parsed)
        current = latest.get(parsed.key)
        if current is not None and current.content_hash == digest:
            if not current.active or current.position != position:
                current.active, current.position = True, position
            _keep_feedback_sources(current, parsed)
            continue
        if current is not None:
            current.active = False  # kept: attempts that used it still show and grade it
        add_question(module_id, parsed, position, (current.version + 1) if current else 1, digest)
        changed += 1
    present = {q.key for q in questions}
    for key, question in latest.items():
        if key not in present and question.active:
            question.active = False
            changed += 1
    if changed:
        report.notes.append(f"bank soal {slug}: {changed} soal baru/berubah")


def _keep_feedback_sources(question: Question, parsed: ParsedQuestion) -> None:
    """Versions imported before feedback markdown was kept get it from the (identical) file."""
    for option, source in zip(question.options, parsed.options, strict=False):
        if option.feedback_md is None:
            option.feedback_md = source.feedback


def _keep_bank_files(module_id: int, files: dict[str, str]) -> None:
    rows = {b.filename: b for b in db.session.scalars(select(BankSource).where(BankSource.module_id == module_id))}
    for filename, row in rows.items():
        if filename not in files:
            db.session.delete(row)
    for filename, text in files.items():
        if filename not in rows:
            db.session.add(BankSource(module_id=module_id, filename=filename, text=text))
        elif rows[filename].text != text:
            rows[filename].text = text


def option_html(kind: str, text: str) -> str:
    """An option as shown: choices are markdown; typed answers are bare text (a * is a wildcard, not emphasis)."""
    if kind == "numerical":
        return escape(numeric_label(text))
    if kind == "shortanswer":
        return escape(text)
    return render_inline(text)


def add_question(module_id: int, parsed: ParsedQuestion, position: int, version: int, digest: str) -> Question:
    question = Question(
        module_id=module_id,
        key=parsed.key,
        version=version,
        kind=parsed.kind,
        text_md=parsed.text,
        text_html=render_markdown(parsed.text).html,
        category=parsed.category,
        position=position,
        content_hash=digest,
        rubric=parsed.rubric,
    )
    for index, option in enumerate(parsed.options, start=1):
        question.options.append(
            QuestionOption(
                position=index,
                text_md=option.text,
                text_html=option_html(parsed.kind, option.text),
                fraction=option.fraction,
                match_text=option.match,
                feedback_html=render_markdown(option.feedback).html if option.feedback else "",
                feedback_md=option.feedback,
            )
        )
    db.session.add(question)
    return question
