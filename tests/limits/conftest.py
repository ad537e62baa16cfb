"""Backends under test: the in-process limiter and the Redis one on 127.0.0.1:6379.

The Redis tests fail (never skip) when Redis is unreachable; each test uses its own random key
prefix and deletes only its own keys."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis

from ferryman.limits import Limiter, MemoryLimiter, RedisLimiter

REDIS_URL = "redis://127.0.0.1:6379/0"


def prefix() -> str:
    return f"ferryman-test:{secrets.token_hex(6)}:"


async def drop(client: aioredis.Redis, pfx: str) -> None:
    keys = [k async for k in client.scan_iter(match=pfx + "*", count=500)]
    if keys:
        await client.delete(*keys)


@asynccontextmanager
async def backend(kind: str) -> AsyncIterator[Limiter]:
    if kind == "memory":
        yield MemoryLimiter()
        return
    client = aioredis.from_url(REDIS_URL)
    pfx = prefix()
    try:
        assert await client.ping(), "Redis on 127.0.0.1:6379 is required for these tests"
        yield RedisLimiter(client, pfx)
    finally:
        await drop(client, pfx)
        await client.aclose()
