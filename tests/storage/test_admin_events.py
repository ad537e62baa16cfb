"""The admin audit trail: recorded, queryable, purged by retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ferryman.storage.admin_events import AdminEvent, AdminEventStore
from ferryman.storage.database import Database


def test_record_query_and_purge(tmp_path: Path) -> None:
    async def run() -> tuple[list[str], int, list[str]]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/f.db")
        await db.migrate()
        store = AdminEventStore(db.engine)
        try:
            await store.record(AdminEvent("cli", "cli:ops", "key.create", "ok", target="k1"))
            await store.record(
                AdminEvent("key", "fm_dev_abc", "key.revoke", "ok", client="10.0.0.1")
            )
            actions = [e["action"] for e in await store.query()]
            purged_none = await store.purge(datetime.now(UTC) - timedelta(days=1))
            assert purged_none == 0
            purged = await store.purge(datetime.now(UTC) + timedelta(seconds=1))
            return actions, purged, [e["action"] for e in await store.query()]
        finally:
            await db.aclose()

    actions, purged, left = asyncio.run(run())
    assert actions == ["key.revoke", "key.create"]  # newest first
    assert purged == 2 and left == []
