"""Verifying the score ledger (`lms verify-ledger`): the chain recomputed from the first entry, recorded head hashes
checked, and the latest values reconciled with the score rows; and the baseline of an installation whose scores
predate the ledger (`lms ledger-baseline`).

Everything runs in bulk, so 100,000 participants' history takes seconds (bench/ledger_bench.py): the entries are read
in batches by sequence number (keyset pages on the primary key, never the whole table at once), each hashed once;
the latest entry of each object comes from one grouped query per object type, streamed, and each feature's Reader
answers for a batch of objects in one query; the objects that hold a value without any entry come from one
NOT EXISTS query per type."""

import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, exists, func, select, type_coerce

from lms.core import ledger_sql
from lms.core.extensions import db
from lms.core.ledger import (
    GENESIS,
    Head,
    LedgerEntry,
    append,
    chain_hash,
    encode_values,
    entry_content,
    head,
)
from lms.core.ledger_readers import readers

BATCH = 20000  # entries per page of the chain
OBJECTS_BATCH = 5000  # objects per Reader.current call
SHOWN = 20  # differences listed (all are counted)
BASELINE = "ledger.baseline"


@dataclass(frozen=True)
class Broken:
    """The first entry where the chain does not hold."""

    seq: int
    at: datetime | None
    kind: str
    object_type: str
    object_id: str
    participant_id: int | None
    reason: str


@dataclass(frozen=True)
class Difference:
    object_type: str
    object_id: str
    participant_id: int | None
    seq: int | None  # the object's latest entry; None: it has none
    recorded: str | None  # the values that entry holds (canonical JSON)
    current: str | None  # what the row holds now; None: the row is not there


@dataclass
class Verification:
    head: Head
    entries: int = 0
    broken: Broken | None = None
    anchor_problems: list[str] = field(default_factory=list)
    objects: int = 0  # objects whose latest values were compared
    differences: list[Difference] = field(default_factory=list)  # the first SHOWN
    difference_count: int = 0
    unread_types: list[str] = field(default_factory=list)  # object types with values but no Reader
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.broken or self.anchor_problems or self.difference_count or self.unread_types)

    def differ(self, difference: Difference) -> None:
        self.difference_count += 1
        if len(self.differences) < SHOWN:
            self.differences.append(difference)


def verify(anchors: dict[int, str] | None = None, sql: bool | None = None, batch: int = BATCH):
    """The whole check; `anchors` are recorded head hashes (sequence -> hash) the chain must still hold. sql: let
    the database do it (lms.core.ledger_sql; the default on PostgreSQL), or False for the Python path."""
    started = time.perf_counter()
    result = Verification(head=head())
    connection = db.session.connection()
    if sql is None:
        sql = connection.dialect.name == "postgresql"
    if sql:
        check_chain_sql(result, anchors or {})
    else:
        check_chain(result, anchors or {}, batch)
    reconcile(result, sql)
    result.seconds = time.perf_counter() - started
    return result


def _at_text(dialect: str):
    """`at` as lms.core.ledger.time_text writes it, formatted by the database ("2026-12-07T03:15:04.123456+00:00"),
    much cheaper than a datetime per entry. SQLite keeps SQLAlchemy's text ("2026-12-07 03:15:04.123456", UTC);
    PostgreSQL formats its timestamptz in UTC."""
    at = LedgerEntry.__table__.c.at
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", at), 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    raw = type_coerce(at, String)
    return func.substr(raw, 1, 10) + "T" + func.substr(raw, 12, 15) + "+00:00"


def _columns(dialect: str) -> tuple:
    t = LedgerEntry.__table__.c
    return (t.seq, _at_text(dialect), t.kind, t.object_type, t.object_id, t.participant_id, t.actor_id,
            t.values_json, t.prev_hash, t.hash)  # fmt: skip


def _broken(row, reason: str) -> Broken:
    return Broken(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4], row[5], reason)


def _missing(expected: int, seq: int) -> str:
    missing = f"#{expected}" if seq == expected + 1 else f"#{expected} sampai #{seq - 1}"
    return f"entri {missing} tidak ada lagi (dihapus)"


RELINKED = "hash sebelumnya bukan hash entri #{}: rantai diubah di antaranya"
EDITED = "isinya tidak cocok dengan hash-nya: entri ini diubah setelah dicatat"


def _check_anchors(result: Verification, anchors: dict[int, str], seen: dict[int, str]) -> None:
    for seq, digest in sorted(anchors.items()):
        if seq > result.entries:
            result.anchor_problems.append(
                f"entri #{seq} yang hash-nya dicatat tidak ada: ledger berakhir di #{result.entries} "
                "(dipotong, atau dipulihkan dari cadangan yang lebih lama)"
            )
        elif seen.get(seq) != digest.lower():
            result.anchor_problems.append(f"hash entri #{seq} bukan yang dicatat ({digest}): sekarang {seen.get(seq)}")


def check_chain_sql(result: Verification, anchors: dict[int, str]) -> None:
    """check_chain by the database (PostgreSQL, lms.core.ledger_sql): the first entry that does not hold."""
    connection = db.session.connection()
    ledger_sql.prepare(connection)
    found = ledger_sql.first_break(connection)
    if found is None:
        result.entries = result.head.seq
        _check_anchors(result, anchors, ledger_sql.hashes_at(connection, anchors) if anchors else {})
        return
    row, prev_seq, linked = found
    result.entries = prev_seq  # those before it hold
    if row[0] != prev_seq + 1:
        result.broken = _broken(row, _missing(prev_seq + 1, row[0]))
    else:
        result.broken = _broken(row, EDITED if linked else RELINKED.format(row[0] - 1))


def check_chain(result: Verification, anchors: dict[int, str], batch: int = BATCH) -> None:
    """Recompute every hash in order; stop at the first entry that does not hold (result.broken)."""
    expected, prev, after = 1, GENESIS, 0
    seen: dict[int, str] = {}
    connection = db.session.connection()  # Core rows: no ORM work per entry
    seq_column = LedgerEntry.__table__.c.seq
    page = select(*_columns(connection.dialect.name)).order_by(seq_column).limit(batch)
    while True:
        rows = connection.execute(page.where(seq_column > after)).all()
        if not rows:
            break
        for row in rows:
            seq = row[0]
            if seq != expected:
                result.broken = _broken(row, _missing(expected, seq))
                return
            if row[8] != prev:
                result.broken = _broken(row, RELINKED.format(seq - 1))
                return
            if chain_hash(prev, entry_content(*row[:8])) != row[9]:
                result.broken = _broken(row, EDITED)
                return
            if seq in anchors:
                seen[seq] = row[9]
            prev, expected = row[9], expected + 1
            result.entries += 1
        after = rows[-1][0]
    _check_anchors(result, anchors, seen)


def _latest(object_type: str):
    t = LedgerEntry.__table__.c
    newest = select(func.max(t.seq)).where(t.object_type == object_type).group_by(t.object_id).scalar_subquery()
    return select(t.object_id, t.participant_id, t.seq, t.values_json).where(t.seq.in_(newest))


def reconcile(result: Verification, sql: bool = False, objects_batch: int = OBJECTS_BATCH) -> None:
    """Each object's latest recorded values against its row now; then every row holding a value against the
    ledger (a value written behind the app's back has no entry)."""
    known = readers()
    types = db.session.scalars(select(LedgerEntry.object_type).distinct()).all()
    for object_type in sorted(set(types) - set(known)):
        if db.session.scalar(
            select(LedgerEntry.seq)
            .where(LedgerEntry.object_type == object_type, LedgerEntry.values_json.is_not(None))
            .limit(1)
        ):
            result.unread_types.append(object_type)
    connection = db.session.connection()
    if sql:
        ledger_sql.prepare(connection)
    for object_type, reader in sorted(known.items()):
        if sql and reader.current_sql is not None:
            compared, count, different = ledger_sql.compare(connection, object_type, reader, SHOWN)
            result.objects += compared
            shown = reader.current([row[0] for row in different]) if different else {}
            for object_id, participant_id, seq, recorded in different:
                now = shown.get(object_id, reader.absent)
                now_json = None if now is None else encode_values(now)
                result.differ(Difference(object_type, object_id, participant_id, seq, recorded, now_json))
            result.difference_count += count - len(different)  # counted, not listed
        else:
            _compare(result, connection, object_type, reader, objects_batch)
        _unrecorded(result, object_type, reader)


def _compare(result: Verification, connection, object_type: str, reader, objects_batch: int) -> None:
    stream = connection.execution_options(yield_per=objects_batch).execute(_latest(object_type))
    for part in stream.partitions():
        current = reader.current([row[0] for row in part])
        for object_id, participant_id, seq, recorded in part:
            if recorded is None:
                continue
            result.objects += 1
            now = current.get(object_id, reader.absent)
            now_json = None if now is None else encode_values(now)
            if now_json != recorded:
                result.differ(Difference(object_type, object_id, participant_id, seq, recorded, now_json))


def _unrecorded(result: Verification, object_type: str, reader) -> None:
    holding = reader.recorded().subquery()
    object_id, participant_id = list(holding.c)[:2]
    orphans = db.session.execute(
        select(object_id, participant_id).where(
            ~exists().where(LedgerEntry.object_type == object_type, LedgerEntry.object_id == object_id)
        )
    ).all()
    if not orphans:
        return
    current = reader.current(list({row[0] for row in orphans[:SHOWN]}))
    for oid, participant in orphans:
        now = current.get(oid, reader.absent)
        now_json = None if now is None else encode_values(now)
        result.differ(Difference(object_type, oid, participant, None, None, now_json))


def describe(difference: Difference) -> str:
    """One line for a person: which object, and what the ledger and the row say."""
    who = f" (peserta {difference.participant_id})" if difference.participant_id is not None else ""
    name = f"{difference.object_type} {difference.object_id}{who}"
    if difference.seq is None:
        return f"{name}: nilai tanpa entri ledger (ditulis di luar aplikasi?): sekarang {difference.current}"
    if difference.current is None:
        return f"{name}: ledger #{difference.seq} mencatat {difference.recorded}, tetapi barisnya tidak ada lagi"
    return f"{name}: ledger #{difference.seq} mencatat {difference.recorded}, sekarang {difference.current}"


class BaselineRefused(Exception):
    pass


def baseline(objects_batch: int = OBJECTS_BATCH) -> int:
    """An installation whose scores predate the ledger: one "ledger.baseline" entry for every object that holds a
    value and has no entry yet, with the values it holds now; committed per batch (a second run carries on).
    Refused once the ledger holds any other entry: from then on a value without an entry is a finding."""
    if db.session.scalar(select(LedgerEntry.seq).where(LedgerEntry.kind != BASELINE).limit(1)) is not None:
        raise BaselineRefused(
            "Ledger sudah berisi entri dari aplikasi; saldo awal hanya dicatat sekali, sebelum entri pertama."
        )
    written = 0
    for object_type, reader in sorted(readers().items()):
        holding = reader.recorded().subquery()
        object_id, participant_id = list(holding.c)[:2]
        missing = db.session.execute(
            select(object_id, participant_id)
            .where(~exists().where(LedgerEntry.object_type == object_type, LedgerEntry.object_id == object_id))
            .order_by(object_id, participant_id)
        ).all()
        for start in range(0, len(missing), objects_batch):
            chunk = missing[start : start + objects_batch]
            current = reader.current(list({row[0] for row in chunk}))
            for oid, participant in chunk:
                append(BASELINE, object_type, oid, participant_id=participant, values=current.get(oid), actor_id=None)
            db.session.commit()
            written += len(chunk)
    return written
