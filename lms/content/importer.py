"""Applies a validated content tree to the database: new modules, new revisions for changed ones,
nothing for unchanged ones. All or nothing: with any problem, nothing is written."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from lms.content.models import Agenda, Lesson, Module, ModuleAsset, ModuleRevision, PhasePage
from lms.content.revisions import LessonContent, RevisionContent, new_revision
from lms.content.source import IMAGE_TYPES, ContentTree, ModuleSource, Problem, scan
from lms.core import audit
from lms.core.extensions import db
from lms.core.hooks import Hook
from lms.core.render import render_markdown
from lms.phases.models import Phase
from lms.phases.requirements import parse_completion_rules

# Features that keep data beside modules (question banks) plug in here.
CHECK_IMPORT = Hook(
    "content.check_import", "f(tree, phases) -> list[Problem], before anything is written; any problem stops the import"
)
APPLY_IMPORT = Hook("content.apply_import", "f(tree, report), in the same transaction, after the modules are written")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.revised or self.pages or self.notes)


def check_content(root: Path) -> tuple[ContentTree, list[Problem]]:
    tree = scan(root)
    problems = list(tree.problems)
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    for found in CHECK_IMPORT.call(tree, phases):
        problems.extend(found)
    return tree, problems


def import_content(root: Path, author_id: int | None = None) -> ImportReport:
    """Validate everything, then write what changed. The caller commits (or rolls back on error)."""
    tree, problems = check_content(root)
    report = ImportReport(problems=problems)
    if problems:
        return report
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    for page in tree.phase_pages:
        _apply_page(page, phases[page.phase], report)
    for agenda in tree.agendas:
        _apply_agenda(agenda, phases[agenda.phase], report)
    for source in tree.modules:
        apply_module(source, phases[source.phase].id, report, author_id)
    APPLY_IMPORT.call(tree, report)
    if report.changed:
        audit.record(
            "content.import",
            "content",
            str(root)[:64],
            actor_id=author_id,
            created=report.created,
            revised=report.revised,
            pages=report.pages,
        )
    return report


def _apply_page(page, phase: Phase, report: ImportReport) -> None:
    rules = parse_completion_rules(page.meta.get("completion"))[0].as_dict()
    if (phase.completion_rules or {}) != rules:
        audit.record("phase.completion_rules", "phase", phase.id, old=phase.completion_rules or {}, new=rules)
        phase.completion_rules = rules
        report.notes.append(f"syarat penyelesaian fase {phase.code}: {rules or 'hanya evaluasi wajib'}")
    row = db.session.get(PhasePage, phase.id) or PhasePage(phase_id=phase.id)
    if _source_unchanged(row, page):
        return
    row.title, row.body_md, row.body_html = page.title, page.body, render_markdown(page.body).html
    _store_source(row, page)
    report.pages.append(page.phase)


def _apply_agenda(agenda, phase: Phase, report: ImportReport) -> None:
    row = db.session.scalar(
        select(Agenda).where(Agenda.phase_id == phase.id, Agenda.number == agenda.number)
    ) or Agenda(phase_id=phase.id, number=agenda.number)
    if _source_unchanged(row, agenda):
        return
    row.title, row.intro_html = agenda.title, render_markdown(agenda.intro).html
    _store_source(row, agenda)
    report.pages.append(f"agenda-{agenda.number}")


def _source_unchanged(row, source) -> bool:
    """The same file as at the last import (a new row has no hash yet, so it never is)."""
    if row.source_hash is None or row.source_hash != source.source_hash:
        return False
    if row.source_md is None:  # imported before raw sources were kept: same file, so keep it now
        row.source_md = source.raw
    return True


def _store_source(row, source) -> None:
    row.source_hash, row.source_md = source.source_hash, source.raw
    db.session.add(row)  # a new row joins the session only now that it is complete


def apply_module(source: ModuleSource, phase_id: int, report: ImportReport, author_id: int | None) -> Module:
    module = db.session.scalar(select(Module).where(Module.slug == source.slug))
    if module is None:
        module = Module(slug=source.slug, phase_id=phase_id, agenda=source.agenda, position=source.order)
        db.session.add(module)
        db.session.flush()
        current = None
    else:
        current = module.current_revision
        module.phase_id, module.agenda, module.position = phase_id, source.agenda, source.order
    if current is not None and current.source_hash == source.source_hash:
        if current.source_md is None:
            _keep_raw_sources(module, current, source)
        report.unchanged.append(source.slug)
        return module
    _store_images(module, source.images)
    revision = new_revision(
        module,
        revision_content(source),
        source_hash=source.source_hash,
        author_id=author_id,
        note="impor berkas",
        publish=True,
    )
    # Drafts written in the browser may be newer than the current revision: the import numbers after them.
    if current is not None and revision.number - 1 > current.number:
        report.notes.append(
            f"{source.slug}: draf editor (revisi {revision.number - 1}) belum diterbitkan; impor menerbitkan revisi "
            f"{revision.number}, draf tetap ada di riwayat"
        )
    (report.revised if current else report.created).append(source.slug)
    return module


def revision_content(source: ModuleSource) -> RevisionContent:
    """A module folder as the values of a revision: its files as read, its images by content hash."""
    return RevisionContent(
        title=source.title,
        jp=source.jp,
        objectives=source.objectives,
        summary=source.summary,
        quiz_slug=source.quiz,
        intro=source.intro,
        lessons=[
            LessonContent(x.slug, x.title, x.minutes, x.body, source=x.raw, position=x.position) for x in source.lessons
        ],
        assets=_image_hashes(source.images),
        source=source.raw,
    )


def _image_hashes(images: dict[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in images.items()}


def _keep_raw_sources(module: Module, revision: ModuleRevision, source: ModuleSource) -> None:
    """The revision was imported before raw files were kept; the hash says these are its files."""
    revision.source_md = source.raw
    revision.assets = _image_hashes(source.images)
    raws = {lesson.slug: lesson.raw for lesson in source.lessons}
    for lesson in db.session.scalars(select(Lesson).where(Lesson.revision_id == revision.id)):
        lesson.source_md = raws.get(lesson.slug)


def _store_images(module: Module, images: dict[str, bytes]) -> None:
    """Store each image once per content (the revision names them by hash; lms.content.routes.asset serves them)."""
    for path, data in images.items():
        sha = hashlib.sha256(data).hexdigest()
        exists = db.session.scalar(
            select(ModuleAsset.id).where(
                ModuleAsset.module_id == module.id, ModuleAsset.path == path, ModuleAsset.sha256 == sha
            )
        )
        if exists is None:
            db.session.add(
                ModuleAsset(
                    module_id=module.id,
                    path=path,
                    sha256=sha,
                    data=data,
                    content_type=IMAGE_TYPES[Path(path).suffix.lower()],
                )
            )
