"""What a run reports: the machine, a table per run, the figures issues 7 and 8 name (results.json's `figures`)."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import statistics
import subprocess
from pathlib import Path

import psycopg
from harness import PG_ADMIN_URL, VENV_BIN


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
        for key, pair in (
            ("angkatan_400_vs_40", ("dashboard_angkatan", "dashboard_angkatan_400")),
            ("recap_400_vs_40", ("recap_angkatan", "recap_angkatan_400")),
        ):
            small, big = (_page(results, "default", kind, n) for n in pair)
            if small and big:
                shares = [b / a for a, b in zip(small["rps_rounds"], big["rps_rounds"], strict=True) if a]
                f[key] = [statistics.median(shares), min(shares), max(shares)]
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
        if kind == "checkin_burst":
            continue  # its own table follows (bench/burst_client.py)
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
        for key, label in (("angkatan_400_vs_40", "angkatan page"), ("recap_400_vs_40", "recap page   ")):
            if key in f:
                print(
                    f"    {label} 400 vs 40     {{:.2f}} ({{:.2f}}-{{:.2f}}) of the throughput   [>= 0.5]".format(
                        *f[key]
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
    info["sqlite"] = sqlite3.sqlite_version
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=5) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:
        info["postgresql"] = None
    return info


def print_report(results: dict, output: Path) -> None:
    """A table per run, the legend, then the key figures."""
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
    print(f"\n{results['minutes']} minutes. Results: {output}")
