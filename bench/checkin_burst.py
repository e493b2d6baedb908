"""The check-in burst (issue 16): participants entering the code their widyaiswara shows, on SQLite and PostgreSQL.

Per database: a fresh database (migrations, the demo seed, bench/generate_checkin.py: 10 angkatan of 40 in PJJ,
each with its widyaiswara and two sessions whose check-in windows are open now), the app under gunicorn as
bench/servers.py runs it, every participant and widyaiswara logged in through the real form and each participant's
check-in page opened once (its CSRF token and device cookie; none of this is counted). Then:
  (a) one angkatan: the widyaiswara opens a code, its 40 participants each POST it at a random moment within 60 s;
  (b) every angkatan: the 10 widyaiswara open codes of the next session, the 400 participants POST them within 1 s.
Each request is sent by a thread of its own at its moment (bench/burst_client.py), and the same schedule is then
sent to the hello-world app (the ceiling). Afterwards the database must hold exactly one check-in per participant
in the burst's session; the anomaly rules are run over what was recorded.

The app runs with LMS_TRUST_PROXY=1 and each participant sends X-Forwarded-For with an address of its own: what the
app sees behind the sample nginx (deploy/nginx-latsar.conf sets X-Forwarded-For to the visitor's address), where
400 participants come from many networks. The anomaly figures also say how many would be flagged had they all come
from one address (an internet room, or the app without its proxy): the rule is kept as it is.

`make bench` runs it after the pages (`--checkin-burst only` runs it alone); alone: python bench/checkin_burst.py.
It reports; it never fails on a slow figure. bench/README.md says how to read it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import psycopg  # noqa: E402
from burst_client import Shot, figures, fire, print_burst_table  # noqa: E402
from databases import ALL_CORES, flask_cli  # noqa: E402
from harness import LOAD_CORE, OUT, PG_BENCH_URL, ROOT, SERVER_CORE, log, run_json  # noqa: E402
from measure import count_queries  # noqa: E402
from servers import WORKERS, Server, log_counts, start_gunicorn  # noqa: E402
from sessions import Db, Session, login  # noqa: E402
from webclient import FORM, Line, cookie_header, http_request, scan_html, update_jar  # noqa: E402

from lms.attendance import anomalies  # noqa: E402

SCHEMA = "bench_checkin"
TEACHERS = "%@presensi.bench.test"  # bench/generate_checkin.py's widyaiswara
PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari"


@dataclass(frozen=True)
class BurstSize:
    angkatan: int = 10
    per_angkatan: int = 40
    paced_s: float = 60.0  # (a): each participant of one angkatan at a random moment within this
    at_once_s: float = 1.0  # (b): every participant of every angkatan within this


FULL = BurstSize()
TINY = BurstSize(angkatan=2, per_angkatan=5, paced_s=3.0, at_once_s=0.5)  # the test's


@dataclass
class Participant:
    user_id: int
    angkatan: int  # index in the plan
    session: Session
    address: str


@dataclass
class Cohort:
    angkatan_id: int
    teacher: tuple[int, str]  # (id, email)
    sessions: list[int]  # the ending one, the next one
    members: list[tuple[int, str]]  # (id, NIP)


# --- the database ------------------------------------------------------------------------------


def postgresql_url(base: str, schema: str = SCHEMA) -> str:
    """The app's URL for a schema of its own in the database of `base` (made empty first)."""
    base = base.split("?")[0].replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    return base.replace("postgresql://", "postgresql+psycopg://", 1) + f"?options=-csearch_path%3D{schema}"


def build(kind: str, size: BurstSize, base_env: dict, work: Path, pg_url: str) -> tuple[str, dict]:
    started = time.monotonic()
    if kind == "sqlite":
        path = work / "checkin-burst.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = postgresql_url(pg_url)
    env = {**base_env, "DATABASE_URL": url}
    env.pop("LMS_ENV", None)  # seed-demo refuses production; the data is the same
    flask_cli(["db", "upgrade"], env)
    flask_cli(["lms", "seed-demo"], env)
    argv = [str(BENCH / "generate_checkin.py"), "--database-url", url]
    argv += ["--angkatan", str(size.angkatan), "--per-angkatan", str(size.per_angkatan)]
    counts = run_json(argv, env, timeout=600, prefix=ALL_CORES)
    log(f"  check-in burst on {kind}: database built in {time.monotonic() - started:.0f}s")
    return url, counts


def load_plan(db: Db, size: BurstSize) -> list[Cohort]:
    cohorts: dict[int, Cohort] = {}
    for angkatan_id, session_id, teacher_id, email in db.rows(
        "SELECT s.angkatan_id, s.id, u.id, u.email FROM training_sessions s JOIN users u ON u.id = s.widyaiswara_id "
        "WHERE u.email LIKE :teachers ORDER BY s.angkatan_id, s.starts_at",
        teachers=TEACHERS,
    ):
        cohorts.setdefault(angkatan_id, Cohort(angkatan_id, (teacher_id, email), [], [])).sessions.append(session_id)
    for c in cohorts.values():
        c.members = db.rows(
            "SELECT u.id, u.nip FROM enrolments e JOIN users u ON u.id = e.user_id "
            "WHERE e.angkatan_id = :a AND u.role = 'participant' ORDER BY u.id",
            a=c.angkatan_id,
        )[: size.per_angkatan]
    return list(cohorts.values())[: size.angkatan]


# --- before the burst: sessions and codes ------------------------------------------------------


def sign_in(port: int, cohorts: list[Cohort]) -> tuple[list[Session], list[Participant]]:
    """Every widyaiswara and participant logged in; each participant has opened the check-in page of the
    session of burst (b) once, as a phone does before its owner types: its CSRF token and device cookie.
    Two at a time (one a worker): the password hash is most of the work, and none of it is measured."""

    def teacher(c: Cohort) -> Session:
        s = login(port, "widyaiswara", c.teacher[0], c.teacher[1])
        if s is None:
            raise RuntimeError(f"widyaiswara {c.teacher[1]} could not log in")
        return s

    def participant(index: int, n: int, user_id: int, nip: str) -> Participant:
        s = login(port, "participant", user_id, nip)
        if s is None:
            raise RuntimeError(f"participant {nip} could not log in")
        page = http_request(
            port, "GET", f"/presensi/sesi/{cohorts[index].sessions[-1]}", {"Cookie": cookie_header(s.cookies)}
        )
        if page.status != 200:
            raise RuntimeError(f"participant {nip}: check-in page answered {page.status}")
        update_jar(s.cookies, page)
        s.csrf_token = scan_html(page.body).csrf or s.csrf_token
        return Participant(user_id, index, s, f"10.{16 + index}.{n // 200}.{n % 200 + 1}")

    todo = [(i, n, u, nip) for i, c in enumerate(cohorts) for n, (u, nip) in enumerate(c.members)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        teachers = list(pool.map(teacher, cohorts))
        people = list(pool.map(lambda args: participant(*args), todo))
    return teachers, people


def pin_server(server: Server) -> None:
    """The server on its core from now on (the logins before used both)."""
    for pid in [server.proc.pid, *server.worker_pids()]:
        os.sched_setaffinity(pid, {SERVER_CORE})


def open_code(port: int, db: Db, teacher: Session, session_id: int) -> str:
    """'Tampilkan kode' as the widyaiswara presses it; the code it opened, read from the database (the page
    shows the same one to the widyaiswara, who reads it out or projects it)."""
    body = urllib.parse.urlencode({"csrf_token": teacher.csrf_token}).encode()
    headers = {"Content-Type": FORM, "Cookie": cookie_header(teacher.cookies)}
    resp = http_request(port, "POST", f"/presensi/sesi/{session_id}/kode", headers, body)
    if resp.status != 302:
        raise RuntimeError(f"opening a code for session {session_id} answered {resp.status}")
    return db.column(
        "SELECT code FROM checkin_codes WHERE session_id = :s ORDER BY opened_at DESC, id DESC LIMIT 1", s=session_id
    )[0]


def checkin_line(p: Participant, session_id: int, code: str) -> Line:
    body = urllib.parse.urlencode({"csrf_token": p.session.csrf_token, "code": code})
    headers = {"X-Forwarded-For": p.address, "User-Agent": PHONE}
    return Line("POST", f"/presensi/sesi/{session_id}", dict(p.session.cookies), body, headers)


# --- after the burst: what the database holds --------------------------------------------------


def _utc(value) -> datetime:
    """SQLite gives text, PostgreSQL an aware datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def verify(db: Db, expected: set[tuple[int, int]]) -> dict:
    """Check-ins of the burst's sessions: exactly one per (participant, session) expected, nothing else."""
    sessions = sorted({s for _u, s in expected})
    rows = db.rows(
        "SELECT user_id, session_id, count(*) FROM checkins WHERE session_id IN :s GROUP BY user_id, session_id",
        s=sessions,
    )
    found = {(u, s): n for u, s, n in rows}
    refusals = db.column("SELECT count(*) FROM checkin_refusals WHERE session_id IN :s", s=sessions)[0]
    return {
        "expected": len(expected),
        "landed": sum(found.values()),
        "missing": len(expected - found.keys()),
        "duplicates": sum(1 for n in found.values() if n > 1),
        "extra": len(found.keys() - expected),
        "refusals": refusals,
    }


def flags(db: Db, sessions: list[int]) -> dict:
    """The app's anomaly rules (its default thresholds) over the check-ins recorded in the burst's sessions."""
    facts = [
        anomalies.CheckinFact(u, s, _utc(at), _utc(opened), ip, device)
        for u, s, at, opened, ip, device in db.rows(
            "SELECT c.user_id, c.session_id, c.at, k.opened_at, c.ip, c.device FROM checkins c "
            "JOIN checkin_codes k ON k.id = c.code_id WHERE c.session_id IN :s",
            s=sessions,
        )
    ]
    limits = dict(anomalies.DEFAULTS)
    found = anomalies.all_flags(facts, [], limits)
    one_address = anomalies.all_flags([replace(f, ip="127.0.0.1") for f in facts], [], limits)
    by_rule: dict[str, int] = {}
    for flagged in found.values():
        for f in flagged:
            by_rule[f.kind] = by_rule.get(f.kind, 0) + 1
    addresses = len({f.ip for f in facts})
    return {
        "participants_flagged": len(found),
        "by_rule": by_rule,
        "addresses": addresses,
        "if_one_address": len(one_address),
    }


# --- the two bursts ----------------------------------------------------------------------------


def burst(label: str, app: Server, hello: Server | None, db: Db, plan: list[tuple[Participant, int, str]],
          spread_s: float, rng: random.Random, pin: bool) -> dict:  # fmt: skip
    """plan: (participant, session id, code). Every one at its own random moment within spread_s."""
    offsets = [rng.uniform(0, spread_s) for _ in plan]
    shots = [Shot(o, checkin_line(p, sid, code), p.user_id) for (p, sid, code), o in zip(plan, offsets, strict=True)]
    log(f"  {label}: {len(shots)} check-ins within {spread_s:g} s")
    load_before = round(os.getloadavg()[0], 1)  # the machine may be shared: what else ran says how far to trust it
    result = {"label": label, **figures(shots, 200, fire(app.port, shots, pin))}
    result["loadavg_1min"] = [load_before, round(os.getloadavg()[0], 1)]
    result["records"] = verify(db, {(p.user_id, sid) for p, sid, _c in plan})
    result["flags"] = flags(db, sorted({sid for _p, sid, _c in plan}))
    if hello is not None:  # the same moments, to the hello world
        ceiling = [Shot(o, Line("GET", "/", {})) for o in offsets]
        result["ceiling"] = figures(ceiling, 200, fire(hello.port, ceiling, pin))
        if result["p95_ms"] and result["ceiling"]["p95_ms"]:
            result["p95_over_ceiling"] = result["p95_ms"] / result["ceiling"]["p95_ms"]
    log(
        f"  {label}: p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms, "
        f"errors {result['errors']} {result['statuses']}, records {result['records']}"
    )
    return result


def run_checkin_burst(kind: str, size: BurstSize, base_env: dict, hello: Server | None, pin: bool,
                      work: Path = OUT, pg_url: str = PG_BENCH_URL, seed: int = 2026) -> dict:  # fmt: skip
    """The whole scenario on one database; the figures (never an exception for a slow or failed figure)."""
    work.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(exist_ok=True)  # the gunicorn logs and SQL statements go there whatever `work` is
    url, counts = build(kind, size, base_env, work, pg_url)
    env = {**base_env, "DATABASE_URL": url, "LMS_TRUST_PROXY": "1"}  # behind nginx, as deployed
    result: dict = {"database_url": url, "size": size.__dict__, "data": counts}
    app = start_gunicorn(f"app-checkin-{kind}", "wsgi:app", ROOT, env, pin=False)
    db = Db(url)
    rng = random.Random(seed)
    try:
        cohorts = load_plan(db, size)
        started = time.monotonic()
        teachers, people = sign_in(app.port, cohorts)
        result["logins_s"] = time.monotonic() - started
        if pin:
            pin_server(app)
        result["server_cores"] = sorted(os.sched_getaffinity(app.proc.pid))
        result["participants"], result["angkatan"] = len(people), len(cohorts)
        log(f"  {len(people)} participants and {len(teachers)} widyaiswara logged in in {result['logins_s']:.0f} s")

        first = cohorts[0].sessions[0]
        code = open_code(app.port, db, teachers[0], first)
        plan = [(p, first, code) for p in people if p.angkatan == 0]
        result["one_angkatan"] = burst(
            f"{len(plan)} in {size.paced_s:g} s", app, hello, db, plan, size.paced_s, rng, pin
        )

        codes = [open_code(app.port, db, t, c.sessions[-1]) for t, c in zip(teachers, cohorts, strict=True)]
        plan = [(p, cohorts[p.angkatan].sessions[-1], codes[p.angkatan]) for p in people]
        result["all_angkatan"] = burst(
            f"{len(plan)} in {size.at_once_s:g} s", app, hello, db, plan, size.at_once_s, rng, pin
        )

        # Statements of one check-in, counted in-process (bench/sqlcount.py) on a session no burst used.
        if len(cohorts) > 1 and len(cohorts[1].members) > 1:
            spare = cohorts[1].sessions[0]
            code = open_code(app.port, db, teachers[1], spare)
            two = [p for p in people if p.angkatan == 1][:2]
            counted = count_queries(
                {**env, "LMS_ENV": "production"},
                [("checkin_post", checkin_line(two[0], spare, code), checkin_line(two[1], spare, code))],
                OUT / "sql" / f"checkin-{kind}",
            ).get("checkin_post", {})
            result["sql_queries"], result["sql_status"] = counted.get("sql_queries"), counted.get("sql_status")
    finally:
        result["worker_rss"] = app.rss_mb()
        db.close()
        app.stop()
        result["log"] = log_counts(app.log_path)
    return result


def run_all(kinds: list[str], size: BurstSize, base_env: dict, hello: Server | None, pin: bool, **options) -> dict:
    results = {}
    for kind in kinds:
        log(f"\n== check-in burst on {kind} ==")
        try:
            results[kind] = run_checkin_burst(kind, size, base_env, hello, pin, **options)
        except Exception as error:  # a report: say it, go on with the other database
            log(f"  check-in burst on {kind} failed: {error}")
            results[kind] = {"error": str(error)}
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The check-in burst alone (make bench runs it after the pages).")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default=PG_BENCH_URL, help=f"a PostgreSQL database (schema {SCHEMA} is remade)")
    parser.add_argument("--tiny", action="store_true", help="2 angkatan x 5, 3 s and 0.5 s (the test's size)")
    parser.add_argument("--no-ceiling", dest="ceiling", action="store_false", help="skip the hello-world runs")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin with taskset")
    parser.add_argument("--output", type=Path, default=OUT / "checkin-burst.json")
    args = parser.parse_args(argv)
    if args.pin and (os.cpu_count() or 1) < 2:
        args.pin = False
    if args.pin:
        os.sched_setaffinity(0, {LOAD_CORE})
    base_env = {**os.environ, "LMS_ENV": "production", "SECRET_KEY": secrets.token_hex(32)}
    base_env.pop("FLASK_DEBUG", None)
    OUT.mkdir(exist_ok=True)
    hello = start_gunicorn("hello", "hello:app", BENCH, base_env, args.pin) if args.ceiling else None
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    try:
        results = run_all(kinds, TINY if args.tiny else FULL, base_env, hello, args.pin, pg_url=args.pg_url)
    finally:
        if hello:
            hello.stop()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str))
    print_burst_table(results)
    print(f"Results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
