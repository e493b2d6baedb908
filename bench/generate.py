"""Benchmark data: top up a migrated (and demo-seeded) database to a given scale with bulk SQL.

`generate(database_url, scale)` imports the curriculum if it is missing (through the app's own importer),
then runs every step of GENERATOR_STEPS in order, in one transaction. Each step is a function `step(ctx)`
that reads `ctx.scale`, writes with `ctx.insert_many` (executemany, when it needs the new ids back) or
`ctx.bulk` (COPY on PostgreSQL, executemany on SQLite: the big tables), and may leave ids for later steps
in `ctx.state`. Steps only add what is missing to reach the scale, so they can run after `lms seed-demo`;
activity is generated only for participants who have none yet.

Also `flask --app wsgi lms generate-data --scale NAME` (lms/cli.py) and `python bench/generate.py`.

Every generated account has the demo password; one password hash is computed once and shared.
Re-running `lms import-content` afterwards drops the extra quizzes from the MOOC's requirements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's package, when run as a script

from flask import current_app, has_app_context  # noqa: E402
from generate_activity import step_activity, step_answer_keys, step_phase_progress, step_quizzes  # noqa: E402
from generate_bulk import Context  # noqa: E402
from generate_kelulusan import step_kelulusan  # noqa: E402
from generate_people import step_angkatan, step_coordinators, step_instansi, step_participants  # noqa: E402
from scales import SCALES, Scale  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

import lms.core.database  # noqa: E402, F401  (SQLite pragmas and BEGIN IMMEDIATE, as the app uses)
import lms.models  # noqa: E402, F401  (registers every model on the metadata)
from lms.app import create_app  # noqa: E402
from lms.content.importer import import_content  # noqa: E402
from lms.core.extensions import db  # noqa: E402
from lms.people.demo import DEMO_PASSWORD  # noqa: E402

# Run in this order; later steps go after the ones whose ids they use.
GENERATOR_STEPS: list[Callable[[Context], None]] = [
    step_instansi,
    step_angkatan,
    step_participants,
    step_coordinators,
    step_quizzes,
    step_answer_keys,
    step_activity,
    step_phase_progress,
    step_kelulusan,
    # Discussion (a later issue): step_threads (threads and replies per angkatan) goes here.
]


# --- entry points ------------------------------------------------------------------------------


def _tables() -> dict[str, sa.Table]:
    """The application's own table definitions (with their Python-side defaults, e.g. created_at)."""
    return dict(db.metadata.tables)


def shared_password_hash() -> str:
    return generate_password_hash(DEMO_PASSWORD)  # scrypt, as production; computed once per run


def ensure_content(engine: sa.Engine, log=print) -> None:
    """Import the shipped curriculum (content/) with the app's importer if the database has no quizzes."""
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT count(*) FROM quizzes")).scalar():
            return

    def run() -> None:
        report = import_content(Path(current_app.config["LMS_CONTENT_DIR"]))
        if report.problems:
            db.session.rollback()
            raise RuntimeError("content/ has problems: " + "; ".join(map(str, report.problems[:5])))
        db.session.commit()
        log(f"  generate: curriculum imported ({len(report.created)} modules)")

    if has_app_context():
        run()
    else:
        with create_app({"SQLALCHEMY_DATABASE_URI": engine.url.render_as_string(hide_password=False)}).app_context():
            run()


def _fast_load(conn: sa.Connection) -> None:
    """PostgreSQL: skip the foreign-key triggers for this transaction only (SET LOCAL), as a bulk load
    does; the generator writes consistent ids. Needs a superuser (the bench's postgres); else no-op."""
    if (
        conn.dialect.name == "postgresql"
        and conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
    ):
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))


def generate(
    database_url: str,
    scale: Scale | str = "default",
    seed: int = 2026,
    log=print,
    steps: list[Callable[[Context], None]] | None = None,
) -> dict[str, int]:
    """Top the database up to `scale` with `steps` (GENERATOR_STEPS unless given); returns row counts per table."""
    if isinstance(scale, str):
        scale = SCALES[scale]
    engine = sa.create_engine(database_url)
    try:
        ensure_content(engine, log)
        tables = _tables()
        with engine.begin() as conn:
            _fast_load(conn)
            ctx = Context(
                conn=conn,
                tables=tables,
                scale=scale,
                rng=random.Random(seed),
                password_hash=shared_password_hash(),
                today=date.today(),
                now=datetime.now(UTC),
                log=log,
            )
            for step in steps or GENERATOR_STEPS:
                started = time.monotonic()
                step(ctx)
                log(f"  generate: {step.__name__} {time.monotonic() - started:.1f}s")
        if engine.dialect.name == "postgresql":
            started = time.monotonic()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))  # what autovacuum would soon do on a live server
            log(f"  generate: VACUUM ANALYZE {time.monotonic() - started:.1f}s")
        return counts(engine)
    finally:
        engine.dispose()


COUNTED_TABLES = (
    "instansi", "lembaga", "angkatan", "users", "enrolments", "tutor_groups", "coordinator_lembaga", "modules",
    "lessons", "quizzes", "phase_requirements", "lesson_progress", "attempts", "attempt_questions", "quiz_results",
    "phase_results", "phase_completions", "phase_progress",
)  # fmt: skip


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        out = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in COUNTED_TABLES}  # noqa: S608
        out["participants"] = conn.execute(sa.text("SELECT count(*) FROM users WHERE role = 'participant'")).scalar()
        out["graded_attempts"] = conn.execute(sa.text("SELECT count(*) FROM attempts WHERE status = 'graded'")).scalar()
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Top a migrated database up to a benchmark scale.")
    parser.add_argument("--scale", choices=list(SCALES), default="default")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    result = generate(args.database_url, args.scale, log=lambda m: print(m, flush=True))
    print("BENCH_JSON " + json.dumps(result), flush=True)  # read by bench/run.py


if __name__ == "__main__":
    main()
