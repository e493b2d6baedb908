"""What the editor's lists show, each in a fixed number of queries: modules with their published
and latest revisions, a module's history, and who is assigned to what."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.auth.models import Role, User
from lms.content.access import editable_modules_clause
from lms.content.models import Module, ModuleAssignment, ModuleRevision
from lms.core.extensions import db
from lms.phases.models import Phase


@dataclass
class ModuleRow:
    slug: str
    title: str
    phase_name: str
    agenda: int | None
    published: int | None
    latest: int
    latest_at: datetime
    latest_author: str | None

    @property
    def has_draft(self) -> bool:
        return self.published is None or self.latest > self.published


def editable_modules(user: User) -> list[ModuleRow]:
    latest_number = (
        select(ModuleRevision.module_id, func.max(ModuleRevision.number).label("n"))
        .group_by(ModuleRevision.module_id)
        .subquery()
    )
    latest = aliased(ModuleRevision)
    current = aliased(ModuleRevision)
    rows = db.session.execute(
        select(Module.slug, latest.title, Phase.name, Module.agenda, current.number, latest.number, latest.created_at)
        .add_columns(User.name)
        .join(Phase, Phase.id == Module.phase_id)
        .join(latest_number, latest_number.c.module_id == Module.id)
        .join(latest, (latest.module_id == Module.id) & (latest.number == latest_number.c.n))
        .outerjoin(current, current.id == Module.current_revision_id)
        .outerjoin(User, User.id == latest.author_id)
        .where(editable_modules_clause(user))
        .order_by(Phase.position, Module.agenda, Module.position)
    ).all()
    return [ModuleRow(*row) for row in rows]


@dataclass
class HistoryRow:
    number: int
    created_at: datetime
    author: str | None
    note: str
    published_at: datetime | None
    current: bool


def history(module: Module) -> list[HistoryRow]:
    rows = db.session.execute(
        select(
            ModuleRevision.number,
            ModuleRevision.created_at,
            User.name,
            ModuleRevision.note,
            ModuleRevision.published_at,
            ModuleRevision.id,
        )
        .outerjoin(User, User.id == ModuleRevision.author_id)
        .where(ModuleRevision.module_id == module.id)
        .order_by(ModuleRevision.number.desc())
    ).all()
    return [HistoryRow(n, at, who, note, pub, rid == module.current_revision_id) for n, at, who, note, pub, rid in rows]


def assigned_names(module_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(User.name)
            .join(ModuleAssignment, ModuleAssignment.user_id == User.id)
            .where(ModuleAssignment.module_id == module_id)
            .order_by(User.name)
        )
    )


def assignments() -> list[tuple[int, str, str, int, str]]:
    """(module id, module slug, module title, instructor id, instructor name) for every assignment."""
    return db.session.execute(
        select(Module.id, Module.slug, ModuleRevision.title, User.id, User.name)
        .join(ModuleAssignment, ModuleAssignment.module_id == Module.id)
        .join(User, User.id == ModuleAssignment.user_id)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .order_by(Module.agenda, Module.position, User.name)
    ).all()


def module_choices() -> list[tuple[int, str]]:
    return [
        (module_id, title)
        for module_id, title in db.session.execute(
            select(Module.id, ModuleRevision.title)
            .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
            .order_by(Module.phase_id, Module.agenda, Module.position)
        )
    ]


def instructor_choices() -> list[tuple[int, str]]:
    return [
        (user_id, f"{name} ({nip})")
        for user_id, name, nip in db.session.execute(
            select(User.id, User.name, User.nip)
            .where(User.role == Role.INSTRUCTOR.value, User.active.is_(True))
            .order_by(User.name)
        )
    ]
