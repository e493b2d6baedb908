"""Reading progress: marking lessons done, and where a participant should continue."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from lms.auth.models import User
from lms.content.models import Lesson, LessonProgress, Module, ModuleRevision, PhaseProgress
from lms.content.reading import ModuleSummary, phase_modules
from lms.core.extensions import db
from lms.core.hooks import Hook
from lms.phases.models import Phase

LESSON_DONE = Hook(
    "content.lesson_done",
    "f(user_id, phase_id), in the caller's transaction, after a participant's reading changed (the quiz feature:"
    " a phase whose quizzes are passed completes with its last lesson)",
)
ALL_AGENDAS = object()


def mark_done(user_id: int, module_id: int, lesson_slug: str) -> bool:
    """Record a lesson as done and update the JP done; True if it was new. Safe against a double
    click (unique row) and against two tabs marking two lessons at once (the user's row is locked,
    so each recount sees the other's lesson)."""
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    # A publish of this module holds its row FOR UPDATE until it commits (authoring.revisions.lock_module).
    # Waiting for it means the recount below sees the new revision; and a publish that comes after waits
    # for this lesson, so its recount of the module's readers includes this participant.
    phase_id = db.session.scalar(select(Module.phase_id).where(Module.id == module_id).with_for_update(read=True))
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
    refresh_phase_progress([user_id])
    LESSON_DONE.call(user_id, phase_id)
    return True


def unread_modules(user_id: int, phase_id: int, agenda=ALL_AGENDAS) -> list[ModuleSummary]:
    """The published modules of the phase (or of one agenda of it) with a lesson of their current
    revision not yet marked done. "Studied the material" means this list is empty."""
    return [
        m
        for m in phase_modules(phase_id, user_id)
        if (agenda is ALL_AGENDAS or m.agenda == agenda) and m.done < m.lessons
    ]


def explain_unread(user_id: int, phase_ids: list[int], for_staff: bool = False) -> dict[int, list[str]]:
    """For gating's lock reasons: which modules of each gated phase are still unread, by name; said to
    the participant, or about them to staff."""
    messages: dict[int, list[str]] = {}
    names = dict(db.session.execute(select(Phase.id, Phase.name).where(Phase.id.in_(phase_ids))).all())
    for phase_id in phase_ids:
        unread = unread_modules(user_id, phase_id)
        if unread:
            values = {"phase": names.get(phase_id, ""), "modules": ", ".join(m.title for m in unread)}
            if for_staff:
                message = _(
                    "Belum selesai membaca materi fase %(phase)s. Modul yang belum selesai: %(modules)s.", **values
                )
            else:
                message = _(
                    "Selesaikan membaca semua materi fase %(phase)s. Modul yang belum selesai: %(modules)s.", **values
                )
            messages[phase_id] = [message]
    return messages


def jp_done_rows(*where):
    """(user_id, phase_id, jp_done) from lessons marked done that are in their module's current revision."""
    lesson_counts = select(Lesson.revision_id, func.count().label("n")).group_by(Lesson.revision_id).subquery()
    return (
        select(LessonProgress.user_id, Module.phase_id, func.sum(ModuleRevision.jp * 1.0 / lesson_counts.c.n))
        .join(Module, Module.id == LessonProgress.module_id)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Lesson, and_(Lesson.revision_id == ModuleRevision.id, Lesson.slug == LessonProgress.lesson_slug))
        .join(lesson_counts, lesson_counts.c.revision_id == ModuleRevision.id)
        .where(*where)
        .group_by(LessonProgress.user_id, Module.phase_id)
    )


def refresh_phase_progress(user_ids) -> None:
    """Recount the stored JP done of these participants (a list of ids or a SELECT of them) in every
    phase, in the caller's transaction: after they mark a lesson done, and after a module revision is
    published or imported (its JP or its lessons changed). Recounted, never incremented, so the stored
    figure cannot drift from the lessons."""
    db.session.execute(update(PhaseProgress).where(PhaseProgress.user_id.in_(user_ids)).values(jp_done=0.0))
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(PhaseProgress).from_select(
        ["user_id", "phase_id", "jp_done"], jp_done_rows(LessonProgress.user_id.in_(user_ids))
    )
    statement = statement.on_conflict_do_update(
        index_elements=[PhaseProgress.user_id, PhaseProgress.phase_id], set_={"jp_done": statement.excluded.jp_done}
    )
    db.session.execute(statement)


def refresh_module_readers(module_id: int) -> None:
    """After a module's current revision changed: recount everyone who has read a lesson of it."""
    refresh_phase_progress(select(LessonProgress.user_id).where(LessonProgress.module_id == module_id).distinct())


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
