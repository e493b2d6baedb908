"""Logged-in sessions and the request lists wrk rotates over: the login through the real form, the
benchmark database helper handed to bench/pages.py, each page's `prepare` and its requests per session."""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass, field

import pages as pages_module
import sqlalchemy as sa
from harness import OUT, log
from webclient import (
    FILE_BODY,
    FORM,
    Line,
    Response,
    cookie_header,
    http_request,
    scan_html,
    set_validators,
    update_jar,
)

from lms.people.demo import DEMO_PASSWORD


@dataclass
class Session:
    kind: str
    identifier: str = ""
    user_id: int | None = None
    csrf_token: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # what pages' `prepare` left (e.g. open attempts)


class Http:
    """Handed to pages' `prepare`: requests as one session."""

    def __init__(self, port: int):
        self.port = port

    def post(self, session: Session, path: str, fields: dict) -> Response:
        headers = {"Content-Type": FORM, "Cookie": cookie_header(session.cookies)}
        return http_request(self.port, "POST", path, headers, urllib.parse.urlencode(fields).encode())


def login(port: int, kind: str, user_id: int, identifier: str) -> Session | None:
    """GET /masuk for the form's CSRF token, POST it once. A failure is never retried (login throttle)."""
    jar: dict[str, str] = {}
    page = http_request(port, "GET", "/masuk")
    update_jar(jar, page)
    token = scan_html(page.body).csrf
    if page.status != 200 or not token:
        log(f"  login page gave {page.status} without a CSRF token")
        return None
    form = urllib.parse.urlencode(
        {"csrf_token": token, "identifier": identifier, "password": DEMO_PASSWORD, "next": ""}
    )
    resp = http_request(
        port,
        "POST",
        "/masuk",
        {"Content-Type": FORM, "Cookie": cookie_header(jar)},
        form.encode(),
    )
    update_jar(jar, resp)
    if resp.status not in (302, 303) or "/masuk" in (resp.header("Location") or ""):
        log(f"  login of {kind} {identifier} failed: {resp.status}")
        return None
    return Session(kind, identifier, user_id, token, jar)


class Db:
    """Helper on the benchmark database handed to pages.py: list parameters expand (`IN :ids`)."""

    def __init__(self, url: str):
        self.engine = sa.create_engine(url)

    def _text(self, sql: str, params: dict):
        lists = [sa.bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list | tuple)]
        return sa.text(sql).bindparams(*lists)

    def rows(self, sql: str, **params) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(self._text(sql, params), params)]

    def execute(self, sql: str, **params) -> None:
        with self.engine.begin() as conn:
            conn.execute(self._text(sql, params), params)

    def column(self, sql: str, **params) -> list:
        return [r[0] for r in self.rows(sql, **params)]

    def close(self):
        self.engine.dispose()


def spread(items: list, n: int) -> list:
    """n items evenly spread over the list (all of them if it is short)."""
    if n >= len(items):
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def log_in_sessions(
    port: int, db: Db, needed_kinds: set[str], quick: bool, deadline: float
) -> dict[str, list[Session]]:
    sessions: dict[str, list[Session]] = {}
    for kind in sorted(needed_kinds):
        spec = pages_module.USER_KINDS[kind]
        accounts = spread(db.rows(spec.sql), spec.quick_count if quick else spec.count)
        started = time.monotonic()
        got = []
        for user_id, identifier in accounts:
            if time.monotonic() > deadline:
                break
            s = login(port, kind, user_id, identifier)
            if s:
                got.append(s)
        log(f"  logged in {len(got)}/{len(accounts)} {kind} sessions in {time.monotonic() - started:.1f}s")
        sessions[kind] = got
    return sessions


def build_lines(page: pages_module.Page, sessions: dict[str, list[Session]], db: Db, port: int) -> list[Line]:
    """The requests wrk rotates over: every session of the page's kind in turn, each time with its next
    parameter values (each session starting at a different place in its list)."""
    if page.user == pages_module.ANONYMOUS:
        owners = [Session(pages_module.ANONYMOUS)]
    else:
        owners = sessions.get(page.user) or []
    names = sorted(set(re.findall(r"{(\w+)", page.path)))
    per_session = []
    for s in owners:
        values = {n: pages_module.PARAMS[n](db, s) for n in names}
        if any(not v for v in values.values()):
            continue  # nothing this session may request
        per_session.append((s, values))
    lines: list[Line] = []
    if not per_session:
        return lines
    turns = max(max((len(v) for v in vals.values()), default=1) for _s, vals in per_session)
    for i in range(min(page.max_lines, len(per_session) * turns)):
        k = i % len(per_session)
        s, vals = per_session[k]
        params = {n: v[(i // len(per_session) + k) % len(v)] for n, v in vals.items()}
        body = urllib.parse.urlencode(page.body(s, params)) if page.body else ""
        headers = dict(page.headers or {})
        if page.raw_body:
            body, headers["Content-Type"] = _body_file(page, i, *page.raw_body(s, params))
        line = Line(page.method, page.path.format(**params), dict(s.cookies), body, headers)
        if page.revisit:
            set_validators(port, line)
        lines.append(line)
    return lines


def _body_file(page, i: int, data: bytes, content_type: str) -> tuple[str, str]:
    path = OUT / "work" / "bodies" / f"{page.name}-{i}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return FILE_BODY + str(path), content_type


def prepare_sessions(port: int, pages: list, sessions: dict[str, list[Session]]) -> None:
    """Each page's `prepare` once per session of its kind (pages sharing a function share its work)."""
    done = set()
    http = Http(port)
    for page in pages:
        if page.prepare is None or (page.user, page.prepare) in done:
            continue
        done.add((page.user, page.prepare))
        started = time.monotonic()
        for s in sessions.get(page.user, []):
            page.prepare(http, s)
        log(f"  prepared {len(sessions.get(page.user, []))} {page.user} sessions in {time.monotonic() - started:.1f}s")
