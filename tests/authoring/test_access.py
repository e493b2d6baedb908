"""Every editor URL: refused for participants and coordinators (403), and for instructors not
assigned to the module (404, the module's existence not revealed); open to its instructor and admins."""

import re

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.quiz.models import Question
from tests.helpers.authoring import login, token

EDITOR_PREFIXES = ("authoring.", "authoring_quiz.")
ADMIN_ONLY = {"authoring.assignment_list", "authoring.unassign"}
NOT_MODULE_SCOPED = {"authoring.index"}


def _editor_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith(EDITOR_PREFIXES)]
    rules.append(next(r for r in app.url_map.iter_rules() if r.endpoint == "quiz_staff.regrade"))
    return rules


def _values(app, world):
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).where(Question.module_id == world["module_id"]).limit(1))
        instructor_id = db.session.scalar(select(User.id).where(User.nip == world["instructor"]))
    return {
        "slug": "modul-uji",
        "lesson_slug": "pelajaran-1",
        "number": "1",
        "question_id": str(question_id),
        "quiz_slug": "evaluasi-uji",
        "module_id": str(world["module_id"]),
        "user_id": str(instructor_id),
    }


def _url(rule, values) -> str:
    if rule.endpoint == "quiz_staff.regrade":
        values = {**values, "slug": "evaluasi-uji"}
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: values[m.group(1)], rule.rule)


def _requests(app, world):
    values = _values(app, world)
    for rule in _editor_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, _url(rule, values)


@pytest.mark.parametrize("who", ["participant", "coordinator"])
def test_participants_and_coordinators_are_refused_everywhere(app, world, who):
    client = login(app, world[who])
    csrf = token(client)
    checked = 0
    for endpoint, method, url in _requests(app, world):
        response = client.open(url, method=method, data={"csrf_token": csrf})
        assert response.status_code == 403, f"{who}: {method} {url} ({endpoint}) answered {response.status_code}"
        checked += 1
    assert checked >= 25
    assert "Kelola materi" not in client.get("/").get_data(as_text=True)


def test_an_instructor_not_assigned_to_the_module_is_refused(app, world):
    client = login(app, world["stranger"])
    csrf = token(client)
    for endpoint, method, url in _requests(app, world):
        response = client.open(url, method=method, data={"csrf_token": csrf})
        if endpoint in NOT_MODULE_SCOPED:
            assert response.status_code == 200
        elif endpoint in ADMIN_ONLY:
            assert response.status_code == 403, (endpoint, response.status_code)
        else:
            assert response.status_code == 404, f"{method} {url} ({endpoint}) answered {response.status_code}"
    listing = client.get("/kelola/").get_data(as_text=True)
    assert "Modul modul-uji" not in listing and "Belum ada modul yang ditugaskan" in listing


@pytest.mark.parametrize("who", ["instructor", "admin"])
def test_the_assigned_instructor_and_admins_open_every_editor_page(app, world, who):
    client = login(app, world[who])
    for endpoint, method, url in _requests(app, world):
        if method != "GET" or (endpoint in ADMIN_ONLY and who != "admin"):
            continue
        response = client.get(url)
        assert response.status_code in (200, 302), f"{who}: GET {url} ({endpoint}) answered {response.status_code}"
    home = client.get("/").get_data(as_text=True)
    assert 'href="/kelola/"' in home and "Kelola materi" in home
    listing = client.get("/kelola/").get_data(as_text=True)
    assert "Modul modul-uji" in listing
    assert ("Modul modul-lain" in listing) == (who == "admin")


def test_the_instructor_cannot_open_the_assignment_page(app, world):
    client = login(app, world["instructor"])
    assert client.get("/kelola/penugasan").status_code == 403
