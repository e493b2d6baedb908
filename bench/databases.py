"""The benchmark databases, each built fresh: SQLite files in .bench/, one PostgreSQL schema per scale in
database `bench`; migrations, the demo seed, then bench/generate.py."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg
from harness import BENCH, OUT, PG_ADMIN_URL, PG_BENCH_DB, PG_BENCH_URL, ROOT, VENV_BIN, log, run_json

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
    url = PG_ADMIN_URL if database == "postgres" else PG_BENCH_URL.replace("+psycopg", "")
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def fresh_postgresql_database() -> None:
    """Database `bench` on the shared server, created if missing, its `public` schema emptied (older runs
    used it). Never `test`. Each scale then gets its own schema in it (fresh_schema)."""
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
