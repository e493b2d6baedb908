"""`make bench`: throughput, latency, page weight, SQL queries and worker memory of Latsar LMS pages.

Per database (SQLite, PostgreSQL): build a fresh database, start gunicorn with the production settings
pinned to core 0, log sessions in, then drive every page of bench/pages.py with wrk pinned to core 1,
in interleaved rounds with a hello-world Flask app under the same gunicorn settings (the ceiling).
Writes .bench/results.json and prints a table. It reports; it never fails on a slow figure.
This file is the command line and the plan of runs; the parts are databases.py, servers.py, sessions.py
(with webclient.py), measure.py (one run: checks, pageweight.py, SQL counts, rounds.py) and report.py.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import pages as pages_module  # noqa: E402
from burst_client import burst_figures, print_burst_table  # noqa: E402
from checkin_burst import FULL, run_all  # noqa: E402
from databases import build_database, fresh_postgresql_database  # noqa: E402
from harness import LOAD_CORE, OUT, SERVER_CORE, log  # noqa: E402
from measure import Companion, bench_run  # noqa: E402
from pageweight import GZIP_LEVEL  # noqa: E402
from report import key_figures, machine_info, print_report  # noqa: E402
from scales import SCALES  # noqa: E402
from servers import GUNICORN_ARGS, start_gunicorn  # noqa: E402

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
        "--scales", help=f"comma-separated data scales (default: all of {', '.join(SCALES)}; --quick: default)"
    )
    parser.add_argument("--pages", help="comma-separated page names (default: all of bench/pages.py)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5, the least for a median; --quick 3)")
    parser.add_argument("--duration", type=int, help="seconds per page per round (default 2, --quick 1)")
    parser.add_argument("--warmup", type=int, default=0, help="seconds of wrk warm-up per target (default none)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (pages may set their own)")
    parser.add_argument("--max-minutes", type=float, default=45, help="stop starting rounds after this")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin with taskset")
    parser.add_argument(
        "--checkin-burst",
        choices=["after", "only", "skip"],
        default="after",
        help="the check-in burst (bench/checkin_burst.py, about 2.5 minutes a database): after the pages "
        "(default), alone, or not at all",
    )
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    args.duration = args.duration or (1 if args.quick else 2)
    args.rounds = max(1, min(args.rounds or (3 if args.quick else 5), 50))
    deadline = time.monotonic() + args.max_minutes * 60
    scales = (args.scales or ("default" if args.quick else ",".join(SCALES))).split(",")
    if set(scales) - set(SCALES):
        parser.error(f"unknown scales: {', '.join(sorted(set(scales) - set(SCALES)))}")

    if not shutil.which("wrk") and args.checkin_burst != "only":
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
    plan = [(scale, kind, pages) for scale, kind, pages in plan if pages and args.checkin_burst != "only"]
    burst = args.checkin_burst != "skip"

    OUT.mkdir(exist_ok=True)
    base_env = {
        **os.environ,
        "LMS_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PYTHONDONTWRITEBYTECODE": "1",
        # The public certificate check is limited per address; every bench request comes from 127.0.0.1.
        "LMS_VERIFY_LIMIT": "1000000 per minute",
    }
    base_env.pop("FLASK_DEBUG", None)
    os.environ["LMS_BENCH_SECRET_KEY"] = base_env["SECRET_KEY"]  # pages with a signed address (bench/klasikal_pages)
    results = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {
            "quick": args.quick,
            "scales": {s: SCALES[s].__dict__ for s in scales},
            "runs": [f"{scale}/{kind}: {', '.join(p.name for p in pages)}" for scale, kind, pages in plan],
            "rounds": args.rounds,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": 1,
            "gunicorn": GUNICORN_ARGS,
            "pinned": {"server_core": SERVER_CORE, "load_core": LOAD_CORE} if args.pin else None,
            "gzip_level": GZIP_LEVEL,
            "checkin_burst": FULL.__dict__ if burst else None,
        },
        "databases": {},  # the default scale, every page
        "scales": {},  # the other scales: scale -> database -> the same shape
    }
    started = time.monotonic()
    if any(kind == "postgresql" for _s, kind, _p in plan) or (burst and "postgresql" in kinds):
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
        if burst:  # after the pages: its own databases and app server, the same ceiling
            results["checkin_burst"] = run_all(kinds, FULL, base_env, hello, args.pin)
    finally:
        hello.stop()
    results["machine"]["loadavg_after"] = os.getloadavg()
    results["minutes"] = round((time.monotonic() - started) / 60, 1)
    results["figures"] = key_figures(results)
    if burst:
        results["figures"]["checkin_burst"] = burst_figures(results["checkin_burst"])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str))
    print_report(results, args.output)
    if burst:
        print_burst_table(results["checkin_burst"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
