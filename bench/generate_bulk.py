"""The generator's writers: `Context`, handed to every step (`insert_many` with ids back, `bulk`), and
`Bulk` (COPY on PostgreSQL, executemany on SQLite)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from scales import Scale

CHUNK = 1000  # rows per executemany with RETURNING
BULK_CHUNK = 20000  # rows per COPY / executemany of ctx.bulk


class Bulk:
    """Rows appended as tuples (in `columns` order), written in chunks: COPY ... FROM STDIN on PostgreSQL,
    executemany on SQLite, in ctx.conn's transaction. Values go through the columns' own bind processing
    (JSON, Numeric, ...), except datetimes, which must be UTC: PostgreSQL takes them as they are, and on
    SQLite they are written in SQLAlchemy's storage format directly (the generic path is slow)."""

    def __init__(self, ctx: Context, table: str, columns: tuple[str, ...]):
        tbl, dialect = ctx.t(table), ctx.conn.dialect
        self.conn, self.table, self.columns = ctx.conn, table, columns
        self.convert = []  # (index, function) of the columns whose values need converting
        for i, name in enumerate(columns):
            kind = tbl.c[name].type
            if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
                fn = None if dialect.name == "postgresql" else _sqlite_datetime
            else:
                fn = kind.dialect_impl(dialect).bind_processor(dialect)
            if fn:
                self.convert.append((i, fn))
        self.rows: list = []
        self.count = 0

    def add(self, *values) -> None:
        self.rows.append(values)
        if len(self.rows) >= BULK_CHUNK:
            self.flush()

    def extend(self, rows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= BULK_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        if self.convert:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, fn in self.convert:
                    row[i] = fn(row[i])
        cols = ", ".join(self.columns)
        cursor = self.conn.connection.dbapi_connection.cursor()
        try:
            if self.conn.dialect.name == "postgresql":
                with cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(self.columns))
                cursor.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        finally:
            cursor.close()
        self.count += len(rows)
        self.rows = []


def _sqlite_datetime(value: datetime | None) -> str | None:
    """SQLAlchemy's SQLite storage format, 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC, no offset)."""
    return None if value is None else value.isoformat(" ", "microseconds")[:26]


@dataclass
class Context:
    conn: sa.Connection
    tables: dict[str, sa.Table]
    scale: Scale
    rng: random.Random
    password_hash: str
    today: date
    now: datetime
    state: dict = field(default_factory=dict)
    log: Callable[[str], None] = print

    def t(self, name: str) -> sa.Table:
        return self.tables[name]

    def scalar(self, stmt):
        return self.conn.execute(stmt).scalar()

    def rows(self, sql: str, **params) -> list:
        return self.conn.execute(sa.text(sql), params).all()

    def insert_many(self, table: str, rows: list[dict], returning: str | None = None) -> list:
        """Insert rows in chunks; with `returning`, give back that column in the order of `rows`."""
        tbl = self.t(table)
        out = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if returning:
                stmt = tbl.insert().returning(tbl.c[returning], sort_by_parameter_order=True)
                out.extend(r[0] for r in self.conn.execute(stmt, chunk))
            else:
                self.conn.execute(tbl.insert(), chunk)
        return out

    def bulk(self, table: str, *columns: str) -> Bulk:
        return Bulk(self, table, columns)
