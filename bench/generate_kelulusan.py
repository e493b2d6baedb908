"""Generator step: kelulusan data for the result pages (issue 18 item 5). A head of institution linked to every
lembaga of the scale, and eight angkatan of about 40: four with a prepared result (the coordinator's kelulusan page
and the head's review), four with a sealed one (the participants' result page). Each row is composed by the
program's own rule (lms.program.composition.verdict) from generated component scores under the newest program
version, so the rows are consistent with the program, not with the sources (the head's review then finds the
snapshot stale, which costs the same work as a fresh one)."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from generate_bulk import Context

from lms.certificates.issuing import new_code
from lms.kelulusan.recap import ranks
from lms.program.composition import verdict
from lms.program.spec import parse_program

HEAD_NIP = "197501012000011001"
PREPARED, SEALED = 4, 4


def _head(ctx: Context) -> int:
    users, cl = ctx.t("users"), ctx.t("coordinator_lembaga")
    head_id = ctx.scalar(sa.select(users.c.id).where(users.c.nip == HEAD_NIP))
    if head_id is None:
        (head_id,) = ctx.insert_many(
            "users",
            [
                {
                    "nip": HEAD_NIP,
                    "name": "Kepala Lembaga Bench",
                    "email": "kepala@bench.test",
                    "role": "head",
                    "active": True,
                    "password_hash": ctx.password_hash,
                    "locale": "id",
                }
            ],
            returning="id",
        )
    linked = set(ctx.conn.execute(sa.select(cl.c.lembaga_id).where(cl.c.user_id == head_id)).scalars())
    ctx.insert_many(
        "coordinator_lembaga",
        [{"user_id": head_id, "lembaga_id": i} for i in ctx.state["lembaga_ids"] if i not in linked],
    )
    return head_id


def step_kelulusan(ctx: Context) -> None:
    found = ctx.rows("SELECT id, source FROM program_versions ORDER BY id DESC LIMIT 1")
    if not found:
        ctx.log("  generate: step_kelulusan skipped: no program version (content/program.yaml not imported)")
        return
    version_id, source = found[0]
    program, problems = parse_program(source)
    if program is None:
        ctx.log(f"  generate: step_kelulusan skipped: the stored program does not parse: {problems[:2]}")
        return
    head_id = _head(ctx)
    angkatan, enrolments, results = ctx.t("angkatan"), ctx.t("enrolments"), ctx.t("kelulusan_results")
    size = sa.select(sa.func.count()).where(enrolments.c.angkatan_id == angkatan.c.id).scalar_subquery()
    chosen = list(
        ctx.conn.execute(
            sa.select(angkatan.c.id)
            .where(
                angkatan.c.lembaga_id.in_(ctx.state["lembaga_ids"]),
                size.between(30, 40),
                ~sa.exists().where(results.c.angkatan_id == angkatan.c.id),
            )
            .order_by(angkatan.c.id)
            .limit(PREPARED + SEALED)
        ).scalars()
    )
    rows = []
    for n, angkatan_id in enumerate(chosen):
        sealed = n >= PREPARED
        ctx.insert_many(
            "kelulusan_results",
            [
                {
                    "angkatan_id": angkatan_id,
                    "program_version_id": version_id,
                    "preparation": 1,
                    "prepared_at": ctx.now,
                    "ratified_at": ctx.now if sealed else None,
                    "ratified_by_id": head_id if sealed else None,
                }
            ],
        )
        people = ctx.conn.execute(
            sa.select(enrolments.c.user_id, enrolments.c.instansi_id, enrolments.c.ndh).where(
                enrolments.c.angkatan_id == angkatan_id
            )
        ).all()
        verdicts = {}
        for user_id, _instansi, _ndh in people:
            scores = {c.code: Decimal(ctx.rng.randint(6000, 9800)) / 100 for c in program.components}
            verdicts[user_id] = verdict(program, scores, Decimal(100))
        ranked = ranks({uid: v.final for uid, v in verdicts.items()})
        for user_id, instansi_id, ndh in people:
            v = verdicts[user_id]
            rows.append(
                {
                    "angkatan_id": angkatan_id,
                    "user_id": user_id,
                    "version": 1,
                    "instansi_id": instansi_id,
                    "ndh": ndh,
                    "scores": {code: str(score) for code, score in v.scores.items()},
                    "attendance": "100",
                    "final": v.final,
                    "band": v.band.name if v.band else None,
                    "passes": v.passes,
                    "reasons": list(v.reasons),
                    "rank": ranked.get(user_id),
                    "created_at": ctx.now,
                }
            )
    ctx.insert_many("kelulusan_rows", rows)
    certified = _certificates(ctx, chosen[PREPARED:], [r for r in rows if r["passes"]], program.total_jp)
    ctx.log(
        f"  generate: kelulusan: {len(chosen)} angkatan ({PREPARED} prepared), {len(rows)} result rows,"
        f" {certified} certificates"
    )


def _certificates(ctx: Context, sealed_ids: list[int], passing: list[dict], jp: int) -> int:
    """The STTPL of the sealed angkatan's passing participants, as lms.certificates.issuing writes them."""
    facts = {
        row[0]: row[1:]
        for row in ctx.rows(
            "SELECT a.id, a.lembaga_id, a.year, a.number, a.name, l.name FROM angkatan a"
            " JOIN lembaga l ON l.id = a.lembaga_id"
        )
        if row[0] in set(sealed_ids)
    }
    names = {row[0]: row[1:] for row in ctx.rows("SELECT id, name, nip FROM users WHERE role = 'participant'")}
    instansi = dict(ctx.rows("SELECT id, name FROM instansi"))
    sequence: dict[tuple, int] = {}
    certificates = []
    for row in passing:
        if row["angkatan_id"] not in facts:
            continue
        lembaga_id, year, number, angkatan_name, lembaga_name = facts[row["angkatan_id"]]
        n = sequence[(lembaga_id, year)] = sequence.get((lembaga_id, year), 0) + 1
        name, nip = names[row["user_id"]]
        certificates.append(
            {
                "code": new_code(),
                "user_id": row["user_id"],
                "angkatan_id": row["angkatan_id"],
                "lembaga_id": lembaga_id,
                "year": year,
                "sequence": n,
                "number": f"{n:03d}/STTPL/LATSAR-{number}/{year}",
                "holder_name": name,
                "holder_nip": nip or "",
                "instansi_name": instansi[row["instansi_id"]],
                "angkatan_name": angkatan_name,
                "lembaga_name": lembaga_name,
                "jp": jp,
                "final_score": row["final"],
                "band": row["band"],
                "city": "",
                "signatory_title": "Kepala",
                "signatory_name": "Kepala Lembaga",
                "signatory_nip": "",
                "issued_at": ctx.now,
            }
        )
    ctx.insert_many("certificates", certificates)
    return len(certificates)
