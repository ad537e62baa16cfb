"""Rate, token and concurrency limits: GCRA meters and leased concurrency slots, per key, end
user, team and environment, in process or shared through Redis. The ``limit`` stage
(``pipeline/limit.py``) applies them to each request."""

from __future__ import annotations

from typing import Any

from ferryman.errors import ConfigError
from ferryman.limits.memory import MemoryLimiter
from ferryman.limits.model import Limiter, LimiterUnavailable, Meter, Outcome, Slot
from ferryman.limits.policy import Plan, Policy
from ferryman.limits.redis import RedisLimiter
from ferryman.settings.limits import LimitSettings

__all__ = [
    "Limiter",
    "LimiterUnavailable",
    "MemoryLimiter",
    "Meter",
    "Outcome",
    "Plan",
    "Policy",
    "RedisLimiter",
    "Slot",
    "build_limiter",
]


def build_limiter(settings: LimitSettings, redis: Any) -> Limiter:
    """Redis when configured (``backend: auto`` with ``cache.url``, or ``redis``), else memory."""
    if settings.backend == "redis" and redis is None:
        raise ConfigError("limits.backend: redis needs cache.url")
    if settings.backend != "memory" and redis is not None:
        return RedisLimiter(redis, settings.redis_prefix)
    return MemoryLimiter()
