"""``ferryman migrate``: bring the database schema to the latest version.

``serve`` also migrates at startup (under a PostgreSQL advisory lock, so replicas starting together
apply each migration once); run this as an init job to keep schema changes out of the rollout.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ferryman.errors import ConfigError
from ferryman.settings import load_settings
from ferryman.storage.database import Database

__all__ = ["migrate"]


def migrate(
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Config file.")] = None,
) -> None:
    """Apply database migrations."""
    err = Console(stderr=True, highlight=False)
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        err.print(f"invalid configuration: {exc.message}", markup=False)
        raise typer.Exit(1) from None

    async def main() -> None:
        db = Database(settings.storage.url)
        try:
            await db.migrate()
        finally:
            await db.aclose()

    asyncio.run(main())
    err.print("database is up to date")
