"""The check-in burst's data (bench/checkin_burst.py): the generator's people at a small scale (angkatan of 40),
each angkatan in the middle of its PJJ, with a widyaiswara of its own and two PJJ sessions whose check-in windows
are both open for the next half hour: the morning one ending, the next one about to start.

Run by the scenario as `python bench/generate_checkin.py --database-url URL --angkatan N --per-angkatan M`
(after migrations and the demo seed); prints one "BENCH_JSON" line with the row counts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app's package, when run as a script

from generate import GENERATOR_STEPS, generate  # noqa: E402
from generate_bulk import Context  # noqa: E402
from generate_people import step_angkatan  # noqa: E402
from scales import Scale  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from lms.people.demo import DEMO_PASSWORD  # noqa: E402
from lms.phases.demo import schedule_dates  # noqa: E402

WIDYAISWARA_EMAIL = "widyaiswara{n}@presensi.bench.test"  # how the scenario finds its widyaiswara and sessions
# The burst's accounts log in before it, 410 of them, and that is not what it measures: their one shared password
# hash costs scrypt N=1024 as in the tests (production's N=32768 took 48 s of the 3 minutes). Any cost verifies.
LOGIN_HASH_METHOD = "scrypt:1024:8:1"
PJJ_DAYS_IN = 30  # the MOOC opened 30 days ago: its 22 days are over, PJJ is open today
TOPICS = ("Berorientasi Pelayanan", "Akuntabel")
# (starts, ends) from now: the first session ends in 20 minutes, the next starts in 10. With the app's default
# window (15 minutes either side) both take check-ins from 5 minutes ago until 35 minutes from now.
SESSION_TIMES = ((timedelta(minutes=-90), timedelta(minutes=20)), (timedelta(minutes=10), timedelta(minutes=100)))


def checkin_scale(angkatan: int, per_angkatan: int) -> Scale:
    """The generator's people: `angkatan` new angkatan of `per_angkatan` in up to three instansi."""
    return Scale(
        instansi=min(3, angkatan),
        angkatan=angkatan,
        per_angkatan=per_angkatan,
        coordinators=1,
        open_angkatan=0,
        detail_participants=0,
    )


def step_checkin_sessions(ctx: Context) -> None:
    """After step_angkatan: each angkatan of the scale moves into its PJJ (its phase dates, before the activity
    steps read them), gets a widyaiswara of its own and two PJJ sessions taught by them around now."""
    angkatan_ids = sorted(ctx.state["angkatan_sizes"])
    ctx.password_hash = generate_password_hash(DEMO_PASSWORD, method=LOGIN_HASH_METHOD)  # this and later steps
    phases = dict(ctx.conn.execute(sa.select(ctx.t("phases").c.code, ctx.t("phases").c.id)).all())
    schedules = ctx.t("phase_schedules")
    start = ctx.today - timedelta(days=PJJ_DAYS_IN)
    for code, opens, closes in schedule_dates(start):
        ctx.conn.execute(
            schedules.update()
            .where(schedules.c.angkatan_id.in_(angkatan_ids), schedules.c.phase_id == phases[code])
            .values(opens_on=opens, closes_on=closes)
        )
    teachers = ctx.insert_many(
        "users",
        [
            {
                "nip": f"19750101200001{1 + n % 2}{n + 1:03d}",
                "name": f"Widyaiswara Presensi {n + 1}",
                "email": WIDYAISWARA_EMAIL.format(n=n + 1),
                "role": "instructor",
                "active": True,
                "password_hash": ctx.password_hash,
                "locale": "id",
            }
            for n in range(len(angkatan_ids))
        ],
        returning="id",
    )
    ctx.insert_many(
        "angkatan_instructors", [{"angkatan_id": a, "user_id": u} for a, u in zip(angkatan_ids, teachers, strict=True)]
    )
    ctx.insert_many(
        "training_sessions",
        [
            {
                "angkatan_id": angkatan_id,
                "phase_id": phases["pjj"],
                "agenda_number": 2,
                "topic": topic,
                "widyaiswara_id": teacher,
                "starts_at": ctx.now + starts,
                "ends_at": ctx.now + ends,
                "jp": 3,
                "mode": "sinkron",
            }
            for angkatan_id, teacher in zip(angkatan_ids, teachers, strict=True)
            for topic, (starts, ends) in zip(TOPICS, SESSION_TIMES, strict=True)
        ],
    )


def checkin_steps() -> list:
    steps = list(GENERATOR_STEPS)
    steps.insert(steps.index(step_angkatan) + 1, step_checkin_sessions)
    return steps


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="The check-in burst's data in a migrated, demo-seeded database.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--angkatan", type=int, default=10)
    parser.add_argument("--per-angkatan", type=int, default=40)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    scale = checkin_scale(args.angkatan, args.per_angkatan)
    result = generate(args.database_url, scale, log=lambda m: print(m, flush=True), steps=checkin_steps())
    print("BENCH_JSON " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
