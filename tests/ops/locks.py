"""A database lock a drill holds, so that the requests it sends meanwhile stay inside their workers.

Every answer save and every submit locks its attempt row (SELECT ... FOR UPDATE); on SQLite, every
POST takes the database's write lock first (BEGIN IMMEDIATE). While the drill holds the lock below,
those requests wait inside the worker that accepted them, for as long as the drill wants: a kill -9
of that worker lands mid-request on a busy machine as on a quiet one, with no moment to catch.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy.engine import make_url

LOCK_WAIT = 60  # seconds to get the lock ourselves (a request in flight may hold it briefly)


class RequestBlocker:
    """acquire(): saves and submits block (reads go on); release(): they go on, nothing of ours written."""

    def __init__(self, database_url: str):
        self.url = make_url(database_url)
        self.conn = None

    def acquire(self) -> None:
        assert self.conn is None, "already held"
        if self.url.get_backend_name() == "sqlite":
            # Taken in whichever thread reaches a barrier last, released in the drill's main thread.
            conn = sqlite3.connect(self.url.database, timeout=LOCK_WAIT, isolation_level=None, check_same_thread=False)
            conn.execute("BEGIN IMMEDIATE")  # the write lock every writer's BEGIN IMMEDIATE waits for
        else:
            conn = psycopg.connect(
                host=self.url.host,
                port=self.url.port or 5432,
                user=self.url.username,
                password=self.url.password,
                dbname=self.url.database,
                connect_timeout=10,
            )
            conn.execute(f"SET lock_timeout = '{LOCK_WAIT}s'")
            # EXCLUSIVE conflicts with the ROW SHARE lock of SELECT ... FOR UPDATE, and lets plain reads on.
            conn.execute("LOCK TABLE attempts IN EXCLUSIVE MODE")
        self.conn = conn

    def release(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            if isinstance(conn, psycopg.Connection):
                conn.rollback()
            else:
                conn.execute("ROLLBACK")
            conn.close()

    @property
    def held(self) -> bool:
        return self.conn is not None
