"""The load: wrk (or paced threads) against one target, interleaved rounds of every target with the
ceiling, the response time alone, and the figures made of the rounds."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pages as pages_module
from harness import BENCH, LOAD_CORE, log
from sessions import Db
from webclient import Line, http_request, send_line


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
