"""verify-ledger's PostgreSQL path: the same checks as lms.core.ledger_verify's Python path, done by the database
(sha256, window functions, jsonb), so 100,000 participants' history verifies in seconds instead of minutes.

The chain: every entry's content is rebuilt in SQL exactly as lms.core.ledger.entry_content builds it (to_json
escapes a string as Python's json does; the time as time_text writes it) and hashed with sha256, in one scan the
database may run in parallel; a second, light scan with lag() checks the sequence and each link to the entry before.
The values: each Reader's current_sql builds the current values as jsonb, compared with the latest entry's values as
jsonb (key order and spaces do not matter; Decimals are normalised on both sides).
tests/core/test_ledger_paths.py runs both paths on the same ledgers and expects the same findings."""

from sqlalchemy import cast, func, literal, select, text
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by, distinct_on

from lms.core.ledger import GENESIS, LedgerEntry, encode_values

AT = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24\\:MI\\:SS.US"+00\\:00"')"""
# entry_content, argument for argument: concat() is one call where || would make a string per piece.
CONTENT = (
    """concat('{"actor"\\:', coalesce(actor_id\\:\\:text, 'null'), ',"at"\\:"', """
    + AT
    + """, '","kind"\\:', to_json(kind), ',"object"\\:{"id"\\:', to_json(object_id),"""
    """ ',"type"\\:', to_json(object_type), '},"participant"\\:', coalesce(participant_id\\:\\:text, 'null'),"""
    """ ',"seq"\\:', seq, ',"values"\\:', coalesce(values_json, 'null'), '}')"""
)
HASHED = f"encode(sha256(convert_to(prev_hash || {CONTENT}, 'UTF8')), 'hex')"
FIRST_EDITED = text(f"SELECT min(seq) FROM score_ledger WHERE {HASHED} <> hash")  # noqa: S608 (constants only)
FIRST_UNLINKED = text(
    """
    SELECT seq, prev_seq, prev_hash, prev_row_hash FROM (
        SELECT seq, prev_hash, lag(seq) OVER w AS prev_seq, lag(hash) OVER w AS prev_row_hash
        FROM score_ledger WINDOW w AS (ORDER BY seq)
    ) AS links
    WHERE seq <> coalesce(prev_seq, 0) + 1 OR prev_hash <> coalesce(prev_row_hash, :genesis)
    ORDER BY seq LIMIT 1
    """
)
ENTRY_COLUMNS = f"seq, {AT}, kind, object_type, object_id, participant_id"
ENTRY = text(f"SELECT {ENTRY_COLUMNS} FROM score_ledger WHERE seq = :seq")  # noqa: S608 (constants only)


def prepare(connection) -> None:
    """Room to sort and hash a million entries in memory, and no JIT compilation for these few big queries."""
    connection.execute(text("SET LOCAL work_mem = '128MB'"))
    connection.execute(text("SET LOCAL jit = off"))


def first_break(connection) -> tuple | None:
    """(the entry, the sequence number before it, whether its link holds) of the first entry whose sequence, link
    or hash does not hold; None: the chain holds."""
    edited = connection.execute(FIRST_EDITED).scalar()
    unlinked = connection.execute(FIRST_UNLINKED, {"genesis": GENESIS}).first()
    if unlinked is not None and (edited is None or unlinked.seq <= edited):
        entry = connection.execute(ENTRY, {"seq": unlinked.seq}).first()
        return entry, unlinked.prev_seq or 0, False
    if edited is None:
        return None
    return connection.execute(ENTRY, {"seq": edited}).first(), edited - 1, True


def hashes_at(connection, seqs) -> dict[int, str]:
    t = LedgerEntry.__table__.c
    return dict(connection.execute(select(t.seq, t.hash).where(t.seq.in_(list(seqs)))).all())


def _latest(object_type: str):
    t = LedgerEntry.__table__.c
    return (
        select(t.object_id, t.participant_id, t.seq, t.values_json)
        .where(t.object_type == object_type)
        .ext(distinct_on(t.object_id))
        .order_by(t.object_id.desc(), t.seq.desc())  # ix_score_ledger_object read backwards: no sort
        .subquery()
    )


def compare(connection, object_type: str, reader, shown: int) -> tuple[int, int, list]:
    """One pass over the type's latest entries: (how many record values, how many of those the row no longer holds
    (or is gone), the first `shown` of them as (object_id, participant_id, seq, values_json) by sequence)."""
    latest = _latest(object_type)
    current = reader.current_sql().subquery()
    key, values = list(current.c)[:2]
    now = values if reader.absent is None else func.coalesce(values, cast(literal(encode_values(reader.absent)), JSONB))
    different = cast(latest.c.values_json, JSONB).is_distinct_from(now)
    compared, count, first = connection.execute(
        select(
            func.count(),
            func.count().filter(different),
            func.array_agg(aggregate_order_by(latest.c.seq, latest.c.seq)).filter(different),
        )
        .select_from(latest.outerjoin(current, key == latest.c.object_id))
        .where(latest.c.values_json.is_not(None))
    ).one()
    if not count:
        return compared, 0, []
    t = LedgerEntry.__table__.c
    rows = connection.execute(
        select(t.object_id, t.participant_id, t.seq, t.values_json).where(t.seq.in_(first[:shown])).order_by(t.seq)
    ).all()
    return compared, count, rows
