"""A burst on a schedule: each request sent by a thread of its own at its own moment (not a serial loop, not wrk:
wrk cannot send each request once at a given moment), with the figures of what came back; and the burst's table.

Latency runs from opening the connection to the last byte of the answer, as in rounds.py's paced runs: each
request opens its connection when it is sent, as a proxy that buffers whole requests (nginx) does."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass

from harness import LOAD_CORE
from webclient import Line, send_line

START_MARGIN_S = 0.3  # every thread is started and asleep before the first moment


@dataclass
class Shot:
    """One request at `offset_s` after the burst starts; filled in when sent."""

    offset_s: float
    line: Line
    user_id: int | None = None
    status: int | None = None
    error: str = ""
    latency_ms: float = 0.0
    late_ms: float = 0.0  # how much after its moment the request was actually sent (the client's own delay)
    answered_s: float = 0.0  # when its answer was complete, from the burst's start


def fire(port: int, shots: list[Shot], pin: bool) -> float:
    """Send every shot at its moment, each from its own thread; returns the seconds from the start to the last
    answer. With `pin`, the threads run on the load core (the server has the other one)."""
    mask = os.sched_getaffinity(0)
    if pin:
        os.sched_setaffinity(0, {LOAD_CORE})  # threads started from here inherit it
    start = time.monotonic() + START_MARGIN_S

    def send(shot: Shot) -> None:
        delay = start + shot.offset_s - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        began = time.monotonic()
        shot.late_ms = (began - start - shot.offset_s) * 1000
        try:
            shot.status = send_line(port, shot.line).status
        except OSError as error:  # refused, reset, timed out: an error of the burst
            shot.error = type(error).__name__
        shot.latency_ms = (time.monotonic() - began) * 1000
        shot.answered_s = time.monotonic() - start

    try:
        threads = [threading.Thread(target=send, args=(shot,), daemon=True) for shot in shots]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        os.sched_setaffinity(0, mask)
    return max((s.answered_s for s in shots), default=0.0)


def percentile(ordered: list[float], q: float) -> float | None:
    """The same nearest-rank percentile as rounds.py's paced runs."""
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else None


def figures(shots: list[Shot], expect: int, drain_s: float) -> dict:
    """requests, p50/p95/max ms, errors (a socket error or any status but `expect`), the statuses seen."""
    answered = sorted(s.latency_ms for s in shots if not s.error)
    statuses = Counter(str(s.status) if not s.error else s.error for s in shots)
    return {
        "requests": len(shots),
        "p50_ms": percentile(answered, 50),
        "p95_ms": percentile(answered, 95),
        "max_ms": answered[-1] if answered else None,
        "mean_ms": statistics.fmean(answered) if answered else None,
        "errors": sum(1 for s in shots if s.error or s.status != expect),
        "statuses": dict(statuses),
        "drain_s": drain_s,
        "send_late_max_ms": max((s.late_ms for s in shots), default=0.0),
        "spread_s": max((s.offset_s for s in shots), default=0.0),
    }


def burst_figures(results: dict) -> dict:
    """results.json's figures["checkin_burst"]: per database and burst, what the issue names."""
    out: dict = {}
    for kind, run in results.items():
        for name in ("one_angkatan", "all_angkatan"):
            if b := run.get(name):
                out.setdefault(kind, {})[name] = {
                    **{k: b[k] for k in ("label", "requests", "p50_ms", "p95_ms", "max_ms", "errors", "drain_s")},
                    "ceiling_p95_ms": (b.get("ceiling") or {}).get("p95_ms"),
                    "p95_over_ceiling": b.get("p95_over_ceiling"),
                    **{k: b["records"][k] for k in ("missing", "duplicates", "extra")},
                    "flagged": b["flags"]["participants_flagged"],
                }
    return out


def fmt(v, spec=".0f", none="-"):
    return none if v is None else format(v, spec)


def print_burst_table(results: dict) -> None:
    """One line per burst and database: what the participants waited, what the hello world waited under the same
    schedule, errors, and what the database holds afterwards."""
    head = (
        f"{'burst':<22} {'db':<10} {'req':>4} {'p50':>5} {'p95':>5} {'max':>5} {'err':>3} "
        f"{'hello p95':>9} {'p95/hello':>9} {'drain s':>7} {'records':>7} {'missing':>7} {'dup':>3} {'flagged':>7}"
    )
    print("\n== check-in burst (ms; the issue's target: p95 under 100 ms, 0 errors) ==")
    print(head)
    print("-" * len(head))
    for kind, run in results.items():
        if "error" in run:
            print(f"{'(failed)':<22} {kind:<10} {run['error'][-300:]}")
            continue
        for name in ("one_angkatan", "all_angkatan"):
            b = run.get(name)
            if not b:
                continue
            c, rec = b.get("ceiling") or {}, b["records"]
            print(
                f"{b['label']:<22} {kind:<10} {b['requests']:>4} {fmt(b['p50_ms']):>5} {fmt(b['p95_ms']):>5} "
                f"{fmt(b['max_ms']):>5} {b['errors']:>3} {fmt(c.get('p95_ms'), '.1f'):>9} "
                f"{fmt(b.get('p95_over_ceiling'), '.1f'):>9} {fmt(b['drain_s'], '.1f'):>7} {rec['landed']:>7} "
                f"{rec['missing']:>7} {rec['duplicates']:>3} {b['flags']['participants_flagged']:>7}"
            )
    for kind, run in results.items():
        if "error" not in run:
            one_address = {k: b["flags"]["if_one_address"] for k, b in run.items() if k.endswith("_angkatan")}
            print(
                f"{kind}: check-in POST sends {fmt(run.get('sql_queries'), 'd')} SQL statements; logins "
                f"{run['logins_s']:.0f} s (not counted); gunicorn log {run.get('log')}; flagged if every participant "
                f"shared one address: {one_address}"
            )
    for kind, run in results.items():
        loads = {b["label"]: b["loadavg_1min"] for k, b in run.items() if k.endswith("_angkatan")}
        if loads:
            print(f"{kind}: 1-minute load average before and after each burst {loads} ({os.cpu_count()} cores)")
    print(
        "p50/p95/max = connect to the answer's last byte; err = a socket error or any status but 200; hello p95 = "
        "the hello-world app under the same schedule; records = check-ins in the database afterwards (one per "
        "participant expected); flagged = participants the anomaly rules flag in the burst's sessions"
    )
