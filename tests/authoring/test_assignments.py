"""Admins assign instructors to modules; the assignment is what opens the editor, and is audited."""

import pytest
from sqlalchemy import select

from lms.authoring import assignments
from lms.content.models import Module
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from tests.factories import make_user
from tests.helpers.authoring import form_values, login, token


def _ids(app, world):
    with app.app_context():
        from lms.auth.models import User

        other = db.session.scalar(select(Module.id).where(Module.slug == "modul-lain"))
        stranger = db.session.scalar(select(User.id).where(User.nip == world["stranger"]))
    return other, stranger


def test_an_admin_assigns_and_unassigns_and_both_are_audited(app, world):
    module_id, stranger_id = _ids(app, world)
    admin, instructor = login(app, world["admin"]), login(app, world["stranger"])
    assert instructor.get("/kelola/modul/modul-lain").status_code == 404
    page = admin.get("/kelola/penugasan").get_data(as_text=True)
    assert "Widya Pertama" in page  # the existing assignment is listed
    response = admin.post(
        "/kelola/penugasan",
        data={"csrf_token": form_values(page)["csrf_token"], "module_id": module_id, "user_id": stranger_id},
    )
    assert response.status_code == 302
    assert instructor.get("/kelola/modul/modul-lain").status_code == 200
    assert "Modul modul-lain" in instructor.get("/kelola/").get_data(as_text=True)
    admin.post(f"/kelola/penugasan/{module_id}/{stranger_id}/hapus", data={"csrf_token": token(admin)})
    assert instructor.get("/kelola/modul/modul-lain").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(module_id))).all()
        assert actions == ["module.assign", "module.unassign"]


def test_only_instructors_can_be_assigned(app, world):
    module_id, _stranger = _ids(app, world)
    with app.app_context():
        coordinator = make_user("coordinator")
        with pytest.raises(ValueError):
            assignments.assign(module_id, coordinator.id, actor_id=None)
        db.session.rollback()
    admin = login(app, world["admin"])
    page = admin.get("/kelola/penugasan").get_data(as_text=True)
    assert "Widya Lain" in page and "Admin Uji (" not in page  # only instructors are offered
