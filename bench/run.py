"""`make bench`: throughput, latency, page weight, SQL queries and worker memory of Latsar LMS pages.

Per database (SQLite, PostgreSQL): build a fresh database, start gunicorn with the production settings
pinned to core 0, log sessions in, then drive every page of bench/pages.py with wrk pinned to core 1,
in interleaved rounds with a hello-world Flask app under the same gunicorn settings (the ceiling).
Writes .bench/results.json and prints a table. It reports; it never fails on a slow figure.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import pages as pages_module  # noqa: E402

from lms.people.demo import DEMO_PASSWORD  # noqa: E402

OUT = ROOT / ".bench"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "bench"
PG_BENCH_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_BENCH_DB}"  # one schema per scale in it
SERVER_CORE, LOAD_CORE = 0, 1
GZIP_LEVEL = 6  # what a reverse proxy typically uses
LONG_CACHE = 30 * 24 * 3600  # a static file cached at least this long costs nothing on a re-visit
HTTP_TIMEOUT = 30
SERVER_START_TIMEOUT = 60


STARTED = time.monotonic()


def log(msg: str) -> None:
    """Progress, with the minutes and seconds since the start."""
    text = msg.lstrip("\n")
    minutes, seconds = divmod(int(time.monotonic() - STARTED), 60)
    print(f"{msg[: len(msg) - len(text)]}[{minutes:02d}:{seconds:02d}] {text}", flush=True)


# --- plain HTTP against the servers -------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def set_cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]


def http_request(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


def update_jar(jar: dict[str, str], response: Response) -> None:
    """Keep name=value of each Set-Cookie (the Secure flag is ignored: this is loopback HTTP)."""
    for raw in response.set_cookies():
        first, _, attrs = raw.partition(";")
        name, _, value = first.strip().partition("=")
        attrs = attrs.lower()
        if not value or "max-age=0" in attrs or "expires=thu, 01 jan 1970" in attrs:
            jar.pop(name, None)
        else:
            jar[name] = value


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class _FormScan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.csrf = None
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token" and self.csrf is None:
            self.csrf = a.get("value")
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])


def scan_html(body: bytes) -> _FormScan:
    scan = _FormScan()
    scan.feed(body.decode("utf-8", "replace"))
    return scan


# --- sessions ------------------------------------------------------------------------------------


@dataclass
class Session:
    kind: str
    identifier: str = ""
    user_id: int | None = None
    csrf_token: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # what pages' `prepare` left (e.g. open attempts)


FORM = "application/x-www-form-urlencoded"


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
        import sqlalchemy as sa

        self.sa = sa
        self.engine = sa.create_engine(url)

    def _text(self, sql: str, params: dict):
        lists = [self.sa.bindparam(k, expanding=True) for k, v in params.items() if isinstance(v, list | tuple)]
        return self.sa.text(sql).bindparams(*lists)

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


# --- requests per page ----------------------------------------------------------------------------


@dataclass
class Line:
    method: str
    path: str
    cookies: dict[str, str]
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def all_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = cookie_header(self.cookies)
        if self.body:
            headers["Content-Type"] = FORM
        return headers

    def tsv(self) -> str:
        headers = "\x1f".join(f"{k}: {v}" for k, v in self.all_headers().items())
        return "\t".join([self.method, self.path, headers, self.body])


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
        line = Line(page.method, page.path.format(**params), dict(s.cookies), body, dict(page.headers or {}))
        if page.revisit:
            set_validators(port, line)
        lines.append(line)
    return lines


def set_validators(port: int, line: Line) -> None:
    """The validators a browser got on its first visit."""
    for send in ("If-None-Match", "If-Modified-Since"):
        line.headers.pop(send, None)
    first = send_line(port, line)
    for got, send in (("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")):
        if first.header(got):
            line.headers[send] = first.header(got)


def send_line(port: int, line: Line, extra: dict | None = None) -> Response:
    headers = {**line.all_headers(), **(extra or {})}
    return http_request(port, line.method, line.path, headers, line.body.encode() if line.body else None)


def latency_alone(port: int, lines: list[Line], count: int, budget_s: float) -> dict:
    """Response time one request at a time, the server otherwise idle: what one user waits."""
    times = []
    started = time.monotonic()
    for i in range(count):
        if i >= 3 and time.monotonic() - started > budget_s:
            break
        t0 = time.perf_counter()
        send_line(port, lines[i % len(lines)])
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return {"alone_p50_ms": statistics.median(times), "alone_p95_ms": p95, "alone_requests": len(times)}


# --- page weight ----------------------------------------------------------------------------------


def compressed_size(resp: Response) -> int:
    if (resp.header("Content-Encoding") or "").lower() in ("gzip", "br", "deflate"):
        return len(resp.body)
    return len(gzip.compress(resp.body, GZIP_LEVEL)) if resp.body else 0


def long_cached(url: str, resp: Response) -> bool:
    cc = (resp.header("Cache-Control") or "").lower()
    m = re.search(r"max-age=(\d+)", cc)
    return (
        "v=" in urllib.parse.urlsplit(url).query and bool(m) and int(m.group(1)) >= LONG_CACHE and "no-cache" not in cc
    )


def revisit_cost(port: int, path: str, first: Response, jar: dict[str, str]) -> tuple[int, int]:
    """(compressed body bytes, status) of a conditional re-request with the validators given."""
    headers = {"Accept-Encoding": "gzip"}
    if jar:
        headers["Cookie"] = cookie_header(jar)
    if first.header("ETag"):
        headers["If-None-Match"] = first.header("ETag")
    if first.header("Last-Modified"):
        headers["If-Modified-Since"] = first.header("Last-Modified")
    again = http_request(port, "GET", path, headers)
    return (0 if again.status == 304 else compressed_size(again)), again.status


def page_weight(port: int, line: Line) -> dict:
    """A first visit (HTML + its CSS and JS) and a re-visit, with a browser's cookie jar and cache."""
    jar = dict(line.cookies)
    html = send_line(port, Line(line.method, line.path, jar, headers=dict(line.headers)), {"Accept-Encoding": "gzip"})
    update_jar(jar, html)
    parts = [
        {
            "url": line.path,
            "status": html.status,
            "raw_bytes": len(html.body),
            "gzip_bytes": compressed_size(html),
            "server_compressed": bool(html.header("Content-Encoding")),
            "cache_control": html.header("Cache-Control"),
            "etag": bool(html.header("ETag")),
            "last_modified": bool(html.header("Last-Modified")),
        }
    ]
    body = gzip.decompress(html.body) if (html.header("Content-Encoding") or "") == "gzip" else html.body
    seen = set()
    assets = []
    for url in scan_html(body).assets:
        split = urllib.parse.urlsplit(url)
        if split.netloc or url in seen:
            continue  # only the app's own files
        seen.add(url)
        resp = http_request(port, "GET", url, {"Accept-Encoding": "gzip", "Cookie": cookie_header(jar)})
        assets.append((url, resp))
        parts.append(
            {
                "url": url,
                "status": resp.status,
                "raw_bytes": len(resp.body),
                "gzip_bytes": compressed_size(resp),
                "server_compressed": bool(resp.header("Content-Encoding")),
                "cache_control": resp.header("Cache-Control"),
                "etag": bool(resp.header("ETag")),
                "last_modified": bool(resp.header("Last-Modified")),
            }
        )
    # re-visit
    revisit = 0
    html_again, html_status = revisit_cost(port, line.path, html, jar)
    parts[0]["revisit_bytes"], parts[0]["revisit_status"] = html_again, html_status
    revisit += html_again
    for (url, resp), part in zip(assets, parts[1:], strict=True):
        if long_cached(url, resp):
            part["revisit_bytes"], part["revisit_status"] = 0, "cached"
        else:
            part["revisit_bytes"], part["revisit_status"] = revisit_cost(port, url, resp, jar)
        revisit += part["revisit_bytes"]
    return {
        "weight_first_bytes": sum(p["gzip_bytes"] for p in parts),
        "weight_first_raw_bytes": sum(p["raw_bytes"] for p in parts),
        "weight_revisit_bytes": revisit,
        "weight_parts": parts,
    }


# --- subprocesses with a JSON answer (bench/generate.py, bench/sqlcount.py) ----------------------------


def run_json(argv: list[str], env: dict, timeout: int, prefix: tuple = ()) -> dict:
    """Run a helper in a fresh interpreter (the app's code as it is on disk now, this run's environment),
    echo what it prints, and return the JSON of its "BENCH_JSON " line."""
    proc = subprocess.run(  # noqa: S603 (fixed argv)
        [*prefix, sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line[len("BENCH_JSON ") :])
        elif line.strip():
            log(line)
    if proc.returncode != 0 or result is None:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr.strip()[-2000:]}")
    return result


def count_queries(env: dict, samples: list[tuple[str, Line, Line]], sql_dir: Path) -> dict[str, dict]:
    """samples: (page, warm-up request, counted request)."""

    def as_json(line: Line) -> dict:
        headers = line.all_headers()
        return {
            "method": line.method,
            "path": line.path,
            "cookies": line.cookies,
            "body": line.body,
            "content_type": headers.pop("Content-Type", ""),
            "headers": {k: v for k, v in headers.items() if k != "Cookie"},
        }

    requests = [{"name": name, "warm": as_json(warm), **as_json(line)} for name, warm, line in samples]
    req_file = OUT / "work" / sql_dir.name / "sqlcount-requests.json"
    req_file.parent.mkdir(parents=True, exist_ok=True)
    req_file.write_text(json.dumps(requests))
    try:
        return run_json([str(BENCH / "sqlcount.py"), str(req_file), str(sql_dir)], env, timeout=300)
    except (RuntimeError, subprocess.TimeoutExpired) as error:  # a report, not a test: say it and go on
        log(f"  SQL counting failed: {error}")
        return {}


# --- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def rss_mb(self) -> dict:
        workers = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            m = re.search(r"VmRSS:\s+(\d+) kB", status)
            if m:
                workers[pid] = round(int(m.group(1)) / 1024, 1)
        return {"workers_mb": list(workers.values()), "max_mb": max(workers.values(), default=None)}

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of master and workers
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own process group, made by us
            self.proc.wait(timeout=5)


WORKERS = 2
GUNICORN_ARGS = ["--workers", str(WORKERS), "--worker-class", "sync"]


def start_gunicorn(name: str, app: str, chdir: Path, env: dict, pin: bool) -> Server:
    port = free_port()
    log_path = OUT / f"gunicorn-{name}.log"
    cmd = [str(VENV_BIN / "gunicorn"), *GUNICORN_ARGS, "--bind", f"127.0.0.1:{port}", "--chdir", str(chdir), app]
    if pin:
        cmd = ["taskset", "-c", str(SERVER_CORE), *cmd]
    with open(log_path, "wb") as logf:
        proc = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603 (fixed argv)
    server = Server(name, port, proc, log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn {name} exited with {proc.returncode}; see {log_path}")
        try:
            if http_request(port, "GET", "/").status < 500 and len(server.worker_pids()) >= 2:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn {name} did not answer within {SERVER_START_TIMEOUT}s; see {log_path}")


# --- wrk ------------------------------------------------------------------------------------------


def run_wrk(port: int, requests_file: Path, target: Target, duration: int, pin: bool) -> dict:
    cmd = [
        "wrk",
        "-t1",
        f"-c{target.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH / "wrk.lua"),
        f"http://127.0.0.1:{port}/",
        "--",
        str(requests_file),
        str(target.expect),
        "once" if target.once else "",
    ]
    if pin:
        cmd = ["taskset", "-c", str(LOAD_CORE), *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)  # noqa: S603 (fixed argv)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            r = json.loads(line[len("BENCH_JSON ") :])
            secs = r["duration_us"] / 1e6
            r["rps"] = r["requests"] / secs if secs else 0.0
            r["errors"] = sum(
                r[k] for k in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout")
            )
            # Requests still queued when wrk stops are served after it: one more request, answered only once
            # they are, keeps them out of the next target's figures.
            http_request(port, "GET", target.probe)
            return r
    raise RuntimeError(f"wrk gave no result (exit {proc.returncode}): {proc.stderr.strip()[:500]}")


def run_paced(port: int, _requests_file: Path, target: Target, duration: int, pin: bool) -> dict:
    """`connections` people, each sending a request, waiting for the answer, then 0.5 to 1.5 x think_ms.
    A `once` page: each person sends one request (a line of its own), at a moment spread over think_ms.

    Not wrk: wrk opens the next connection as soon as an answer arrives and sends on it only after the
    wait, and a sync gunicorn worker blocks on such an idle connection (behind nginx, as deployed, it
    would never see one). Here each request opens its connection when it is sent, as a proxy that
    buffers whole requests does. Latency: connect to the last byte of the answer. Same keys as run_wrk."""
    import random
    import threading

    think = target.page.think_ms / 1000
    lines, lock = target.lines or [], threading.Lock()
    latencies: list[float] = []
    counts = {"next": 0, "unexpected": 0, "last_unexpected": 0, "errors": 0}
    stop_at = time.monotonic() + duration

    def person(seed: int) -> None:
        rng = random.Random(seed)
        time.sleep(rng.uniform(0, think))  # arrive spread out, as a class does
        while time.monotonic() < stop_at:
            with lock:
                if target.once and counts["next"] >= len(lines):
                    return
                line = lines[counts["next"] % len(lines)]
                counts["next"] += 1
            started = time.perf_counter()
            try:
                status = send_line(port, line).status
            except OSError:
                with lock:
                    counts["errors"] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                if status != target.expect:
                    counts["unexpected"] += 1
                    counts["last_unexpected"] = status
            if target.once:
                return
            time.sleep(rng.uniform(think / 2, think * 3 / 2))

    mask = os.sched_getaffinity(0)
    if pin:  # the threads run on the load generator's core, as wrk does
        os.sched_setaffinity(0, {LOAD_CORE})
    started = time.monotonic()
    try:
        count = min(target.connections, len(lines)) if target.once else target.connections
        people = [threading.Thread(target=person, args=(n,)) for n in range(count)]
        for t in people:
            t.start()
        for t in people:
            t.join()
    finally:
        os.sched_setaffinity(0, mask)
    secs = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] * 1e6

    return {
        "requests": len(latencies),
        "duration_us": secs * 1e6,
        "bytes": 0,
        "errors_connect": counts["errors"],
        "errors_read": 0,
        "errors_write": 0,
        "errors_status": 0,
        "errors_timeout": 0,
        "unexpected_status": counts["unexpected"],
        "last_unexpected_status": counts["last_unexpected"],
        "latency_mean_us": statistics.fmean(ordered) * 1e6,
        "latency_max_us": ordered[-1] * 1e6,
        "p50_us": pct(50),
        "p90_us": pct(90),
        "p95_us": pct(95),
        "p99_us": pct(99),
        "rps": len(latencies) / secs if secs else 0.0,
        "errors": counts["errors"],
    }


# --- databases ------------------------------------------------------------------------------------


ALL_CORES = ("taskset", "-c", f"0-{(os.cpu_count() or 1) - 1}")  # builds run before any measurement


def flask_cli(args: list[str], env: dict) -> str:
    proc = subprocess.run(  # noqa: S603 (fixed argv)
        [*ALL_CORES, str(VENV_BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def pg_admin(sql: str, database: str = PG_BENCH_DB) -> None:
    import psycopg

    url = PG_ADMIN_URL if database == "postgres" else PG_BENCH_URL.replace("+psycopg", "")
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def fresh_postgresql_database() -> None:
    """Database `bench` on the shared server, created if missing, its `public` schema emptied (older runs
    used it). Never `test`. Each scale then gets its own schema in it (fresh_schema)."""
    import psycopg

    assert PG_BENCH_DB not in ("test", "postgres", "root")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_BENCH_DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    pg_admin("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")


def database_url(kind: str, scale: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{OUT / ('bench.sqlite3' if scale == 'default' else f'bench-{scale}.sqlite3')}"
    return f"{PG_BENCH_URL}?options=-csearch_path%3Dbench_{scale}"


def build_database(kind: str, scale: str, base_env: dict) -> tuple[str, dict]:
    """A fresh database: migrations, the demo seed, then bench/generate.py (curriculum and data)."""
    started = time.monotonic()
    url = database_url(kind, scale)
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    else:
        pg_admin(f"DROP SCHEMA IF EXISTS bench_{scale} CASCADE; CREATE SCHEMA bench_{scale}")
    env = {**base_env, "DATABASE_URL": url}
    env.pop("LMS_ENV", None)  # seed-demo refuses production; the data is the same
    flask_cli(["db", "upgrade"], env)
    flask_cli(["lms", "seed-demo"], env)  # before the curriculum: its activity comes from the generator
    generate_argv = [str(BENCH / "generate.py"), "--scale", scale, "--database-url", url]
    counts = run_json(generate_argv, env, timeout=3600, prefix=ALL_CORES)
    log(f"  {scale} on {kind}: database built in {time.monotonic() - started:.0f}s: {counts}")
    return url, counts


# --- figures --------------------------------------------------------------------------------------


def summarise(values: list[float]) -> dict:
    if not values:
        return {"median": None, "min": None, "max": None}
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def page_figures(rounds: list[dict], ceilings: list[dict]) -> dict:
    ratios = [r["rps"] / c["rps"] for r, c in zip(rounds, ceilings, strict=True) if c["rps"]]
    rps = [r["rps"] for r in rounds]
    out = {}
    for key, values in (("ratio", ratios), ("rps", rps)):
        s = summarise(values)
        out[f"{key}_median"], out[f"{key}_min"], out[f"{key}_max"] = s["median"], s["min"], s["max"]
        out[f"{key}_rounds"] = values
    for p in ("p50", "p95", "p99"):
        vals = [r[f"{p}_us"] / 1000 for r in rounds]
        out[f"{p}_ms"] = statistics.median(vals) if vals else None
        out[f"{p}_ms_max"] = max(vals) if vals else None
    out["requests"] = sum(r["requests"] for r in rounds)
    out["errors"] = sum(r["errors"] for r in rounds)
    for k in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout", "unexpected_status"):
        out[k] = sum(r[k] for r in rounds)
    out["last_unexpected_status"] = next(
        (r["last_unexpected_status"] for r in rounds if r["last_unexpected_status"]), None
    )
    if rounds and "measured" in rounds[0]:
        # Work done per request answered (the requests wrk left unanswered at the end count as work too).
        out["measured_path_share"] = min(1.0, sum(r["measured"] for r in rounds) / max(1, out["requests"]))
    if out["rps_median"]:
        out["core_ms"] = 1000 / out["rps_median"]  # the server's one core per request, the workers together
    return out


def log_counts(path: Path) -> dict:
    """What the app's gunicorn log says went wrong (the log holds only this server's run)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}
    return {"database_is_locked": text.count("database is locked"), "tracebacks": text.count("Traceback")}


# --- one run: a database at a scale, its pages ---------------------------------------------------------


@dataclass
class Target:
    name: str
    port: int
    file: Path
    expect: int
    connections: int
    once: bool = False
    page: pages_module.Page | None = None
    probe: str = "/healthz"  # a cheap page of this server
    duration: int = 0  # seconds per round, if longer than --duration
    lines: list | None = None  # the requests (for paced pages, sent by run_paced)


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


def check_page(page, entry: dict, sessions: dict, db: Db, port: int, work: Path, args) -> tuple | None:
    """The page's requests, a check that it answers as declared, page weight and the response time alone.
    Returns (Target, reset, lines), or None when the page cannot be measured (said in `entry["check"]`)."""
    owners = sessions.get(page.user, [])

    reqs = work / f"{page.name}.tsv"

    def reset():
        if page.before_run:
            page.before_run(db, owners)
        if page.revisit and reqs.exists():  # the lesson's ETag changes every hour: a first visit just before
            for line in lines:
                set_validators(port, line)
            reqs.write_text("\n".join(line.tsv() for line in lines) + "\n")

    lines = build_lines(page, sessions, db, port)
    if not lines:
        entry["check"] = "no request: no session of this kind, or no parameter values"
        log(f"  {page.name}: skipped ({entry['check']})")
        return None
    reset()
    first = send_line(port, lines[0])
    entry["check_status"] = first.status
    if first.status != page.expect:
        entry["check"] = f"got {first.status}, expected {page.expect}"
        log(f"  {page.name}: skipped ({entry['check']}, {lines[0].method} {lines[0].path})")
        return None
    entry["check"] = "ok"
    entry["distinct_requests"] = len(lines)
    reqs.write_text("\n".join(line.tsv() for line in lines) + "\n")
    if page.weight and page.method == "GET":
        try:
            entry.update(page_weight(port, lines[0]))
        except Exception as error:
            entry["weight_error"] = repr(error)
    reset()
    count = 5 if args.quick and page.load else 20
    entry.update(latency_alone(port, lines, count, 10 if page.load else 30))
    if not page.load:
        return None  # a response-time page: no wrk rounds
    # Under load a request waits about `connections` times its response time (one core): a slow page's round
    # lasts two such waits, up to 2 x --duration, or it would count too few answers.
    connections = entry["connections"]
    duration = min(2 * args.duration, math.ceil(2 * entry["alone_p50_ms"] / 1000 * connections))
    if page.think_ms and page.once:  # everyone has sent within think_ms; the round ends when all are answered
        duration = math.ceil(page.think_ms / 1000 + 2 * entry["alone_p50_ms"] / 1000 * connections)
    elif page.think_ms:  # each connection asks about once per think time: a round needs a few of those
        duration = max(duration, 2 * args.duration, math.ceil(4 * page.think_ms / 1000))
    entry["round_s"] = max(args.duration, duration)
    target = Target(page.name, port, reqs, page.expect, connections, page.once, page, duration=duration, lines=lines)
    return target, reset, lines


def bench_run(
    kind: str, scale: str, args, base_env: dict, hello: Server, pages: list, built, deadline, companion=None
) -> dict:
    url, counts = built.result()  # the database, built before any measurement
    log(f"\n== {scale} on {kind} ==")
    env = {**base_env, "DATABASE_URL": url}
    result: dict = {"database_url": url, "scale": scale, "data": counts, "pages": {}}
    tag = kind if scale == "default" else f"{kind}-{scale}"
    work = OUT / "work" / tag
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(OUT / "sql" / tag, ignore_errors=True)
    work.mkdir(parents=True)
    app = start_gunicorn(f"app-{tag}", "wsgi:app", ROOT, env, args.pin)
    db = Db(url)
    try:
        result["server"] = {
            "port": app.port,
            "gunicorn": GUNICORN_ARGS,
            "pinned_core": SERVER_CORE if args.pin else None,
            "log": str(app.log_path),
        }
        needed = {p.user for p in pages if p.user != pages_module.ANONYMOUS}
        sessions = log_in_sessions(app.port, db, needed, args.quick, deadline)
        result["sessions"] = {k: len(v) for k, v in sessions.items()}
        prepare_sessions(app.port, pages, sessions)

        runnable, checked = [], []
        for page in pages:
            entry = result["pages"][page.name] = {
                "path": page.path,
                "user": page.user,
                "method": page.method,
                "expect": page.expect,
                "connections": (page.connections or args.connections) if page.load else 1,
                "load": page.load,
                "note": page.note,
            }
            target = check_page(page, entry, sessions, db, app.port, work, args)
            if target:
                runnable.append(target)
            if entry["check"] == "ok":
                checked.append((page, target[2] if target else build_lines(page, sessions, db, app.port)[:2]))

        # SQL queries per page, in-process with the same database (not under load). A page whose request
        # changes what it acts on warms up with another request, so that the counted one does the work, and
        # takes requests no other page took (quiz_submit and quiz_submit_paced submit the same attempts).
        for _t, reset, _l in runnable:
            reset()
        taken: set[tuple[str, str]] = set()
        samples = []
        for p, lines in checked:
            if p.before_run:
                fresh = [line for line in lines if (line.path, line.body) not in taken] or lines
                lines = fresh[1:2] + fresh[:1]  # the warm-up, then the counted request
                taken.update((line.path, line.body) for line in lines)
            samples.append((p.name, lines[0], lines[-1]))
        for name, figures in count_queries({**env, "LMS_ENV": "production"}, samples, OUT / "sql" / tag).items():
            entry = result["pages"][name]
            entry.update(figures)
            if figures["sql_status"] != entry["expect"]:
                entry["sql_check"] = f"in-process request got {figures['sql_status']}, expected {entry['expect']}"
                log(f"  {name}: {entry['sql_check']}: its SQL count is not the page's")

        if companion and any(p.name == "lesson" for p in pages):
            runnable += companion.start(next(p for p in pages if p.name == "lesson"), result, work, args, deadline)
        if not runnable:
            return result
        ceiling_file = work / "_ceiling.tsv"
        ceiling_file.write_text("GET\t/\t\t\n")
        ceiling = Target("_ceiling", hello.port, ceiling_file, 200, args.connections, probe="/")
        targets = [(ceiling, lambda: None)] + [(t, reset) for t, reset, _l in runnable]
        runs = load_rounds(targets, db, sessions, args, deadline)
        result["rounds"] = len(runs["_ceiling"])

        ceilings = runs.pop("_ceiling")
        result["ceiling"] = page_figures(ceilings, ceilings)
        saturated = {t.name for t, _r, _l in runnable if not t.once and not (t.page and t.page.think_ms)}
        for name, rounds in runs.items():
            result["pages"][name].update(page_figures(rounds, ceilings))
            if name not in saturated:  # paced or once: the server idles between requests, 1/rps is not its work
                result["pages"][name]["core_ms"] = None
            result["pages"][name]["rounds_raw"] = [
                {k: r[k] for k in ("rps", "requests", "p50_us", "p95_us", "p99_us", "measured") if k in r}
                for r in rounds
            ]
    finally:
        result["worker_rss"] = {"app": app.rss_mb(), "hello": hello.rss_mb()}
        db.close()
        app.stop()
        result["log"] = log_counts(app.log_path)
        if companion:
            companion.stop()
    return result


class Companion:
    """A second app server on the small (default) PostgreSQL data, so that the lesson page at 100,000
    participants is measured against the same page on a small database in the same rounds (issue 8: at
    least 0.8x). Same settings, same core; only one of them is loaded at a time."""

    def __init__(self, url: str, base_env: dict, pin: bool):
        self.url, self.env, self.pin = url, {**base_env, "DATABASE_URL": url}, pin
        self.server: Server | None = None
        self.db: Db | None = None

    def start(self, page, result: dict, work: Path, args, deadline: float) -> list:
        self.server = start_gunicorn("app-postgresql-default-companion", "wsgi:app", ROOT, self.env, self.pin)
        self.db = Db(self.url)
        sessions = log_in_sessions(self.server.port, self.db, {page.user}, args.quick, deadline)
        small = dataclasses.replace(page, name="lesson_default_db", note="the same, on the default scale's data")
        entry = result["pages"][small.name] = {"path": small.path, "user": small.user, "method": "GET"}
        entry.update(expect=200, connections=args.connections, load=True, note=small.note)
        checked = check_page(small, entry, sessions, self.db, self.server.port, work, args)
        return [checked] if checked else []

    def stop(self) -> None:
        if self.server:
            self.server.stop()
        if self.db:
            self.db.close()


def load_rounds(targets: list, db: Db, sessions: dict, args, deadline: float) -> dict[str, list[dict]]:
    """A warm-up, then interleaved rounds: every target once per round. Each target's wrk results per round."""

    def measure(target: Target, reset, duration: int) -> dict:
        reset()
        run = run_paced if target.page and target.page.think_ms else run_wrk
        r = run(target.port, target.file, target, max(duration, target.duration), args.pin)
        if target.page and target.page.measured_path:
            r["measured"] = target.page.measured_path(db, sessions.get(target.page.user, []))
        return r

    if args.warmup:
        log(f"  warm-up: {len(targets)} targets x {args.warmup}s")
        for target, reset in targets:
            measure(target, reset, args.warmup)
    runs: dict[str, list[dict]] = {t.name: [] for t, _r in targets}
    for r in range(args.rounds):
        if time.monotonic() + sum(max(args.duration, t.duration) + 2 for t, _r in targets) > deadline:
            log("  stopping early: --max-minutes reached")
            break
        for target, reset in targets:
            runs[target.name].append(measure(target, reset, args.duration))
        line = "  ".join(f"{t.name}={runs[t.name][-1]['rps']:.0f}" for t, _r in targets)
        log(f"  round {r + 1}/{args.rounds} req/s: {line}")
    return runs


# --- report ---------------------------------------------------------------------------------------


def fmt(v, spec=".2f", none="-"):
    return none if v is None else format(v, spec)


def print_table(title: str, r: dict) -> None:
    c = r.get("ceiling", {})
    print(
        f"\n{title}: {r['data'].get('participants'):,} participants, {r['data'].get('graded_attempts'):,} graded "
        f"attempts, {r.get('rounds', 0)} rounds; ceiling (hello world) {fmt(c.get('rps_median'), '.0f')} req/s "
        f"({fmt(c.get('rps_min'), '.0f')}-{fmt(c.get('rps_max'), '.0f')}), p50 {fmt(c.get('p50_ms'), '.1f')} ms"
    )
    head = (
        f"{'page':<24} {'ratio':>5} {'(min-max)':>11} {'req/s':>6} {'c':>3} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'alone':>6} {'err':>4} {'first KB':>8} {'revisit B':>9} {'SQL':>4}"
    )
    print(head)
    print("-" * len(head))
    for name, p in r["pages"].items():
        if p.get("check") != "ok":
            print(f"{name:<24} not measured: {p.get('check')}")
            continue
        spread_ = f"({fmt(p.get('ratio_min'))}-{fmt(p.get('ratio_max'))})"
        err = p.get("errors", 0) + p.get("unexpected_status", 0) - p.get("errors_status", 0)
        # "~": requests waited more than half a round, so the percentiles miss the longest waits.
        short = "~" if p.get("p50_ms") and p["p50_ms"] / 1000 > p.get("round_s", 1e9) / 2 else ""
        print(
            f"{name:<24} {fmt(p.get('ratio_median'), '.3f'):>5} {spread_:>11} {fmt(p.get('rps_median'), '.0f'):>6} "
            f"{p['connections']:>3} {fmt(p.get('p50_ms'), '.0f') + short:>6} {fmt(p.get('p95_ms'), '.0f'):>6} "
            f"{fmt(p.get('p99_ms'), '.0f'):>6} {fmt(p.get('alone_p50_ms'), '.0f'):>6} {err:>4} "
            f"{fmt(p['weight_first_bytes'] / 1024 if 'weight_first_bytes' in p else None, '.1f'):>8} "
            f"{fmt(p.get('weight_revisit_bytes'), 'd'):>9} {fmt(p.get('sql_queries'), 'd'):>4}"
        )
    rss = r.get("worker_rss", {})
    print(
        f"worker RSS after the run: app {rss.get('app', {}).get('workers_mb')} MB, "
        f"hello {rss.get('hello', {}).get('workers_mb')} MB; gunicorn log: {r.get('log')}"
    )


def _page(results: dict, scale: str, kind: str, name: str, loaded: bool = True) -> dict:
    """The page's figures if it was measured (with `loaded`, under load), else {}."""
    run = results["databases"].get(kind) if scale == "default" else results["scales"].get(scale, {}).get(kind)
    page = (run or {}).get("pages", {}).get(name, {})
    return page if page.get("check") == "ok" and (page.get("rps_rounds") or not loaded) else {}


def key_figures(results: dict) -> dict:
    """The figures issues 7 and 8 name, gathered from the runs (the harness reports; it does not judge)."""
    out: dict = {}
    for kind in ("sqlite", "postgresql"):
        run = results["databases"].get(kind)
        if not run or "pages" not in run:
            continue
        f: dict = {}
        lesson = _page(results, "default", kind, "lesson")
        if lesson:
            f["lesson_ratio"] = [lesson["ratio_median"], lesson["ratio_min"], lesson["ratio_max"]]
        for name in ("quiz_save", "quiz_save_paced", "quiz_submit", "quiz_submit_paced"):
            p = _page(results, "default", kind, name)
            if p:
                f[name] = {k: p.get(k) for k in ("connections", "p50_ms", "p95_ms", "p99_ms", "core_ms")}
                f[name].update(errors=p["errors"] + p["unexpected_status"], measured_share=p.get("measured_path_share"))
        small, big = (_page(results, "default", kind, n) for n in ("dashboard_angkatan", "dashboard_angkatan_400"))
        if small and big:
            shares = [b / a for a, b in zip(small["rps_rounds"], big["rps_rounds"], strict=True) if a]
            f["angkatan_400_vs_40"] = [statistics.median(shares), min(shares), max(shares)]
        measured = [p for p in run["pages"].values() if p.get("check") == "ok"]
        weights = {n: p for n, p in run["pages"].items() if "weight_first_bytes" in p}
        if weights:
            heavy = max(weights, key=lambda n: weights[n]["weight_first_bytes"])
            f["heaviest_first_visit"] = [heavy, weights[heavy]["weight_first_bytes"]]
            heavy = max(weights, key=lambda n: weights[n]["weight_revisit_bytes"])
            f["heaviest_revisit"] = [heavy, weights[heavy]["weight_revisit_bytes"]]
        f["errors"] = sum(p.get("errors", 0) + p.get("unexpected_status", 0) for p in measured)
        f["database_is_locked"] = run.get("log", {}).get("database_is_locked")
        f["worker_rss_max_mb"] = run.get("worker_rss", {}).get("app", {}).get("max_mb")
        out[kind] = f
    for scale, kind, name in (
        ("instansi10k", "sqlite", "dashboard_overview_10k"),
        ("instansi10k", "postgresql", "dashboard_overview_10k"),
        ("national100k", "postgresql", "dashboard_overview_admin"),
    ):
        p = _page(results, scale, kind, name, loaded=False)
        if p:
            figures = ("alone_p50_ms", "alone_p95_ms", "alone_requests", "sql_queries", "weight_first_bytes")
            out.setdefault(kind, {})[f"{name}_{scale}"] = {k: p.get(k) for k in figures}
            rss = results["scales"][scale][kind].get("worker_rss", {}).get("app", {}).get("max_mb")
            out[kind][f"{name}_{scale}"]["worker_rss_max_mb"] = rss
    big, small = (_page(results, "national100k", "postgresql", n) for n in ("lesson", "lesson_default_db"))
    if big and small:  # the same rounds: two servers on the same core, one on each database
        shares = [b / a for a, b in zip(small["rps_rounds"], big["rps_rounds"], strict=True) if a]
        out.setdefault("postgresql", {})["lesson_100k_vs_small"] = [statistics.median(shares), min(shares), max(shares)]
    return out


def print_key_figures(figures: dict) -> None:
    print("\nThe figures of issues 7 and 8 (targets in brackets; the harness does not judge):")
    for kind, f in figures.items():
        print(f"  {kind}:")
        if "lesson_ratio" in f:
            print("    lesson / ceiling            {:.3f} ({:.3f}-{:.3f})   [>= 0.4]".format(*f["lesson_ratio"]))
        for name, target in (
            ("quiz_save", 50),
            ("quiz_save_paced", 50),
            ("quiz_submit", 100),
            ("quiz_submit_paced", 100),
        ):
            if name in f:
                q = f[name]
                share = fmt(q["measured_share"] * 100 if q["measured_share"] is not None else None, ".0f")
                print(
                    f"    {name:<12} c={q['connections']} p50 {fmt(q['p50_ms'], '.0f')} p95 {fmt(q['p95_ms'], '.0f')} "
                    f"p99 {fmt(q['p99_ms'], '.0f')} ms, {q['errors']} errors, {fmt(q['core_ms'], '.1f')} ms of "
                    f"the core each, {share}% of requests on the measured path   [p95 < {target} ms]"
                )
        if "angkatan_400_vs_40" in f:
            print(
                "    angkatan page 400 vs 40     {:.2f} ({:.2f}-{:.2f}) of the throughput   [>= 0.5]".format(
                    *f["angkatan_400_vs_40"]
                )
            )
        for key, label, target in (
            ("dashboard_overview_10k_instansi10k", "overview, 10k instansi", "<= 300 ms"),
            ("dashboard_overview_admin_national100k", "admin overview, 100k", "<= 1000 ms"),
        ):
            if key in f:
                o = f[key]
                print(
                    f"    {label:<27} p50 {fmt(o['alone_p50_ms'], '.0f')} p95 {fmt(o['alone_p95_ms'], '.0f')} ms "
                    f"(one at a time, {o['alone_requests']} requests), {o['sql_queries']} SQL, "
                    f"{fmt(o['weight_first_bytes'] / 1024 if o['weight_first_bytes'] else None, '.0f')} KB, "
                    f"worker RSS {o['worker_rss_max_mb']} MB   [{target}]"
                )
        if "lesson_100k_vs_small" in f:
            share = "{:.2f} ({:.2f}-{:.2f})".format(*f["lesson_100k_vs_small"])
            print(f"    lesson at 100k vs default   {share} of the throughput, same rounds   [>= 0.8]")
        if "heaviest_first_visit" in f:
            path, size = f["heaviest_first_visit"]
            path2, size2 = f["heaviest_revisit"]
            print(f"    heaviest first visit        {size / 1024:.1f} KB ({path})   [<= 30 KB]")
            print(f"    heaviest re-visit           {size2} B ({path2})   [<= 5 KB]")
        if "errors" in f:
            print(
                f"    errors {f['errors']}, 'database is locked' {f['database_is_locked']}, "
                f"worker RSS max {f['worker_rss_max_mb']} MB   [0, 0, < 100 MB]"
            )


def machine_info() -> dict:
    info = {
        "hostname": platform.node(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_before": os.getloadavg(),
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        m = re.search(r"model name\s*:\s*(.+)", cpu)
        info["cpu_model"] = m.group(1).strip() if m else None
        mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        info["memory_gb"] = round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None
    except OSError:
        pass
    for name, cmd in (("wrk", ["wrk", "--version"]), ("gunicorn", [str(VENV_BIN / "gunicorn"), "--version"])):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)  # noqa: S603 (fixed argv)
            info[name] = (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            info[name] = None
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=5) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:
        info["postgresql"] = None
    return info


# The runs, in order: (scale, database). A page runs where its `scales` and `databases` say.
RUNS = [
    ("default", "sqlite"),
    ("default", "postgresql"),
    ("instansi10k", "sqlite"),
    ("instansi10k", "postgresql"),
    ("national100k", "postgresql"),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark Latsar LMS pages against a hello-world ceiling.")
    parser.add_argument("--quick", action="store_true", help="short run: 2 s rounds, fewer sessions, default scale")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--scales", help=f"comma-separated data scales (default: all of {', '.join(generate.SCALES)}; --quick: default)"
    )
    parser.add_argument("--pages", help="comma-separated page names (default: all of bench/pages.py)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5, the least for a median; --quick 3)")
    parser.add_argument("--duration", type=int, help="seconds per page per round (default 2, --quick 1)")
    parser.add_argument("--warmup", type=int, default=0, help="seconds of wrk warm-up per target (default none)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (pages may set their own)")
    parser.add_argument("--max-minutes", type=float, default=45, help="stop starting rounds after this")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin with taskset")
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    args.duration = args.duration or (1 if args.quick else 2)
    args.rounds = max(1, min(args.rounds or (3 if args.quick else 5), 50))
    deadline = time.monotonic() + args.max_minutes * 60
    scales = (args.scales or ("default" if args.quick else ",".join(generate.SCALES))).split(",")
    if set(scales) - set(generate.SCALES):
        parser.error(f"unknown scales: {', '.join(sorted(set(scales) - set(generate.SCALES)))}")

    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk (make bench does it)", file=sys.stderr)
        return 2
    if args.pin and ((os.cpu_count() or 1) < 2 or not shutil.which("taskset")):
        log("fewer than 2 cores or no taskset: not pinning")
        args.pin = False
    if args.pin:
        os.sched_setaffinity(0, {LOAD_CORE})  # this script's own work stays off the server's core

    selected = pages_module.PAGES
    if args.pages:
        wanted = set(args.pages.split(","))
        unknown = wanted - {p.name for p in selected}
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
        selected = [p for p in selected if p.name in wanted]
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    plan = [
        (scale, kind, [p for p in selected if scale in p.scales and kind in p.databases])
        for scale, kind in RUNS
        if scale in scales and kind in kinds
    ]
    plan = [(scale, kind, pages) for scale, kind, pages in plan if pages]

    OUT.mkdir(exist_ok=True)
    base_env = {
        **os.environ,
        "LMS_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    base_env.pop("FLASK_DEBUG", None)
    results = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {
            "quick": args.quick,
            "scales": {s: generate.SCALES[s].__dict__ for s in scales},
            "runs": [f"{scale}/{kind}: {', '.join(p.name for p in pages)}" for scale, kind, pages in plan],
            "rounds": args.rounds,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": 1,
            "gunicorn": GUNICORN_ARGS,
            "pinned": {"server_core": SERVER_CORE, "load_core": LOAD_CORE} if args.pin else None,
            "gzip_level": GZIP_LEVEL,
        },
        "databases": {},  # the default scale, every page
        "scales": {},  # the other scales: scale -> database -> the same shape
    }
    started = time.monotonic()
    if any(kind == "postgresql" for _s, kind, _p in plan):
        fresh_postgresql_database()
    # Every database first, side by side on both cores (nothing is measured meanwhile), then the runs.
    log(f"building {len(plan)} databases: " + ", ".join(f"{scale} on {kind}" for scale, kind, _p in plan))
    with ThreadPoolExecutor(max_workers=3) as pool:  # the biggest first: it takes longest
        builds = {(s, k): pool.submit(build_database, k, s, base_env) for s, k, _p in reversed(plan)}
        for build in as_completed(builds.values()):
            build.exception()  # wait for all; errors are reported by their run
    log(f"databases built in {time.monotonic() - started:.0f}s")
    hello = start_gunicorn("hello", "hello:app", BENCH, base_env, args.pin)
    try:
        for scale, kind, pages in plan:
            into = results["databases"] if scale == "default" else results["scales"].setdefault(scale, {})
            small = builds.get(("default", kind))
            companion = None
            if scale == "national100k" and small and not small.exception():
                companion = Companion(small.result()[0], base_env, args.pin)
            try:
                into[kind] = bench_run(
                    kind, scale, args, base_env, hello, pages, builds[scale, kind], deadline, companion
                )
            except Exception as error:
                log(f"  {scale} on {kind} failed: {error}")
                into[kind] = {"error": str(error)}
    finally:
        hello.stop()
    results["machine"]["loadavg_after"] = os.getloadavg()
    results["minutes"] = round((time.monotonic() - started) / 60, 1)
    results["figures"] = key_figures(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str))
    runs = [("default", kind, r) for kind, r in results["databases"].items()]
    runs += [(scale, kind, r) for scale, by_kind in results["scales"].items() for kind, r in by_kind.items()]
    for scale, kind, r in runs:
        if "error" in r:
            print(f"\n{scale} on {kind}: failed: {r['error'][-1500:]}")
        else:
            print_table(f"{scale} on {kind}", r)
    print(
        "\nratio = page req/s / hello-world req/s in the same round (median, min-max over rounds); c = wrk "
        "connections; latency ms = median of the rounds' wrk percentiles (~: waits longer than half a round, the "
        "percentiles undercount them); alone = p50 ms of requests sent one at a time; err = socket errors + "
        "unexpected statuses; first KB = HTML+CSS+JS compressed; revisit B = bytes on a re-visit."
    )
    print_key_figures(results["figures"])
    print(f"\n{results['minutes']} minutes. Results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
