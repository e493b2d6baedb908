"""Generator steps for the people: instansi and a lembaga for each, angkatan with their schedules and tutor
groups, participants (employees of every instansi, mixed in each angkatan) enrolled in them, coordinators."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from generate_bulk import Context

from lms.people.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES  # the demo's names, not a second list
from lms.phases.demo import schedule_dates


def step_instansi(ctx: Context) -> None:
    t = ctx.t("instansi")
    existing = [r[0] for r in ctx.conn.execute(sa.select(t.c.id).order_by(t.c.id))]
    missing = max(0, ctx.scale.instansi - len(existing))
    new = ctx.insert_many(
        "instansi",
        [{"name": f"Pemerintah Kabupaten Bench {len(existing) + n + 1}"} for n in range(missing)],
        returning="id",
    )
    ctx.state["instansi_ids"] = instansi_ids = (existing + new)[: ctx.scale.instansi]
    # Each instansi's own lembaga runs its angkatan (as migration 0011_lembaga named them).
    names = dict(ctx.conn.execute(sa.select(t.c.id, t.c.name).where(t.c.id.in_(instansi_ids))).all())
    lembaga = ctx.t("lembaga")
    by_name = dict(ctx.conn.execute(sa.select(lembaga.c.name, lembaga.c.id)).all())
    wanted = {i: f"Penyelenggara {names[i]}"[:200] for i in instansi_ids}
    missing_lembaga = [name for name in wanted.values() if name not in by_name]
    made = ctx.insert_many("lembaga", [{"name": name, "kind": "bkpsdm"} for name in missing_lembaga], returning="id")
    by_name.update(zip(missing_lembaga, made, strict=True))
    ctx.state["lembaga_ids"] = [by_name[wanted[i]] for i in instansi_ids]


def step_angkatan(ctx: Context) -> None:
    """Angkatan with a phase schedule, four tutor groups and the demo instructors assigned. The first
    `open_angkatan` new ones are 3 days into the MOOC, the rest 0 to 59 days (most past the MOOC, where
    the quizzes are); the big one (if any) is 20 days in, at the end of its MOOC."""
    a, users, phases = ctx.t("angkatan"), ctx.t("users"), ctx.t("phases")
    lembaga_ids, scale = ctx.state["lembaga_ids"], ctx.scale
    sizes = dict(
        ctx.conn.execute(sa.select(a.c.id, a.c.capacity).where(a.c.lembaga_id.in_(lembaga_ids)).order_by(a.c.id)).all()
    )
    regular = [i for i, cap in sizes.items() if not scale.big_angkatan or cap != scale.big_angkatan]
    big = [i for i, cap in sizes.items() if scale.big_angkatan and cap == scale.big_angkatan]
    phase_ids = dict(ctx.conn.execute(sa.select(phases.c.code, phases.c.id)).all())
    instructors = [r[0] for r in ctx.conn.execute(sa.select(users.c.id).where(users.c.role == "instructor"))]
    numbers = dict(ctx.conn.execute(sa.select(a.c.lembaga_id, sa.func.max(a.c.number)).group_by(a.c.lembaga_id)).all())
    plan = []  # (lembaga_id, capacity, MOOC start)
    for n in range(max(0, scale.angkatan - len(regular))):
        offset = 3 if n < scale.open_angkatan else (n * 13) % 60  # days since the MOOC opened
        plan.append((lembaga_ids[n % len(lembaga_ids)], scale.per_angkatan, ctx.today - timedelta(days=offset)))
    if scale.big_angkatan and not big:
        plan.append((lembaga_ids[0], scale.big_angkatan, ctx.today - timedelta(days=20)))
    rows = []
    for lembaga_id, capacity, _start in plan:
        number = numbers.get(lembaga_id, 0) + 1
        numbers[lembaga_id] = number
        rows.append(
            {
                "lembaga_id": lembaga_id,
                "number": number,
                "year": ctx.today.year,
                "name": f"Angkatan {number} Tahun {ctx.today.year}",
                "capacity": max(40, capacity),
                "timezone": "WIB",
            }
        )
    new = ctx.insert_many("angkatan", rows, returning="id")
    schedules, groups, assignments = [], [], []
    for angkatan_id, (_i, capacity, start) in zip(new, plan, strict=True):
        sizes[angkatan_id] = capacity
        for code, opens, closes in schedule_dates(start):  # the demo's proportions
            if code in phase_ids:
                schedules.append(
                    {"angkatan_id": angkatan_id, "phase_id": phase_ids[code], "opens_on": opens, "closes_on": closes}
                )
        for g in range(1, 5):
            tutor = instructors[g % len(instructors)] if instructors else None
            groups.append({"angkatan_id": angkatan_id, "name": f"Kelompok {g}", "tutor_id": tutor})
        assignments += [{"angkatan_id": angkatan_id, "user_id": u} for u in instructors]
    ctx.insert_many("phase_schedules", schedules)
    ctx.insert_many("tutor_groups", groups)
    ctx.insert_many("angkatan_instructors", assignments)
    # Target size of every angkatan of the scale (the big one keeps its own).
    ctx.state["angkatan_sizes"] = {
        i: (cap if scale.big_angkatan and cap == scale.big_angkatan else scale.per_angkatan) for i, cap in sizes.items()
    }


def bench_nip(k: int, female: bool) -> str:
    """A valid, unique NIP for generated participant k (CPNS from July 2024, unlike the demo's 2025)."""
    born = date(1985, 1, 1) + timedelta(days=k // 999)
    return f"{born:%Y%m%d}202407{2 if female else 1}{k % 999 + 1:03d}"


def step_participants(ctx: Context) -> None:
    """Fill every angkatan up to its size, each participant enrolled in one of its tutor groups, the employees
    of the scale's instansi taking turns (an angkatan mixes several)."""
    instansi_ids = ctx.state["instansi_ids"]
    e, tg, users = ctx.t("enrolments"), ctx.t("tutor_groups"), ctx.t("users")
    sizes = ctx.state["angkatan_sizes"]
    counts = dict(
        ctx.conn.execute(
            sa.select(e.c.angkatan_id, sa.func.count())
            .where(e.c.angkatan_id.in_(list(sizes)))
            .group_by(e.c.angkatan_id)
        ).all()
    )
    groups: dict[int, list[int]] = {}
    for gid, aid in ctx.conn.execute(sa.select(tg.c.id, tg.c.angkatan_id).order_by(tg.c.id)):
        groups.setdefault(aid, []).append(gid)
    k = ctx.scalar(sa.select(sa.func.count()).select_from(users).where(sa.func.substr(users.c.nip, 9, 6) == "202407"))
    user_rows, slots = [], []
    for angkatan_id, size in sizes.items():
        for n in range(max(0, size - counts.get(angkatan_id, 0))):
            female = ctx.rng.random() < 0.55
            first = ctx.rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            user_rows.append(
                {
                    "nip": bench_nip(k, female),
                    "name": f"{first} {ctx.rng.choice(LAST_NAMES)}",
                    "role": "participant",
                    "active": True,
                    "password_hash": ctx.password_hash,
                    "locale": "id",
                }
            )
            gs = groups.get(angkatan_id) or [None]
            slots.append((angkatan_id, gs[n % len(gs)]))
            k += 1
    user_ids = ctx.insert_many("users", user_rows, returning="id")
    enrol = ctx.bulk("enrolments", "user_id", "angkatan_id", "instansi_id", "tutor_group_id", "enrolled_at")
    for n, (user_id, (angkatan_id, group_id)) in enumerate(zip(user_ids, slots, strict=True)):
        enrol.add(user_id, angkatan_id, instansi_ids[n % len(instansi_ids)], group_id, ctx.now)
    enrol.flush()


def step_coordinators(ctx: Context) -> None:
    """Coordinator accounts up to the scale, every coordinator linked to every lembaga of the scale."""
    users, cl = ctx.t("users"), ctx.t("coordinator_lembaga")
    existing = [r[0] for r in ctx.conn.execute(sa.select(users.c.id).where(users.c.role == "coordinator"))]
    rows = [
        {
            "nip": f"19800101201001{1 + n % 2}{n + 1:03d}",
            "name": f"Koordinator Bench {n + 1}",
            "email": f"koordinator{n + 1}@bench.test",
            "role": "coordinator",
            "active": True,
            "password_hash": ctx.password_hash,
            "locale": "id",
        }
        for n in range(max(0, ctx.scale.coordinators - len(existing)))
    ]
    ids = existing + ctx.insert_many("users", rows, returning="id")
    linked = {tuple(r) for r in ctx.conn.execute(sa.select(cl.c.user_id, cl.c.lembaga_id))}
    ctx.insert_many(
        "coordinator_lembaga",
        [{"user_id": u, "lembaga_id": i} for u in ids for i in ctx.state["lembaga_ids"] if (u, i) not in linked],
    )
