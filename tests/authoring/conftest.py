"""An authoring world: modul-uji (three lessons, a five-question bank, evaluasi-uji) assigned to one
instructor, modul-lain assigned to nobody, an admin, a coordinator, and a participant in the MOOC."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.authoring.models import ModuleAssignment
from lms.content.importer import import_content
from lms.content.models import Module, ModuleRevision
from lms.core.extensions import db
from tests.conftest import AuthActions, csrf_token
from tests.content.conftest import write_module
from tests.factories import make_angkatan, make_coordinator, make_instansi, make_participant, make_user, wib_today
from tests.quiz.conftest import quiz_content


@pytest.fixture
def world(app, tmp_path):
    root = quiz_content(tmp_path / "content")
    write_module(root, "modul-uji", lessons=3, extra_front="quiz: evaluasi-uji")
    write_module(root, "modul-lain", order=2, lessons=2)
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        instansi = make_instansi("Pemkab Uji")
        today = wib_today()
        angkatan = make_angkatan(instansi, 7, schedule=[(today - timedelta(days=3), today + timedelta(days=10))])
        instructor = make_user("instructor", name="Widya Pertama")
        module_id = db.session.scalar(select(Module.id).where(Module.slug == "modul-uji"))
        db.session.add(ModuleAssignment(module_id=module_id, user_id=instructor.id))
        data = {
            "root": root,
            "module_id": module_id,
            "instructor": instructor.nip,
            "instructor_id": instructor.id,
            "stranger": make_user("instructor", name="Widya Lain").nip,
            "admin": make_user("admin", name="Admin Uji").nip,
            "coordinator": make_coordinator(instansi).nip,
            "participant": make_participant(angkatan, name="Sari Peserta").nip,
        }
        db.session.commit()
    return data


def login(app, nip):
    client = app.test_client()
    response = AuthActions(client).login(nip)
    assert response.status_code == 302, response.status_code
    return client


def form_values(html: str) -> dict[str, str]:
    """The hidden and text inputs of a page, like a browser would send them back."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            values.setdefault(name.group(1), value.group(1) if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = _unescape(text.lstrip("\n"))
    return values


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def submit(client, url: str, changes: dict, page: str | None = None):
    """Open the form page, keep what it holds, change some fields, and post it (with its CSRF token)."""
    html = client.get(page or url).get_data(as_text=True)
    data = {**form_values(html), **changes}
    return client.post(url, data=data)


def revision_count(app, module_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(ModuleRevision).where(ModuleRevision.module_id == module_id)
        )


def token(client) -> str:
    return csrf_token(client, "/")
