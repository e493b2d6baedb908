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

from sqlalchemy import exists, func, select

from lms.core.extensions import db
from lms.core.ledger import GENESIS, Head, LedgerEntry, append, canonical, chain_hash, entry_content, head, readers

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


def verify(anchors: dict[int, str] | None = None, batch: int = BATCH, objects_batch: int = OBJECTS_BATCH):
    """The whole check; `anchors` are recorded head hashes (sequence -> hash) the chain must still hold."""
    started = time.perf_counter()
    result = Verification(head=head())
    check_chain(result, anchors or {}, batch)
    reconcile(result, objects_batch)
    result.seconds = time.perf_counter() - started
    return result


_COLUMNS = (
    LedgerEntry.seq,
    LedgerEntry.at,
    LedgerEntry.kind,
    LedgerEntry.object_type,
    LedgerEntry.object_id,
    LedgerEntry.participant_id,
    LedgerEntry.actor_id,
    LedgerEntry.values_json,
    LedgerEntry.prev_hash,
    LedgerEntry.hash,
)


def _broken(row, reason: str) -> Broken:
    return Broken(row[0], row[1], row[2], row[3], row[4], row[5], reason)


def check_chain(result: Verification, anchors: dict[int, str], batch: int = BATCH) -> None:
    """Recompute every hash in order; stop at the first entry that does not hold (result.broken)."""
    expected, prev, after = 1, GENESIS, 0
    seen: dict[int, str] = {}
    while True:
        rows = db.session.execute(
            select(*_COLUMNS).where(LedgerEntry.seq > after).order_by(LedgerEntry.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            seq = row[0]
            if seq != expected:
                missing = f"#{expected}" if seq == expected + 1 else f"#{expected} sampai #{seq - 1}"
                result.broken = _broken(row, f"entri {missing} tidak ada lagi (dihapus)")
                return
            if row[8] != prev:
                result.broken = _broken(row, f"hash sebelumnya bukan hash entri #{seq - 1}: rantai diubah di antaranya")
                return
            if chain_hash(prev, entry_content(*row[:8])) != row[9]:
                result.broken = _broken(row, "isinya tidak cocok dengan hash-nya: entri ini diubah setelah dicatat")
                return
            if seq in anchors:
                seen[seq] = row[9]
            prev, expected = row[9], expected + 1
            result.entries += 1
        after = rows[-1][0]
    for seq, digest in sorted(anchors.items()):
        if seq > result.entries:
            result.anchor_problems.append(
                f"entri #{seq} yang hash-nya dicatat tidak ada: ledger berakhir di #{result.entries} "
                "(dipotong, atau dipulihkan dari cadangan yang lebih lama)"
            )
        elif seen.get(seq) != digest.lower():
            result.anchor_problems.append(f"hash entri #{seq} bukan yang dicatat ({digest}): sekarang {seen.get(seq)}")


def _latest(object_type: str):
    newest = (
        select(func.max(LedgerEntry.seq))
        .where(LedgerEntry.object_type == object_type)
        .group_by(LedgerEntry.object_id)
        .scalar_subquery()
    )
    return select(LedgerEntry.object_id, LedgerEntry.participant_id, LedgerEntry.seq, LedgerEntry.values_json).where(
        LedgerEntry.seq.in_(newest)
    )


def reconcile(result: Verification, objects_batch: int = OBJECTS_BATCH) -> None:
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
    for object_type, reader in sorted(known.items()):
        stream = db.session.execute(_latest(object_type), execution_options={"yield_per": objects_batch})
        for part in stream.partitions():
            current = reader.current([row[0] for row in part])
            for object_id, participant_id, seq, recorded in part:
                if recorded is None:
                    continue
                result.objects += 1
                now = current.get(object_id)
                now_json = None if now is None else canonical(now)
                if now_json != recorded:
                    result.differ(Difference(object_type, object_id, participant_id, seq, recorded, now_json))
        _unrecorded(result, object_type, reader)


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
        now = current.get(oid)
        result.differ(Difference(object_type, oid, participant, None, None, None if now is None else canonical(now)))


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
