"""Persistent state: SQLAlchemy 2 (async) on SQLite by default or PostgreSQL for several instances,
with Alembic migrations. Tables hold metadata and hashes only - never content or a secret."""
