"""The database sink: the configured SQLite/PostgreSQL store (what ``ferryman audit`` reads)."""

from __future__ import annotations

from ferryman.audit.event import AuditEvent
from ferryman.storage.audit_events import AuditEventStore

__all__ = ["DatabaseSink"]


class DatabaseSink:
    name = "database"

    def __init__(self, store: AuditEventStore) -> None:
        self.store = store

    async def write(self, events: list[AuditEvent]) -> None:
        await self.store.insert(events)

    async def close(self) -> None:
        return None
