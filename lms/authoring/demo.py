"""Demo assignments: the demo instructors find modules under "Kelola materi"."""

from sqlalchemy import select

from lms.auth.models import User
from lms.content.models import Module, ModuleAssignment
from lms.core.extensions import db


def assign_demo_modules(instructors: list[User]) -> None:
    """Agenda I and III to the first instructor, Agenda II to the second (the modules exist when the content
    was imported first, as `make run` does)."""
    for module_id, agenda in db.session.execute(select(Module.id, Module.agenda)):
        owner = instructors[1] if agenda == 2 else instructors[0]
        db.session.add(ModuleAssignment(module_id=module_id, user_id=owner.id))
    db.session.flush()
