"""``ferryman migrate``: bring the database schema to the latest version.

``serve`` also migrates at startup (under a PostgreSQL advisory lock, so replicas starting together
apply each migration once); run this as an init job to keep schema changes out of the rollout.
"""

from __future__ import annotations

from ferryman.cli.common import ConfigOpt, err, settings_or_exit
from ferryman.storage.database import migrate_database

__all__ = ["migrate"]


def migrate(config: ConfigOpt = None) -> None:
    """Apply database migrations."""
    migrate_database(settings_or_exit(config).storage.url)
    err.print("database is up to date")
