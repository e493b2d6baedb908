"""`lms export-content DIR`: the published modules, phase and agenda pages (with quiz settings) and
question banks, written in the content/ format, so that importing DIR finds nothing changed."""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import undefer

from lms.authoring.files import image_files, lesson_md, module_md, text_files
from lms.authoring.gift_writer import GiftRefused, bank_gift
from lms.authoring.questions import as_parsed
from lms.authoring.revisions import content_of
from lms.content.models import Agenda, Lesson, Module, ModuleRevision, PhasePage
from lms.content.revisions import LessonContent
from lms.content.source import PHASE_CODES
from lms.core.extensions import db
from lms.phases.models import Phase
from lms.quiz.banks import parse_bank
from lms.quiz.importer import question_hash
from lms.quiz.models import BankSource, PhaseRequirement, Question, Quiz


class ExportRefused(Exception):
    pass


@dataclass
class ExportReport:
    modules: int = 0
    lessons: int = 0
    questions: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)


def export_content(root: Path, replace: bool = False) -> ExportReport:
    """Write everything into root. Without replace, root must be empty or missing; with replace,
    only the phase folders (mooc/, pjj/, ...) are removed first, so README.md and .git stay."""
    if root.exists() and any(root.iterdir()) and not replace:
        raise ExportRefused(f"{root} tidak kosong; pakai --replace untuk menimpa folder fase di dalamnya")
    for code in PHASE_CODES:
        if (root / code).is_dir():
            shutil.rmtree(root / code)
    report = ExportReport()
    files = {}
    files.update(_phase_pages(report))
    files.update(_agendas(report))
    files.update(_modules(report))
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    report.files = len(files)
    return report


def _phase_pages(report) -> dict[str, bytes]:
    out = {}
    rows = db.session.execute(
        select(PhasePage, Phase).options(undefer(PhasePage.source_md), undefer(PhasePage.body_md)).join(Phase)
    ).all()
    for page, phase in rows:
        text = page.source_md
        if text is None:
            required = [
                {"quiz": slug, "weight": float(weight) if weight % 1 else int(weight)}
                for slug, weight in db.session.execute(
                    select(Quiz.slug, PhaseRequirement.weight)
                    .join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)
                    .where(PhaseRequirement.phase_id == phase.id)
                )
            ]
            meta = {"title": page.title, "phase": phase.code, "jp": phase.jp}
            if required:
                meta["required_quizzes"] = required
            text = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{page.body_md}\n"
        out[f"{phase.code}/phase.md"] = text.encode()
    return out


def _agendas(report) -> dict[str, bytes]:
    out = {}
    for agenda, code in db.session.execute(
        select(Agenda, Phase.code).options(undefer(Agenda.source_md)).join(Phase, Phase.id == Agenda.phase_id)
    ):
        if agenda.source_md is None:
            report.warnings.append(
                f"{code}/agenda-{agenda.number}/agenda.md: teks sumber belum tersimpan; impor ulang folder konten "
                "aslinya sekali, lalu ekspor lagi"
            )
            continue
        out[f"{code}/agenda-{agenda.number}/agenda.md"] = agenda.source_md.encode()
    return out


def module_folder(code: str, agenda: int | None, slug: str) -> str:
    return f"{code}/agenda-{agenda}/{slug}" if agenda is not None else f"{code}/{slug}"


def revision_files(module: Module, revision: ModuleRevision, phase_code: str) -> dict[str, bytes]:
    """The files of a revision, as the editor stored them (or, for old imports, as it would write them)."""
    lessons = db.session.scalars(
        select(Lesson)
        .options(undefer(Lesson.source_md), undefer(Lesson.body_md))
        .where(Lesson.revision_id == revision.id)
        .order_by(Lesson.position)
    ).all()
    module_text = db.session.scalar(select(ModuleRevision.source_md).where(ModuleRevision.id == revision.id))
    if module_text is None:
        module_text = module_md(phase_code, module.agenda, module.position, content_of(revision))
    texts = [(x.slug, x.source_md or lesson_md(LessonContent(x.slug, x.title, x.minutes, x.body_md))) for x in lessons]
    return {**text_files(module_text, texts), **image_files(revision.assets or {}, module.id)}


def _modules(report) -> dict[str, bytes]:
    out = {}
    rows = db.session.execute(
        select(Module, ModuleRevision, Phase.code)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Phase, Phase.id == Module.phase_id)
        .order_by(Phase.position, Module.agenda, Module.position)
    ).all()
    for module, revision, code in rows:
        folder = module_folder(code, module.agenda, module.slug)
        files = revision_files(module, revision, code)
        for name, data in files.items():
            out[f"{folder}/{name}"] = data
        report.modules += 1
        report.lessons += sum(1 for name in files if name != "module.md" and name.endswith(".md"))
        for name, data in _bank_files(module, report).items():
            out[f"{folder}/{name}"] = data
    return out


def _bank_files(module: Module, report) -> dict[str, bytes]:
    active = db.session.scalars(
        select(Question)
        .options(undefer(Question.text_md))
        .where(Question.module_id == module.id, Question.active.is_(True))
        .order_by(Question.position, Question.id)
    ).all()
    if not active:
        return {}
    report.questions += len(active)
    questions = [as_parsed(q) for q in active]
    # The imported files, while they still say exactly what the bank holds (comments and layout kept).
    sources = db.session.scalars(
        select(BankSource).options(undefer(BankSource.text)).where(BankSource.module_id == module.id)
    ).all()
    from_files = []
    for source in sorted(sources, key=lambda s: s.filename):
        parsed, problems = parse_bank(source.filename, source.text)
        from_files += parsed if not problems else [None]
    if (
        sources
        and sorted((q.key, question_hash(q)) for q in from_files if q)
        == sorted((q.key, question_hash(q)) for q in questions)
        and None not in from_files
    ):
        return {s.filename: s.text.encode() for s in sources}
    try:
        return {"questions.gift": bank_gift(questions).encode()}
    except GiftRefused as refused:
        raise ExportRefused(f"{module.slug}: {refused}") from None
