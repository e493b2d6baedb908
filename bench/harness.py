"""Where the benchmark writes and runs: paths, cores, the shared PostgreSQL server, progress lines, and
helpers run in a fresh interpreter (bench/generate.py, bench/sqlcount.py) that answer with one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = ROOT / ".bench"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "bench"
PG_BENCH_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_BENCH_DB}"  # one schema per scale in it
SERVER_CORE, LOAD_CORE = 0, 1


STARTED = time.monotonic()


def log(msg: str) -> None:
    """Progress, with the minutes and seconds since the start."""
    text = msg.lstrip("\n")
    minutes, seconds = divmod(int(time.monotonic() - STARTED), 60)
    print(f"{msg[: len(msg) - len(text)]}[{minutes:02d}:{seconds:02d}] {text}", flush=True)


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
