"""Who may edit which module: admins every module; instructors the modules assigned to them. A module
outside that scope answers 404, like every scope check."""

from flask import abort
from flask_login import current_user
from sqlalchemy import false, select, true

from lms.auth.models import Role, User
from lms.content.models import Module, ModuleAssignment
from lms.core.extensions import db


def editable_modules_clause(user: User):
    if user.role == Role.ADMIN.value:
        return true()
    if user.role == Role.INSTRUCTOR.value:
        return Module.id.in_(select(ModuleAssignment.module_id).where(ModuleAssignment.user_id == user.id))
    return false()


def can_edit_module(user: User, module_id: int) -> bool:
    return bool(db.session.scalar(select(Module.id).where(Module.id == module_id, editable_modules_clause(user))))


def get_module_for_edit_or_404(slug: str) -> Module:
    module = db.session.scalar(select(Module).where(Module.slug == slug, editable_modules_clause(current_user)))
    if module is None:
        abort(404)
    return module
