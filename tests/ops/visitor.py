"""A participant's browser over plain HTTP: keeps its cookies and can talk to any app instance.

The instances run with LMS_ENV=production behind a (pretend) TLS-terminating proxy: LMS_TRUST_PROXY=1
and every request carries X-Forwarded-Proto: https and X-Forwarded-For, as nginx would send them.
Production cookies are `Secure`; this client stores them from Set-Cookie and sends them back itself,
which is what a browser does over the HTTPS leg that the proxy terminates.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

TIMEOUT = 15
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
REV_RE = re.compile(r'name="rev" value="(\d+)"')
CHOICE_RE = re.compile(r'<input type="(?:radio|checkbox)" name="jawaban" value="(\d+)"\s*(checked)?')
ATTEMPT_RE = re.compile(r"/percobaan/(\d+)/")
# What a dropped connection looks like to a client: the worker died, or the server is not there.
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, TimeoutError, OSError)


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


class Visitor:
    def __init__(self, address: str = "203.0.113.10"):
        self.address = address  # the client address the proxy reports (login throttle per address)
        self.cookies: dict[str, str] = {}
        self.log: list[tuple[str, str, int]] = []  # (method, path, status) of every answered request

    def request(
        self, port: int, method: str, path: str, form: dict | None = None, json: bool = False, referer: str = ""
    ) -> Page:
        headers = {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Accept": "application/json" if json else "text/html,application/xhtml+xml",
            "User-Agent": "latsar-ops-drill",
            # Over HTTPS, Flask-WTF also wants a same-origin Referer on every POST, as browsers send it.
            "Referer": f"https://127.0.0.1:{port}{referer or path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._store(header)
        self.log.append((method, path, response.status))
        return Page(response.status, response.headers, text)

    def _store(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, port: int, path: str, json: bool = False) -> Page:
        return self.request(port, "GET", path, json=json)

    def csrf_token(self, port: int, page: str = "/") -> str:
        html = self.get(port, page).text
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1) or match.group(2)

    def post(self, port: int, path: str, data: dict | None = None, token_from: str = "/", json: bool = False) -> Page:
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(port, token_from))
        return self.request(port, "POST", path, form=data, json=json, referer=token_from)

    def login(self, port: int, identifier: str, password: str) -> Page:
        return self.post(port, "/masuk", {"identifier": identifier, "password": password}, token_from="/masuk")


def question_state(html: str) -> tuple[int, list[int]]:
    """The answer revision and the checked choices (display positions) on a question page."""
    rev = REV_RE.search(html)
    assert rev, "no answer revision on the question page"
    return int(rev.group(1)), [int(value) for value, checked in CHOICE_RE.findall(html) if checked]


def attempt_id_from(location: str) -> int:
    match = ATTEMPT_RE.search(location)
    assert match, f"no attempt in redirect {location!r}"
    return int(match.group(1))
