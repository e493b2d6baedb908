"""Requests the way a browser sends them: the CSRF token read from a rendered page, forms posted with
it, and signing in and out."""

import re

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, url: str = "/masuk") -> str:
    """The session's CSRF token, read from a rendered page like a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    if match is None:
        html = client.get("/").get_data(as_text=True)
        match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post(client, url: str, data: dict | None = None, token_from: str = "/masuk", **kwargs):
    """POST a form with the session's CSRF token, as the browser would."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from))
    return client.post(url, data=data, **kwargs)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, identifier: str, password: str = "rahasia-123456", next_: str | None = None):
        url = "/masuk" + (f"?next={next_}" if next_ else "")
        data = {"identifier": identifier, "password": password}
        if next_ is not None:
            data["next"] = next_
        return post(self.client, url, data, token_from="/masuk")

    def logout(self):
        return post(self.client, "/keluar", token_from="/")


def client_for(app, nip: str):
    """A new client of the app, signed in as `nip` (whatever the sign-in answered)."""
    client = app.test_client()
    AuthActions(client).login(nip)
    return client
