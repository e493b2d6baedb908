"""Reading progress: marking lessons done, and where a participant should continue."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.content.models import Lesson, LessonProgress, Module, ModuleRevision
from lms.extensions import db


def mark_done(user_id: int, module_id: int, lesson_slug: str) -> bool:
    """Record a lesson as done; True if it was new. Safe against a double click (unique row)."""
    exists = db.session.scalar(
        select(LessonProgress.id).where(
            LessonProgress.user_id == user_id,
            LessonProgress.module_id == module_id,
            LessonProgress.lesson_slug == lesson_slug,
        )
    )
    if exists:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(LessonProgress(user_id=user_id, module_id=module_id, lesson_slug=lesson_slug))
    except IntegrityError:  # the same click arrived twice at once
        return False
    return True


@dataclass(frozen=True)
class ResumePoint:
    module_slug: str
    module_title: str
    lesson_slug: str
    lesson_title: str


def resume_point(user_id: int, phase_id: int) -> ResumePoint | None:
    """The first lesson not yet done, starting after the most recently finished one."""
    rows = db.session.execute(
        select(Module.id, Module.slug, ModuleRevision.title, Lesson.slug, Lesson.title)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Lesson, Lesson.revision_id == ModuleRevision.id)
        .where(Module.phase_id == phase_id)
        .order_by(Module.agenda, Module.position, Lesson.position)
    ).all()
    if not rows:
        return None
    progress = db.session.execute(
        select(LessonProgress.module_id, LessonProgress.lesson_slug, LessonProgress.completed_at).where(
            LessonProgress.user_id == user_id
        )
    ).all()
    done = {(m, s) for m, s, _ in progress}
    order = {(r[0], r[3]): i for i, r in enumerate(rows)}
    latest = max((p for p in progress if (p[0], p[1]) in order), key=lambda p: p[2], default=None)
    start = order[(latest[0], latest[1])] + 1 if latest else 0
    for row in rows[start:] + rows[:start]:
        if (row[0], row[3]) not in done:
            return ResumePoint(row[1], row[2], row[3], row[4])
    return None
