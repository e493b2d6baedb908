"""Requests of the authoring tests: sign in, read a form's values back like a browser, post it changed."""

import re
from html import unescape

from sqlalchemy import func, select

from lms.content.models import ModuleRevision
from lms.core.extensions import db
from tests.helpers.web import AuthActions, csrf_token


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
        values[name] = unescape(text.lstrip("\n"))
    return values


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
