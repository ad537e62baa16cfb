"""The database sink writes, with the raw driver, exactly the rows SQLAlchemy's insert writes.

Same events through both paths into one real database (a SQLite file, a fresh PostgreSQL
database): every column's stored value must be identical, JSON nulls and timestamps included;
a retried batch is written once; a failing batch leaves nothing half-written.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from ferryman.audit.event import FIELDS, AuditEvent
from ferryman.audit.sinks.database import DatabaseSink
from ferryman.storage.audit_events import AuditEventStore
from ferryman.storage.database import Database
from tests.e2e.backends import postgres_database


def _events(tag: str) -> list[AuditEvent]:
    full = AuditEvent(
        request_id=f"req-{tag}-full",
        endpoint="chat",
        status=200,
        outcome="ok",
        latency_ms=12.345,
        bytes_in=1024,
        ts=datetime(2026, 11, 29, 21, 30, 1, 123456, tzinfo=UTC),
        environment="dev",
        identity_kind="key",
        key_id="k" * 32,
        key_prefix="fm_dev__abc",
        key_name="bench",
        team="ml",
        alias="mock-gpt",
        provider="mock",
        requested_model="mock-gpt",
        upstream_model="gpt-4o-mini",
        stream=True,
        upstream_ms=3.5,
        ttft_ms=1.25,
        overhead_ms=8.845,
        bytes_out=587,
        prompt_tokens=250,
        completion_tokens=48,
        cost_usd=6.63e-05,
        policy="default",
        redactions={"EMAIL:pseudonymize": 1, "PERSON:mask:response": 2},
        injection={"decision": "pass", "score": 0.0, "categories": [], "indirect": False},
        attempts=[{"alias": "mock-gpt", "provider": "mock", "status": 200, "error": None}],
        client="127.0.0.0/24",
        user_agent="wrk",
        fingerprint="f" * 64,
        subject="s" * 64,
    )
    bare = AuditEvent(
        request_id=f"req-{tag}-bare",
        endpoint="embeddings",
        status=401,
        outcome="error",
        latency_ms=0.5,
        bytes_in=0,
        ts=datetime(2026, 11, 29, 21, 30, 2, 0, tzinfo=UTC),
        error_type="authentication_error",
        error_code="missing",
    )
    return [full, bare]


async def _stored(db: Database, request_ids: list[str]) -> list[dict[str, object]]:
    rows = []
    async with db.engine.connect() as conn:
        for rid in request_ids:
            if db.dialect == "sqlite":  # quote(): the stored value and its storage class
                columns = ", ".join(f"quote({f})" for f in FIELDS)
            else:  # as text: a JSON null and an SQL NULL differ
                columns = ", ".join(f"{f}::text" for f in FIELDS)
            sql = text(f"SELECT {columns} FROM audit_events WHERE request_id = :r")  # noqa: S608
            row = (await conn.execute(sql, {"r": rid})).one()
            rows.append({k: v for k, v in zip(FIELDS, row, strict=True) if k != "id"})
    for row in rows:
        row["request_id"] = str(row["request_id"]).replace("raw", "orm")
    return rows


async def _compare(url: str) -> None:
    db = Database(url)
    await db.migrate()
    store = AuditEventStore(db.engine)
    sink = DatabaseSink(store)
    try:
        orm, raw = _events("orm"), _events("raw")
        await store.insert(orm)
        await sink.write(raw)
        await sink.write(raw)  # a retried batch: written once
        assert await store.count() == 4
        ids = [e.request_id for e in orm]
        assert await _stored(db, [e.request_id for e in raw]) == await _stored(db, ids)
        # through the store's reader the raw rows read back as the events
        got = {r["request_id"]: r for r in await store.query(_all())}
        for event in raw:
            row = got[event.request_id]
            assert row["redactions"] == event.redactions
            assert row["injection"] == event.injection
            assert row["attempts"] == event.attempts
            assert row["stream"] == int(event.stream)
    finally:
        await sink.close()
        await db.aclose()


def _all() -> object:
    from ferryman.storage.audit_events import AuditQuery

    return AuditQuery(limit=100)


@contextlib.contextmanager
def _url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path}/audit.db"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_raw_driver_rows_equal_sqlalchemy_rows(backend: str, tmp_path: Path) -> None:
    with _url(backend, tmp_path) as url:
        asyncio.run(_compare(url))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_failing_batch_writes_nothing(backend: str, tmp_path: Path) -> None:
    async def main(url: str) -> None:
        db = Database(url)
        await db.migrate()
        store = AuditEventStore(db.engine)
        sink = DatabaseSink(store)
        try:
            good, bad = _events("x")
            bad.request_id = None  # type: ignore[assignment]  # NOT NULL: the batch fails
            with pytest.raises(Exception):  # noqa: B017 - the driver's own error type
                await sink.write([good, bad])
            assert await store.count() == 0
            bad.request_id = "req-x-bare"
            await sink.write([good, bad])  # the retry writes the whole batch
            assert await store.count() == 2
        finally:
            await sink.close()
            await db.aclose()

    with _url(backend, tmp_path) as url:
        asyncio.run(main(url))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_large_batch_is_written_whole(backend: str, tmp_path: Path) -> None:
    async def main(url: str) -> None:
        db = Database(url)
        await db.migrate()
        store = AuditEventStore(db.engine)
        sink = DatabaseSink(store)
        try:
            events = []
            for i in range(463):  # every statement size: 200, 200, 50, 10, 1, 1, 1
                event = _events(str(i))[i % 2]
                events.append(event)
            await sink.write(events)
            await sink.write(events[:300])  # retried: nothing twice
            assert await store.count() == 463
        finally:
            await sink.close()
            await db.aclose()

    with _url(backend, tmp_path) as url:
        asyncio.run(main(url))
