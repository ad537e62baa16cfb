"""Storage backends for the tests: a SQLite file, or a fresh database on the PostgreSQL server on
127.0.0.1:5432. PostgreSQL tests never skip: if the server is unreachable they fail."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
PEPPER = "test-pepper-0123456789abcdef"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throw-away database; yields its SQLAlchemy URL."""
    name = "ferryman_test_" + secrets.token_hex(4)

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=10)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def storage_section(url: str) -> str:
    return f"storage: {{url: '{url}'}}\n"


def sqlite_url(tmp: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp}/ferryman.db"
