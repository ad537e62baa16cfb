"""Migrations: the schema head constant matches Alembic; migrating twice is a no-op."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from ferryman.storage import database
from ferryman.storage.database import SCHEMA_HEAD, Database


def test_schema_head_matches_alembic() -> None:
    config = Config()
    config.set_main_option("script_location", str(database._MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_migrate_creates_then_skips(tmp_path: Path) -> None:
    async def run() -> tuple[str | None, str | None, str | None]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/x/ferryman.db")
        try:
            before = await db.schema_version()
            await db.migrate()
            after = await db.schema_version()
            await db.migrate()
            return before, after, await db.schema_version()
        finally:
            await db.aclose()

    assert asyncio.run(run()) == (None, SCHEMA_HEAD, SCHEMA_HEAD)
