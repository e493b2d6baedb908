"""Admins assign instructors to modules; each change is audited."""

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.content.models import Module, ModuleAssignment
from lms.core import audit
from lms.core.extensions import db


def assign(module_id: int, user_id: int, actor_id: int) -> bool:
    """True if the assignment is new. Only active instructors can be assigned."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.INSTRUCTOR.value or db.session.get(Module, module_id) is None:
        raise ValueError("only an existing module and an instructor can be assigned")
    if db.session.get(ModuleAssignment, (module_id, user_id)) is not None:
        return False
    db.session.add(ModuleAssignment(module_id=module_id, user_id=user_id, assigned_by_id=actor_id))
    audit.record("module.assign", "module", module_id, actor_id=actor_id, instructor_id=user_id)
    return True


def unassign(module_id: int, user_id: int, actor_id: int) -> bool:
    row = db.session.get(ModuleAssignment, (module_id, user_id))
    if row is None:
        return False
    db.session.delete(row)
    audit.record("module.unassign", "module", module_id, actor_id=actor_id, instructor_id=user_id)
    return True


def assigned_module_ids(user_id: int) -> set[int]:
    return set(db.session.scalars(select(ModuleAssignment.module_id).where(ModuleAssignment.user_id == user_id)))
