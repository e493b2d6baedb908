"""The score ledger: every change of a score or a result, appended to a hash chain (tamper-evident).

What is chained: each entry has a sequence number (1, 2, 3, ... without gaps), the time it was written (UTC), its
kind (the audit action that goes with it: "attempt.graded", "task.regrade", ...), the object whose value changed
(the type and id of the row that holds the score), the participant, the actor, and the values that object holds
after the change as canonical JSON (sorted keys, no spaces, Decimals as normalised strings: "80.5", "100"). Its hash
is SHA-256 over the previous entry's hash and the entry's canonical content (`entry_content`), so changing, removing
or inserting an entry breaks the chain from there on; `lms verify-ledger` (lms.core.ledger_verify) recomputes it and
reconciles the latest values with the score rows, and `head()` is what is recorded outside the system.

How a feature uses it:
- `append(kind, object_type, object_id, participant_id=..., values=...)` in the transaction of the score change.
  The entry is queued on the session and written by the transaction's commit, after its last flush, under the
  chain's lock (PostgreSQL: an advisory transaction lock; SQLite: the write lock BEGIN IMMEDIATE took), so the chain
  never forks and no other lock is taken while it is held. If writing it fails, the commit fails and the score
  change is rolled back with it; a rolled-back transaction (or savepoint) drops what it queued.
- `values` is what `Reader.current` gives for the object afterwards (None: an event with no value to reconcile).
  A feature keeps one function that makes them from its row and uses it for both.
- A `Reader` per object type (lms.core.ledger_readers), from a receiver connected to CURRENT_VALUES there.
- SCORE_ACTIONS: an audit record of one of these actions (lms.core.audit.record) must have a ledger entry of the
  same kind for the same participant in its transaction, or the commit is refused: a score change is never
  committed without its entry. A new kind of score change adds its action here.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from json.encoder import encode_basestring

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import (
    BigInteger,
    Index,
    String,
    Text,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

GENESIS = "0" * 64  # the "previous hash" of entry 1
# pg_advisory_xact_lock key of the chain (any constant no other lock uses): b"LEDGER" as a number.
LOCK_KEY = int.from_bytes(b"LEDGER", "big")
NAME_MAX, ID_MAX = 40, 64

# Audit actions that change a score or a result: each needs its ledger entry in the same transaction.
SCORE_ACTIONS = frozenset(
    {
        "attempt.graded",
        "attempt.regrade",
        "essay.graded",
        "essay.regrade",
        "task.grade",
        "task.regrade",
        "seminar.submit",
        "seminar.reopen",
        "attendance.correct",
        "phase.complete",
        "phase.exception",
        "phase.complete.withdrawn",
    }
)


class LedgerEntry(db.Model):
    """One link of the chain. Never updated or deleted (the ORM refuses it, and so do the database triggers of
    migration 0028_ledger); participant and actor are plain ids, so the record outlives any row it names."""

    __tablename__ = "score_ledger"
    __table_args__ = (Index("ix_score_ledger_object", "object_type", "object_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(NAME_MAX))
    object_type: Mapped[str] = mapped_column(String(NAME_MAX))
    object_id: Mapped[str] = mapped_column(String(ID_MAX))
    participant_id: Mapped[int | None] = mapped_column(index=True)
    actor_id: Mapped[int | None]
    values_json: Mapped[str | None] = mapped_column(Text)  # canonical JSON; None: no value recorded
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LedgerIsAppendOnly(RuntimeError):
    pass


class LedgerEntryMissing(RuntimeError):
    """A score change's audit record has no ledger entry in its transaction (the commit is refused)."""


@event.listens_for(Session, "before_flush")
def _refuse_ledger_changes(session, _flush_context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, LedgerEntry):
            raise LedgerIsAppendOnly("score_ledger rows are never updated or deleted")


# --- canonical form and hashes --------------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """80.00 -> "80", 80.50 -> "80.5", 1E+2 -> "100": one text per number, whatever the column's scale."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def time_text(at: datetime) -> str:
    """A moment as the chain writes it: ISO 8601 in UTC to the microsecond, "2026-12-07T03:15:04.123456+00:00"."""
    offset = at.utcoffset()
    if offset is None:
        raise ValueError("naive datetime in the ledger; use lms.core.database.utcnow()")
    return (at if not offset else at.astimezone(UTC)).isoformat(timespec="microseconds")


def _default(value):
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, datetime):
        return time_text(value)
    raise TypeError(f"ledger values take str, int, bool, None, Decimal, datetime, lists and dicts, not {value!r}")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)
encode_values = _ENCODER.encode  # the canonical JSON of values already known to be plain (verify-ledger's readers)


def _check(value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"ledger value keys are strings, not {key!r}")
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)
    elif isinstance(value, float):  # a float has no one text (0.1 + 0.2): scores are Decimals
        raise TypeError(f"ledger values take Decimals, not the float {value!r}")


def canonical(values) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text as it is, Decimals ("80.5") and datetimes as strings."""
    _check(values)
    return encode_values(values)


def _number(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def entry_content(seq, at_text: str, kind, object_type, object_id, participant_id, actor_id, values_json) -> str:
    """The entry's canonical content: exactly `canonical({"actor":..., "at":..., "kind":..., "object": {"id", "type"},
    "participant":..., "seq":..., "values": <the values>})` with `at` as time_text gives it, built by hand because
    verify-ledger makes one for every entry (tests/core/test_ledger.py checks the two agree)."""
    return (
        f'{{"actor":{_number(actor_id)},"at":"{at_text}","kind":{encode_basestring(kind)},'
        f'"object":{{"id":{encode_basestring(object_id)},"type":{encode_basestring(object_type)}}},'
        f'"participant":{_number(participant_id)},"seq":{int(seq)},'
        f'"values":{"null" if values_json is None else values_json}}}'
    )


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


# --- appending ---------------------------------------------------------------------------------------------------

_QUEUE = "lms.ledger.queue"  # session.info: what this transaction appends (_Pending) and expects (_Expected)
_MARKS = "lms.ledger.marks"  # session.info: id(savepoint) -> length of the queue when it began


@dataclass(frozen=True)
class _Pending:
    kind: str
    object_type: str
    object_id: str
    participant_id: int | None
    actor_id: int | None
    values_json: str | None


@dataclass(frozen=True)
class _Expected:
    action: str
    participant_id: int | None


def _queue(session) -> list:
    return session.info.setdefault(_QUEUE, [])


def _name(value: str, what: str, limit: int = NAME_MAX) -> str:
    value = str(value)
    if not value or len(value) > limit:
        raise ValueError(f"ledger {what} must be 1 to {limit} characters: {value!r}")
    return value


def append(
    kind: str, object_type: str, object_id, *, participant_id: int | None, values: dict | None, actor_id=None
) -> None:
    """Queue a ledger entry in the current transaction; written (and chained) by its commit.

    actor_id defaults to the signed-in user, as the audit's does; `values` are canonicalised now, so later changes
    to the objects they came from do not reach the entry."""
    if actor_id is None and has_request_context() and getattr(current_user, "is_authenticated", False):
        actor_id = current_user.id
    session = db.session()
    if session.get_transaction() is None:
        session.begin()  # the queue belongs to a transaction, whose commit or rollback ends it
    _queue(session).append(
        _Pending(
            _name(kind, "kind"),
            _name(object_type, "object type"),
            _name(object_id, "object id", ID_MAX),
            participant_id,
            actor_id,
            None if values is None else canonical(values),
        )
    )


def expect_entry(action: str, participant_id: int | None) -> None:
    """Called by lms.core.audit.record: an audit record of a score action needs its ledger entry at commit."""
    if action in SCORE_ACTIONS:
        _queue(db.session).append(_Expected(action, participant_id))


def _check_expected(queue: list) -> None:
    written = {(item.kind, item.participant_id) for item in queue if isinstance(item, _Pending)}
    for item in queue:
        if isinstance(item, _Expected) and (item.action, item.participant_id) not in written:
            raise LedgerEntryMissing(
                f"audit action {item.action!r} for participant {item.participant_id} has no ledger entry "
                "in its transaction: call lms.core.ledger.append with the score change"
            )


def write_entries(connection, pending: list[_Pending]) -> int:
    """Chain and insert `pending` on `connection`, under the chain's lock; the last sequence number written."""
    if connection.dialect.name == "postgresql":
        # Held to the end of the transaction; whoever waited then reads the head this one wrote.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    table = LedgerEntry.__table__
    last = connection.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    at = utcnow()
    at_text = time_text(at)
    rows = []
    for item in pending:
        seq += 1
        digest = chain_hash(
            prev,
            entry_content(
                seq,
                at_text,
                item.kind,
                item.object_type,
                item.object_id,
                item.participant_id,
                item.actor_id,
                item.values_json,
            ),
        )
        rows.append(
            dict(
                seq=seq,
                at=at,
                kind=item.kind,
                object_type=item.object_type,
                object_id=item.object_id,
                participant_id=item.participant_id,
                actor_id=item.actor_id,
                values_json=item.values_json,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    connection.execute(insert(table), rows)
    return seq


@event.listens_for(Session, "before_commit")
def _write_queued(session):
    if session.in_nested_transaction():
        return  # a savepoint's release: its entries wait for the outer commit
    queue = session.info.get(_QUEUE)
    if not queue:
        return
    _check_expected(queue)
    pending = [item for item in queue if isinstance(item, _Pending)]
    if pending:
        session.flush()  # every row lock the change needs is taken before the chain's lock, never after
        write_entries(session.connection(), pending)
    queue.clear()


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session, transaction):
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[id(transaction)] = len(session.info.get(_QUEUE, ()))


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session, previous_transaction):
    queue = session.info.get(_QUEUE)
    if previous_transaction.nested:
        mark = session.info.get(_MARKS, {}).pop(id(previous_transaction), None)
        if queue is not None and mark is not None:
            del queue[mark:]
    elif previous_transaction.parent is None and queue is not None:
        queue.clear()  # (a flush's internal subtransaction: its savepoint or transaction rolls back on its own)


@event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction):
    # (A savepoint's end comes before its after_soft_rollback, which still needs its mark: marks go with the root.)
    if transaction.parent is None:
        # Committed (written), rolled back or closed: nothing queued outlives its transaction.
        session.info.pop(_QUEUE, None)
        session.info.pop(_MARKS, None)


# --- the head -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    seq: int  # 0: the ledger is empty
    hash: str
    at: datetime | None

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"


def head() -> Head:
    """The latest entry's sequence number and hash (committed entries: this transaction's wait for its commit)."""
    row = db.session.execute(
        select(LedgerEntry.seq, LedgerEntry.hash, LedgerEntry.at).order_by(LedgerEntry.seq.desc()).limit(1)
    ).first()
    return Head(row.seq, row.hash, row.at) if row else Head(0, GENESIS, None)
