"""snapshot_read(): reads inside it see one moment of the database, on SQLite (WAL) and PostgreSQL, while another
connection commits between them; a snapshot never takes SQLite's write lock."""

import pytest
from sqlalchemy import func, insert, select, text

from lms.core.database import snapshot_read
from lms.core.extensions import db
from lms.people.models import Instansi


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Instansi))


def _commit_elsewhere(name: str) -> None:
    """Another connection of the pool (another request, another worker) adds an instansi and commits."""
    with db.engine.connect() as other:
        other.execute(insert(Instansi).values(name=name))
        other.commit()


def test_a_write_committed_between_two_reads_is_not_seen_inside(ctx):
    db.session.add(Instansi(name="Pemerintah Kota Awal"))
    db.session.commit()
    with snapshot_read():
        before = _count()
        _commit_elsewhere("Pemerintah Kota Sela")
        assert _count() == before == 1
        names = db.session.scalars(select(Instansi.name)).all()
        assert names == ["Pemerintah Kota Awal"]
    assert _count() == 2  # the next transaction sees it


def test_the_snapshot_is_taken_on_entering(ctx):
    """Its moment is the entry, not the first query of the block."""
    with snapshot_read():
        _commit_elsewhere("Pemerintah Kabupaten Sesudah")
        assert _count() == 0


def test_without_a_snapshot_postgresql_reads_each_statement_afresh(ctx):
    """The control: READ COMMITTED (PostgreSQL's default) sees the other commit between two statements, which
    is what the snapshot is for. SQLite's deferred transaction already keeps one read once it has begun."""
    assert _count() == 0
    if db.engine.dialect.name != "postgresql":
        db.session.commit()  # SQLite: a new transaction, without a snapshot, sees what was committed before it
    _commit_elsewhere("Pemerintah Kota Terlihat")
    assert _count() == 1


def test_a_snapshot_is_read_only_on_postgresql_and_leaves_the_next_transaction_writable(ctx):
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(Exception, match="read-only"), snapshot_read():
            db.session.execute(insert(Instansi).values(name="Tidak boleh"))
    db.session.add(Instansi(name="Pemerintah Kota Sesudahnya"))
    db.session.commit()
    assert _count() == 1
    if db.engine.dialect.name == "postgresql":
        level = db.session.scalar(text("SHOW transaction_isolation"))
        assert level == "read committed"  # the pooled connection is back to the default


def test_a_snapshot_does_not_hold_sqlite_writers_back(ctx):
    """Outside a request SQLite transactions begin IMMEDIATE (they are assumed to write); a snapshot begins
    deferred wherever it is taken, so another connection still writes while it is open (it would wait
    busy_timeout and fail otherwise)."""
    with snapshot_read():
        _count()
        _commit_elsewhere("Pemerintah Kota Penulis")
        assert _count() == 0
    assert _count() == 1
