"""The shared Redis connection (``cache.url``) for state several instances must agree on:
rate limits, concurrency, circuit breakers, kill switches. None when not configured (then that
state is per process)."""

from __future__ import annotations

from typing import Any

from ferryman.settings.model import Settings

__all__ = ["build_redis"]


def build_redis(settings: Settings) -> Any:
    """A ``redis.asyncio.Redis`` for ``cache.url`` (or None); connects lazily on first use."""
    url = settings.cache.url
    if not url:
        return None
    import redis.asyncio as redis

    return redis.from_url(url, decode_responses=False, health_check_interval=30)
