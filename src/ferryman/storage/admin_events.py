"""The admin audit trail: who did what, when, from where, with what outcome - never a secret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.storage.schema import admin_events

__all__ = ["AdminEvent", "AdminEventStore"]


@dataclass(frozen=True, slots=True)
class AdminEvent:
    actor_kind: str
    actor: str
    action: str
    outcome: str
    target: str | None = None
    client: str | None = None
    detail: dict[str, Any] | None = None


class AdminEventStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def record(self, event: AdminEvent) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                admin_events.insert().values(
                    ts=datetime.now(UTC),
                    actor_kind=event.actor_kind,
                    actor=event.actor[:64],
                    action=event.action,
                    target=(event.target or None) and event.target[:64],
                    outcome=event.outcome,
                    client=(event.client or None) and event.client[:64],
                    detail=event.detail or {},
                )
            )

    async def purge(self, before: datetime) -> int:
        """Delete events older than ``before`` (retention); returns how many."""
        async with self.engine.begin() as conn:
            result = await conn.execute(admin_events.delete().where(admin_events.c.ts < before))
        return int(result.rowcount or 0)

    async def query(
        self, *, action: str | None = None, since: datetime | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        query = select(admin_events).order_by(admin_events.c.id.desc()).limit(limit)
        if action:
            query = query.where(admin_events.c.action == action)
        if since:
            query = query.where(admin_events.c.ts >= since)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        out = []
        for row in rows:
            item = dict(row._mapping)
            ts = item["ts"]
            item["ts"] = (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).isoformat()
            out.append(item)
        return out
