"""Request audit events in the configured database: insert, query, retention, forget, export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, not_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.audit.event import AuditEvent
from ferryman.storage.schema import audit_events

__all__ = ["AuditEventStore", "AuditQuery"]


@dataclass(frozen=True, slots=True)
class AuditQuery:
    since: datetime | None = None
    until: datetime | None = None
    key: str | None = None  # key id or prefix
    model: str | None = None  # alias
    status: str | None = None  # "200", "4xx", "5xx"
    outcome: str | None = None
    environment: str | None = None
    limit: int = 100
    before_id: str | None = None  # paging: events older than this one


class AuditEventStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._insert = (
            postgresql.insert(audit_events)
            if engine.dialect.name == "postgresql"
            else sqlite.insert(audit_events)
        ).on_conflict_do_nothing(index_elements=["id"])  # a retried batch is written once

    async def insert(self, events: list[AuditEvent]) -> None:
        if not events:
            return
        async with self.engine.begin() as conn:
            await conn.execute(self._insert, [e.to_row() for e in events])

    def _where(self, q: AuditQuery) -> list[Any]:
        c = audit_events.c
        where: list[Any] = []
        if q.since:
            where.append(c.ts >= q.since)
        if q.until:
            where.append(c.ts < q.until)
        if q.key:
            where.append((c.key_id == q.key) | (c.key_prefix == q.key))
        if q.model:
            where.append(c.alias == q.model)
        if q.environment:
            where.append(c.environment == q.environment)
        if q.outcome:
            where.append(c.outcome == q.outcome)
        if q.status:
            if q.status.endswith("xx") and q.status[0].isdigit():
                low = int(q.status[0]) * 100
                where.append(and_(c.status >= low, c.status < low + 100))
            elif q.status.isdigit():
                where.append(c.status == int(q.status))
        return where

    async def query(self, q: AuditQuery) -> list[dict[str, Any]]:
        c = audit_events.c
        stmt = select(audit_events).where(*self._where(q)).order_by(c.ts.desc(), c.id.desc())
        if q.before_id:
            anchor = select(c.ts).where(c.id == q.before_id).scalar_subquery()
            stmt = stmt.where(c.ts < anchor)
        stmt = stmt.limit(max(1, min(q.limit, 10_000)))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [{str(k): v for k, v in r.items()} for r in rows]

    async def count(self, q: AuditQuery | None = None) -> int:
        stmt = select(func.count()).select_from(audit_events)
        if q is not None:
            stmt = stmt.where(*self._where(q))
        async with self.engine.connect() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def stream(self, q: AuditQuery) -> AsyncIterator[dict[str, Any]]:
        """Every matching event, oldest first (for exports)."""
        c = audit_events.c
        stmt = select(audit_events).where(*self._where(q)).order_by(c.ts, c.id)
        async with self.engine.connect() as conn:
            result = await conn.stream(stmt)
            async for row in result.mappings():
                yield {str(k): v for k, v in row.items()}

    async def purge(self, retention: dict[str, datetime], default_before: datetime) -> int:
        """Delete events older than their environment's cutoff; returns how many."""
        c = audit_events.c
        deleted = 0
        async with self.engine.begin() as conn:
            for env, before in retention.items():
                r = await conn.execute(
                    delete(audit_events).where(c.environment == env, c.ts < before)
                )
                deleted += int(r.rowcount or 0)
            others = c.ts < default_before
            if retention:
                others = and_(
                    others, not_(c.environment.in_(list(retention))) | c.environment.is_(None)
                )
            r = await conn.execute(delete(audit_events).where(others))
            deleted += int(r.rowcount or 0)
        return deleted

    async def forget(self, subject_hash: str, *, erase: bool = False) -> int:
        """Unlink (or with ``erase`` delete) every event of one end user; returns how many."""
        c = audit_events.c
        async with self.engine.begin() as conn:
            if erase:
                r = await conn.execute(delete(audit_events).where(c.subject == subject_hash))
            else:
                r = await conn.execute(
                    update(audit_events)
                    .where(c.subject == subject_hash)
                    .values(subject=None, fingerprint=None, client=None, user_agent=None)
                )
        return int(r.rowcount or 0)
