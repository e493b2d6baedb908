"""One run: a database at a scale and its pages: sessions, the check of every page, its weight, SQL
statements and response time alone, then the load rounds against the ceiling."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import subprocess
from pathlib import Path

import pages as pages_module
from harness import BENCH, OUT, ROOT, SERVER_CORE, log, run_json
from pageweight import page_weight
from rounds import Target, latency_alone, load_rounds, page_figures
from servers import GUNICORN_ARGS, Server, log_counts, start_gunicorn
from sessions import Db, build_lines, log_in_sessions, prepare_sessions
from webclient import Line, send_line, set_validators


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
