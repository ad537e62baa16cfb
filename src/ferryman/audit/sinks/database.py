"""The database sink: the configured SQLite/PostgreSQL store (what ``ferryman audit`` reads).

A batch is written with the database driver directly (multi-row INSERTs on SQLite, asyncpg's
``executemany`` on PostgreSQL), not through SQLAlchemy's statement execution: binding ~40
columns per event through SQLAlchemy's type processors was the largest single cost of a request
with the audit trail on. The rows are exactly the ones :meth:`AuditEventStore.insert` writes
(same columns, same stored forms: timestamps as SQLAlchemy stores them, JSON columns through the
same orjson encoder, ``null`` for an absent JSON value), in one transaction per batch, and a
retried batch is written once (``ON CONFLICT (id) DO NOTHING``).

- SQLite: a connection of its own in one dedicated thread, so neither the statement nor the
  commit's fsync runs on the event loop (same pragmas as the engine's connections: WAL,
  ``busy_timeout``, foreign keys; default ``synchronous``).
- PostgreSQL: asyncpg's pipelined ``executemany`` on a connection from the engine's pool.
- Anything else (an in-memory SQLite database, which a second connection would not see): the
  store's SQLAlchemy insert.
"""

from __future__ import annotations

import asyncio
import operator
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import JSON, DateTime

from ferryman.audit.event import AuditEvent
from ferryman.storage.audit_events import AuditEventStore
from ferryman.storage.schema import audit_events

__all__ = ["DatabaseSink", "postgres_rows", "sqlite_rows"]

_COLUMNS = tuple(c.name for c in audit_events.columns)
_JSON_COLUMNS = frozenset(c.name for c in audit_events.columns if isinstance(c.type, JSON))
_DATETIME_COLUMNS = frozenset(c.name for c in audit_events.columns if isinstance(c.type, DateTime))
# column names come from the schema, every value is a bound parameter
_INSERT = "INSERT INTO audit_events ({}) VALUES {} ON CONFLICT (id) DO NOTHING"
_SQLITE_ROW = "(" + ", ".join("?" for _ in _COLUMNS) + ")"
# rows per SQLite statement, largest first (38 columns x 200 rows stays far below SQLite's
# 32,766 parameters); a handful of fixed sizes keeps the prepared statements few and cached
_SQLITE_CHUNKS = (200, 50, 10, 1)
_POSTGRES_INSERT = _INSERT.format(
    ", ".join(_COLUMNS), "(" + ", ".join(f"${i}" for i in range(1, len(_COLUMNS) + 1)) + ")"
)


_SQLITE_INSERTS = {
    n: _INSERT.format(", ".join(_COLUMNS), ", ".join([_SQLITE_ROW] * n)) for n in _SQLITE_CHUNKS
}


def _json(value: object) -> str:
    return orjson.dumps(value).decode()  # as storage.database's json_serializer (None: "null")


def _sqlite_datetime(value: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME storage format (the time zone is not stored)."""
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def _converters(
    datetimes: Callable[[datetime], Any],
) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """(column index, conversion) for the columns not stored as the event holds them."""
    out: list[tuple[int, Callable[[Any], Any]]] = []
    for i, name in enumerate(_COLUMNS):
        if name in _JSON_COLUMNS:
            out.append((i, _json))
        elif name in _DATETIME_COLUMNS:
            out.append((i, lambda v: None if v is None else datetimes(v)))
        elif name == "stream":
            out.append((i, int))
    return tuple(out)


_SQLITE_CONVERT = _converters(_sqlite_datetime)
_POSTGRES_CONVERT = _converters(lambda v: v)  # asyncpg binds aware datetimes as timestamptz
_VALUES = operator.attrgetter(*_COLUMNS)  # every column's value of an event, in one C call


def _rows(
    events: list[AuditEvent], convert: tuple[tuple[int, Callable[[Any], Any]], ...]
) -> list[tuple[Any, ...]]:
    rows = []
    for event in events:
        row = list(_VALUES(event))
        for i, fn in convert:
            row[i] = fn(row[i])
        rows.append(tuple(row))
    return rows


def sqlite_rows(events: list[AuditEvent]) -> list[tuple[Any, ...]]:
    """The parameter rows of a batch for SQLite, in column order."""
    return _rows(events, _SQLITE_CONVERT)


def postgres_rows(events: list[AuditEvent]) -> list[tuple[Any, ...]]:
    """The parameter rows of a batch for asyncpg, in column order."""
    return _rows(events, _POSTGRES_CONVERT)


class _SqliteWriter:
    """One SQLite connection, used only from one worker thread."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ferryman-audit-sqlite")
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _write(self, events: list[AuditEvent]) -> None:
        if self._conn is None:
            self._conn = self._connect()
        conn = self._conn
        rows = sqlite_rows(events)
        conn.execute("BEGIN")
        try:
            # multi-row statements rather than executemany: each statement is one call into
            # SQLite, so the thread gives the GIL back to the event loop once per chunk
            # instead of once per row (each hand-over costs both threads CPU)
            i = 0
            for size in _SQLITE_CHUNKS:
                while len(rows) - i >= size:
                    chunk = rows[i : i + size]
                    conn.execute(_SQLITE_INSERTS[size], [v for row in chunk for v in row])
                    i += size
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def write(self, events: list[AuditEvent]) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, self._write, events)

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, self._close)
        self._pool.shutdown(wait=False)


class DatabaseSink:
    name = "database"

    def __init__(self, store: AuditEventStore) -> None:
        self.store = store
        url = store.engine.url
        self._sqlite: _SqliteWriter | None = None
        self._postgres = store.engine.dialect.driver == "asyncpg"
        database = url.database or ":memory:"
        if url.get_backend_name() == "sqlite" and database != ":memory:" and not url.query:
            self._sqlite = _SqliteWriter(database)

    async def write(self, events: list[AuditEvent]) -> None:
        if not events:
            return
        if self._sqlite is not None:
            await self._sqlite.write(events)
        elif self._postgres:
            await self._write_postgres(events)
        else:
            await self.store.insert(events)

    async def _write_postgres(self, events: list[AuditEvent]) -> None:
        rows = postgres_rows(events)
        async with self.store.engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            async with raw.transaction():
                await raw.executemany(_POSTGRES_INSERT, rows)

    async def close(self) -> None:
        if self._sqlite is not None:
            await self._sqlite.close()
