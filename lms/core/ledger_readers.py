"""Readers of the score ledger's objects (lms.core.ledger): how verify-ledger reads each object type's current
values in bulk to reconcile them with the latest entry. A feature that appends entries of an object type connects a
receiver to CURRENT_VALUES (in its feature.py) returning a Reader for it; core knows no feature."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Text, cast, func, literal_column
from sqlalchemy.dialects.postgresql import JSONB

from lms.core.hooks import Hook


@dataclass(frozen=True)
class Reader:
    """How verify-ledger reads one object type's current values, in bulk.

    current(ids) -> {object_id: values}: the values `append` would record for each object now (as a dict); an id
        the feature does not find is left out (it then holds `absent`).
    recorded() -> a select of (object_id text, participant_id): every object that holds a value now, each of which
        must have a ledger entry.
    current_sql() -> a select of (object_id text, values jsonb) for every object, the same values built by
        PostgreSQL (sql_values, sql_decimal), which then compares them all itself: optional, but without it a
        PostgreSQL verification of this type runs at Python's pace.
    absent: the values of an object whose row is not there (a withdrawn completion: {"source": None})."""

    object_type: str
    current: Callable[[list[str]], dict[str, dict]]
    recorded: Callable[[], Select]
    current_sql: Callable[[], Select] | None = None
    absent: dict | None = None


def sql_decimal(column) -> ColumnElement:
    """PostgreSQL: a numeric as decimal_text writes it (80.50 -> '80.5', 100.00 -> '100'), for current_sql."""
    return cast(func.trim_scale(column), Text)


def sql_values(**columns) -> ColumnElement:
    """PostgreSQL: the jsonb object of these keys and SQL values (compared as jsonb: order and spaces do not matter)."""
    pairs = []
    for key, value in columns.items():
        if not key.isidentifier():
            raise ValueError(f"ledger value key {key!r}")
        pairs += [literal_column(f"'{key}'"), value]
    return func.jsonb_build_object(*pairs)


def sql_json(column) -> ColumnElement:
    """PostgreSQL: a JSON column as jsonb, for sql_values."""
    return cast(column, JSONB)


CURRENT_VALUES = Hook(
    "ledger.current_values", "f() -> list[Reader]: the object types a feature records in the ledger, and their readers"
)


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {}
    for provided in CURRENT_VALUES.call():
        for reader in provided:
            found[reader.object_type] = reader
    return found


def split_id(object_id: str) -> tuple[int, ...]:
    """A composite object id ("user:phase") as its integers; ValueError if it is not one."""
    return tuple(int(part) for part in object_id.split(":"))
