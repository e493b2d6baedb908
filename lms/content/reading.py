"""Loads what the reading pages show, in a fixed, small number of queries per page."""

from dataclasses import dataclass
from functools import cache

from flask import abort
from sqlalchemy import bindparam, case, func, select

from lms.content.models import Agenda, Lesson, LessonProgress, Module, ModuleRevision, PhasePage
from lms.core.extensions import db
from lms.phases.models import Phase


@dataclass
class LessonRow:
    id: int
    position: int
    slug: str
    title: str
    minutes: int
    body_html: str | None
    toc_html: str | None


@dataclass
class ModuleView:
    module: Module
    revision: ModuleRevision
    phase: Phase
    lessons: list[LessonRow]

    def lesson(self, slug: str) -> LessonRow:
        found = next((lesson for lesson in self.lessons if lesson.slug == slug), None)
        if found is None:
            abort(404)
        return found

    def neighbours(self, slug: str) -> tuple[LessonRow | None, LessonRow | None]:
        index = [lesson.slug for lesson in self.lessons].index(slug)
        before = self.lessons[index - 1] if index > 0 else None
        after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return before, after


@cache  # built once, as lms.auth.sessions.user_by_session_token: the reading pages are the most requested
def module_query(with_body: bool):
    """The module, its current revision and its lesson list; the body only of the lesson asked for."""
    columns = [Module, ModuleRevision, Phase, Lesson.id, Lesson.position, Lesson.slug, Lesson.title, Lesson.minutes]
    if with_body:
        this_one = Lesson.slug == bindparam("lesson_slug")
        columns += [case((this_one, Lesson.body_html), else_=None), case((this_one, Lesson.toc_html), else_=None)]
    return (
        select(*columns)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Phase, Phase.id == Module.phase_id)
        .join(Lesson, Lesson.revision_id == ModuleRevision.id)
        .where(Module.slug == bindparam("slug"))
        .order_by(Lesson.position)
    )


@cache
def done_slugs_query():
    return select(LessonProgress.lesson_slug).where(
        LessonProgress.user_id == bindparam("user_id"), LessonProgress.module_id == bindparam("module_id")
    )


def load_module(slug: str, lesson_slug: str | None = None) -> ModuleView:
    """The module, its current revision and its lesson list in one query; the body only of lesson_slug."""
    if lesson_slug:
        rows = db.session.execute(module_query(True), {"slug": slug, "lesson_slug": lesson_slug}).all()
    else:
        rows = db.session.execute(module_query(False), {"slug": slug}).all()
    if not rows:
        abort(404)
    lessons = [
        LessonRow(r[3], r[4], r[5], r[6], r[7], r[8] if lesson_slug else None, r[9] if lesson_slug else None)
        for r in rows
    ]
    return ModuleView(rows[0][0], rows[0][1], rows[0][2], lessons)


def done_slugs(user_id: int, module_id: int) -> set[str]:
    return set(db.session.scalars(done_slugs_query(), {"user_id": user_id, "module_id": module_id}))


@dataclass
class ModuleSummary:
    id: int
    slug: str
    title: str
    summary: str
    agenda: int | None
    jp: int
    lessons: int
    done: int
    quiz_slug: str | None

    @property
    def jp_done(self) -> float:
        return round(self.jp * self.done / self.lessons, 1) if self.lessons else 0.0

    @property
    def complete(self) -> bool:
        return self.lessons > 0 and self.done >= self.lessons


def phase_modules(phase_id: int, user_id: int | None) -> list[ModuleSummary]:
    """Every module of a phase with lesson counts and, for a participant, lessons done."""
    lesson_counts = select(Lesson.revision_id, func.count().label("n")).group_by(Lesson.revision_id).subquery()
    current_slugs = select(Lesson.slug).where(Lesson.revision_id == Module.current_revision_id)
    done = (
        select(func.count())
        .where(
            LessonProgress.module_id == Module.id,
            LessonProgress.user_id == user_id,
            LessonProgress.lesson_slug.in_(current_slugs),
        )
        .scalar_subquery()
        if user_id
        else None
    )
    columns = [
        Module.id,
        Module.slug,
        ModuleRevision.title,
        ModuleRevision.summary,
        Module.agenda,
        ModuleRevision.jp,
        func.coalesce(lesson_counts.c.n, 0),
        ModuleRevision.quiz_slug,
    ]
    rows = db.session.execute(
        select(*columns, done if done is not None else func.cast(0, db.Integer))
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .outerjoin(lesson_counts, lesson_counts.c.revision_id == ModuleRevision.id)
        .where(Module.phase_id == phase_id)
        .order_by(Module.agenda, Module.position)
    ).all()
    return [ModuleSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8], r[7]) for r in rows]


def phase_page(code: str) -> tuple[Phase, PhasePage | None, dict[int, Agenda]]:
    phase = db.session.scalar(select(Phase).where(Phase.code == code))
    if phase is None:
        abort(404)
    page = db.session.get(PhasePage, phase.id)
    agendas = {a.number: a for a in db.session.scalars(select(Agenda).where(Agenda.phase_id == phase.id))}
    return phase, page, agendas
