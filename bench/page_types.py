"""The two shapes bench/pages.py and its companions describe: a kind of user and a page to measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class UserKind:
    """Which accounts log in for a kind of user: `sql` selects (id, login) in a stable order; the harness
    logs in `count` (`quick_count` with --quick) of them, spread evenly over that list."""

    sql: str
    count: int
    quick_count: int


@dataclass(frozen=True)
class Page:
    name: str  # key in .bench/results.json
    path: str  # may hold {param} or {param[key]} parts, filled from PARAMS
    user: str = ANONYMOUS  # a key of USER_KINDS, or ANONYMOUS
    method: str = "GET"
    # For POST pages: form fields, given (session, params); `session.csrf_token` is valid for its cookie.
    body: Callable[[object, dict], dict] | None = None
    headers: dict | None = None  # extra request headers, e.g. Accept: application/json
    expect: int = 200  # any other status under load is counted as "unexpected"
    weight: bool = True  # measure page weight (first visit, re-visit); off for POSTs and JSON
    note: str = ""
    scales: tuple[str, ...] = ("default",)  # the data scales (bench/scales.py SCALES) it is measured on
    databases: tuple[str, ...] = ("sqlite", "postgresql")
    connections: int | None = None  # wrk connections (default: --connections, 16)
    load: bool = True  # False: no wrk rounds, only requests one at a time (a response-time figure)
    max_lines: int = 512  # distinct requests wrk rotates over
    # A browser's re-visit: each request carries If-None-Match / If-Modified-Since from a first GET of it.
    revisit: bool = False
    # Each request does its work once (e.g. grades an attempt): wrk stops when every request has been sent.
    once: bool = False
    # Milliseconds each of `connections` people waits between an answer and their next request (0.5 to 1.5
    # x this): a person working, not a connection asking again at once. Sent by rounds.py's run_paced, not wrk.
    # 0: wrk, no wait (saturation).
    think_ms: int = 0
    # Run once per session of the page's kind before anything is requested (e.g. start attempts): (http, session).
    prepare: Callable[[object, object], None] | None = None
    # Run before every wrk run of the page (the check, warm-up, each round): (db, sessions) -> None.
    before_run: Callable[[object, list], None] | None = None
    # After each wrk run: how many of its requests took the path the page is meant to measure (the rest
    # repeated an earlier request's work): (db, sessions) -> int. Reported as `measured_path_share`.
    measured_path: Callable[[object, list], int] | None = None
    # A body that is not a form (a multipart upload): (session, params) -> (bytes, Content-Type). Written once per
    # request line to a file under .bench/work/bodies that wrk and the SQL count read (webclient.FILE_BODY).
    raw_body: Callable[[object, dict], tuple[bytes, str]] | None = None
