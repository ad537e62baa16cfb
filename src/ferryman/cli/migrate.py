"""``ferryman migrate``: bring the database schema to the latest version.

``serve`` also migrates at startup (under a PostgreSQL advisory lock, so replicas starting together
apply each migration once); run this as an init job to keep schema changes out of the rollout.
"""

from __future__ import annotations

import asyncio

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.storage.database import Database

__all__ = ["migrate"]


def migrate(config: ConfigOpt = None) -> None:
    """Apply database migrations."""
    settings = settings_or_exit(config)

    async def main() -> None:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
        finally:
            await db.aclose()

    asyncio.run(main())
    err.print("database is up to date")
