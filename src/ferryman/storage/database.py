"""The database handle: one async engine per process, migrations applied at startup.

SQLite (the default) needs no setup: the file and its folder are created on first run. With
PostgreSQL several instances share one database; migrations take an advisory lock, so replicas
starting together apply them once, one after the other.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ferryman.errors import ConfigError

__all__ = ["Database", "migrate_database"]

_MIGRATIONS = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0005"  # the newest migration; a test keeps it equal to Alembic's head


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(url, json_serializer=_json)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        elif self.dialect == "postgresql":
            self.engine = create_async_engine(
                url, pool_size=10, max_overflow=10, pool_pre_ping=True, json_serializer=_json
            )
        else:
            raise ConfigError(f"storage.url: unsupported database {self.dialect!r}")

    async def migrate(self) -> None:
        """Bring the schema to the latest version (idempotent). When it already is, Alembic is
        not even imported (it costs startup time and memory on every instance)."""
        if await self.schema_version() == SCHEMA_HEAD:
            return
        await asyncio.to_thread(upgrade, self.url)

    async def schema_version(self) -> str | None:
        try:
            async with self.engine.connect() as conn:
                row = (
                    await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                ).first()
        except Exception:  # no table yet: a fresh database
            return None
        return str(row[0]) if row else None

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1")
            return True
        except Exception:
            return False

    async def aclose(self) -> None:
        await self.engine.dispose()


def migrate_database(url: str) -> None:
    """Open, migrate, close: for the CLI (``ferryman migrate``, and ``serve`` before workers)."""

    async def run() -> None:
        db = Database(url)
        try:
            await db.migrate()
        finally:
            await db.aclose()

    asyncio.run(run())


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def upgrade(url: str) -> None:
    """Run Alembic to ``head`` (sync: call it in a worker thread)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["ferryman_url"] = url
    command.upgrade(config, "head")


def _json(value: object) -> str:
    """JSON columns (audit events' redactions and attempts...) with orjson: the stdlib encoder
    was a visible share of the audit writer's batch inserts."""
    return orjson.dumps(value).decode()
