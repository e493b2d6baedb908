"""Module revisions written in the browser: the working copy, saving drafts, publishing, restoring.

Every save is a new revision (author, time, note); participants read only the module's current
revision, so a draft is simply a revision newer than the current one. Reading progress is kept
per lesson slug, and the editor never changes an existing lesson's slug, so publishing keeps what
every participant has already finished.
"""

import dataclasses
import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from lms.auth.models import User
from lms.authoring.files import image_files, lesson_md, module_md, source_hash, text_files
from lms.content.models import Lesson, LessonProgress, Module, ModuleRevision
from lms.content.revisions import LessonContent, RevisionContent, new_revision, publish_revision
from lms.content.source import IMAGE_REF_RE, SLUG_RE
from lms.core import audit
from lms.core.extensions import db

MAX_LESSONS = 99  # lesson files are numbered with two digits


class RevisionRefused(Exception):
    """The save or publish breaks a rule; the message says what to fix (nothing was written)."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


class StaleRevision(RevisionRefused):
    """Someone saved the module after this form was opened."""

    def __init__(self, latest: ModuleRevision, author_name: str | None):
        self.latest, self.author_name = latest, author_name
        super().__init__(
            _(
                "Modul ini sudah disimpan orang lain (revisi %(n)d oleh %(who)s) sejak Anda membuka halaman ini. "
                "Teks Anda belum disimpan dan masih ada di formulir: salin, muat ulang halaman, lalu terapkan lagi.",
                n=latest.number,
                who=author_name or _("impor berkas"),
            )
        )


def latest_revision(module_id: int) -> ModuleRevision:
    return db.session.scalar(
        select(ModuleRevision)
        .where(ModuleRevision.module_id == module_id)
        .order_by(ModuleRevision.number.desc())
        .limit(1)
    )


def revision_by_number(module_id: int, number: int) -> ModuleRevision | None:
    return db.session.scalar(
        select(ModuleRevision).where(ModuleRevision.module_id == module_id, ModuleRevision.number == number)
    )


def content_of(revision: ModuleRevision) -> RevisionContent:
    """A revision's values, lesson bodies and files included, in two queries."""
    row = db.session.execute(
        select(ModuleRevision.intro_md, ModuleRevision.source_md).where(ModuleRevision.id == revision.id)
    ).one()
    lessons = db.session.scalars(
        select(Lesson)
        .options(undefer(Lesson.body_md), undefer(Lesson.source_md))
        .where(Lesson.revision_id == revision.id)
        .order_by(Lesson.position)
    ).all()
    return RevisionContent(
        title=revision.title,
        jp=revision.jp,
        objectives=list(revision.objectives),
        summary=revision.summary,
        quiz_slug=revision.quiz_slug,
        intro=row.intro_md or "",
        lessons=[LessonContent(x.slug, x.title, x.minutes, x.body_md, x.source_md) for x in lessons],
        assets=dict(revision.assets or {}),
        source=row.source_md,
    )


# --- Changes to a working copy: plain functions on values; each drops the file text it invalidates.


def change_info(content: RevisionContent, *, title, jp, objectives, summary, intro) -> RevisionContent:
    objectives = [" ".join(o.split()) for o in objectives if o.strip()]
    new = dataclasses.replace(
        content,
        title=" ".join(title.split()),
        jp=jp,
        objectives=objectives,
        summary=" ".join(summary.split()),
        intro=intro.replace("\r\n", "\n").strip(),
    )
    same = (new.title, new.jp, new.objectives, new.summary, new.intro) == (
        content.title,
        content.jp,
        content.objectives,
        content.summary,
        content.intro,
    )
    return new if same else dataclasses.replace(new, source=None)


def change_lesson(content: RevisionContent, slug: str, *, title: str, minutes: int, body: str) -> RevisionContent:
    lessons = []
    for lesson in content.lessons:
        if lesson.slug == slug:
            changed = LessonContent(slug, " ".join(title.split()), minutes, body.replace("\r\n", "\n").strip())
            same = (changed.title, changed.minutes, changed.body) == (lesson.title, lesson.minutes, lesson.body)
            lesson = lesson if same else changed
        lessons.append(lesson)
    return dataclasses.replace(content, lessons=lessons)


def add_lesson(content: RevisionContent, slug: str, *, title: str, minutes: int, body: str) -> RevisionContent:
    lesson = LessonContent(slug, " ".join(title.split()), minutes, body.replace("\r\n", "\n").strip())
    return dataclasses.replace(content, lessons=[*content.lessons, lesson])


def remove_lesson(content: RevisionContent, slug: str) -> RevisionContent:
    return dataclasses.replace(content, lessons=[x for x in content.lessons if x.slug != slug])


def reorder_lessons(content: RevisionContent, slugs: list[str]) -> RevisionContent:
    by_slug = {lesson.slug: lesson for lesson in content.lessons}
    if sorted(slugs) != sorted(by_slug):
        raise RevisionRefused(_("Urutan tidak lengkap: setiap pelajaran harus punya satu nomor urut."))
    return dataclasses.replace(content, lessons=[by_slug[s] for s in slugs])


def add_asset(content: RevisionContent, path: str, sha: str) -> RevisionContent:
    return dataclasses.replace(content, assets={**content.assets, path: sha})


def new_lesson_slug(module_id: int, title: str) -> str:
    """A slug from the title, never one the module used before: progress is kept per slug, so a
    reused slug would mark a new lesson as done for whoever read an old one."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80].strip("-") or "pelajaran"
    used = set(
        db.session.scalars(
            select(Lesson.slug)
            .distinct()
            .join(ModuleRevision, ModuleRevision.id == Lesson.revision_id)
            .where(ModuleRevision.module_id == module_id)
        )
    )
    used |= set(
        db.session.scalars(select(LessonProgress.lesson_slug).distinct().where(LessonProgress.module_id == module_id))
    )
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Rules a revision must keep: the same as the file import's, so an export always imports.


def check_content(content: RevisionContent) -> list[str]:
    problems = []
    if not content.title or len(content.title) > 200:
        problems.append(_("Judul modul wajib diisi (maksimal 200 karakter)."))
    if not 1 <= content.jp <= 200:
        problems.append(_("JP modul harus 1 sampai 200."))
    if not content.objectives:
        problems.append(_("Tulis minimal satu tujuan pembelajaran."))
    if not content.summary or len(content.summary) > 1000:
        problems.append(_("Ringkasan modul wajib diisi (maksimal 1000 karakter)."))
    if not content.lessons:
        problems.append(_("Modul harus punya minimal satu pelajaran."))
    if len(content.lessons) > MAX_LESSONS:
        problems.append(_("Modul paling banyak %(n)d pelajaran.", n=MAX_LESSONS))
    for lesson in content.lessons:
        if not SLUG_RE.fullmatch(lesson.slug):
            problems.append(_("Slug pelajaran '%(slug)s' tidak valid.", slug=lesson.slug))
        if not lesson.title or len(lesson.title) > 200:
            problems.append(_("Judul pelajaran wajib diisi (maksimal 200 karakter)."))
        if not 1 <= lesson.minutes <= 600:
            problems.append(_("Perkiraan menit pelajaran harus 1 sampai 600."))
        if not lesson.body.strip():
            problems.append(_('Isi pelajaran "%(title)s" kosong.', title=lesson.title))
        for ref in IMAGE_REF_RE.findall(lesson.body):
            if _is_module_file(ref) and ref.removeprefix("./") not in content.assets:
                problems.append(
                    _(
                        'Gambar "%(ref)s" di pelajaran "%(title)s" belum diunggah ke modul ini.',
                        ref=ref,
                        title=lesson.title,
                    )
                )
    return problems


def _is_module_file(ref: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", ref)


# --- Writing, publishing, restoring.


def lock_module(module_id: int) -> Module:
    """Serialise writers of one module (PostgreSQL row lock; SQLite's BEGIN IMMEDIATE does it)."""
    return db.session.scalar(select(Module).where(Module.id == module_id).with_for_update())


def save_revision(
    module: Module, content: RevisionContent, *, base_number: int, author_id: int, note: str
) -> ModuleRevision:
    """Store the working copy as a new draft revision, if nobody saved since base_number."""
    lock_module(module.id)
    latest = latest_revision(module.id)
    if latest.number != base_number:
        raise StaleRevision(latest, _author_name(latest.author_id))
    problems = check_content(content)
    if problems:
        raise RevisionRefused(problems)
    return _write(module, content, author_id, note)


def _author_name(user_id: int | None) -> str | None:
    return db.session.scalar(select(User.name).where(User.id == user_id)) if user_id else None


def _write(module: Module, content: RevisionContent, author_id: int, note: str) -> ModuleRevision:
    """The working copy as a draft revision; what changed in the browser is written in the editor's layout."""
    module_text = content.source or module_md(module.phase.code, module.agenda, module.position, content)
    lessons = [dataclasses.replace(x, source=x.source or lesson_md(x)) for x in content.lessons]
    files = {
        **text_files(module_text, [(x.slug, x.source) for x in lessons]),
        **image_files(content.assets, module.id),
    }
    written = dataclasses.replace(content, source=module_text, lessons=lessons)
    return new_revision(module, written, source_hash=source_hash(files), author_id=author_id, note=note)


def publish(module: Module, number: int, actor_id: int) -> ModuleRevision:
    """Make the latest revision the one participants read. Audited. Lessons marked done are kept."""
    lock_module(module.id)
    latest = latest_revision(module.id)
    if latest.number != number:
        raise StaleRevision(latest, _author_name(latest.author_id))
    if module.current_revision_id == latest.id:
        raise RevisionRefused(_("Revisi %(n)d sudah diterbitkan.", n=latest.number))
    previous = db.session.get(ModuleRevision, module.current_revision_id) if module.current_revision_id else None
    publish_revision(module, latest)
    audit.record(
        "module.publish",
        "module",
        module.id,
        actor_id=actor_id,
        slug=module.slug,
        revision=latest.number,
        previous=previous.number if previous else None,
    )
    return latest


def restore(module: Module, number: int, actor_id: int) -> ModuleRevision:
    """Copy an old revision into a new draft; history is never rewritten."""
    lock_module(module.id)
    old = revision_by_number(module.id, number)
    if old is None:
        raise RevisionRefused(_("Revisi itu tidak ada."))
    revision = _write(module, content_of(old), actor_id, f"dipulihkan dari revisi {old.number}")
    audit.record("module.restore", "module", module.id, actor_id=actor_id, slug=module.slug, source=old.number)
    return revision


def progress_counts(module_id: int) -> dict[str, int]:
    """How many participants finished each lesson slug of the module (kept across revisions)."""
    return dict(
        db.session.execute(
            select(LessonProgress.lesson_slug, func.count())
            .where(LessonProgress.module_id == module_id)
            .group_by(LessonProgress.lesson_slug)
        ).all()
    )
