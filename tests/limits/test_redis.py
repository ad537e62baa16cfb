"""The Redis limiter under contention: many clients deciding at once never over-admit (each
decision is one Lua script), and an unreachable Redis is a typed error."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis

from ferryman.limits import LimiterUnavailable, Meter, RedisLimiter, Slot
from ferryman.limits.gcra import Rate
from tests.limits.conftest import REDIS_URL, drop, prefix


def test_concurrent_decisions_from_several_clients_never_over_admit() -> None:
    async def scenario() -> tuple[int, int]:
        pfx = prefix()
        clients = [aioredis.from_url(REDIS_URL) for _ in range(4)]
        try:
            limiters = [RedisLimiter(c, pfx) for c in clients]
            rpm = Meter("k:rpm", "key", "requests", Rate(50, burst=1.0), 1)
            slot = Slot("k:conc", "key", 5)
            meters = await asyncio.gather(
                *(limiters[i % 4].acquire([rpm], [], f"m{i}", 60) for i in range(200))
            )
            slots = await asyncio.gather(
                *(limiters[i % 4].acquire([], [slot], f"s{i}", 60) for i in range(100))
            )
            return sum(o.allowed for o in meters), sum(o.allowed for o in slots)
        finally:
            await drop(clients[0], pfx)
            for c in clients:
                await c.aclose()

    by_rate, by_slot = asyncio.run(scenario())
    assert 50 <= by_rate <= 51  # 50 at once, at most one more earned while the test runs
    assert by_slot == 5


def test_unreachable_redis_is_a_typed_error() -> None:
    async def scenario() -> None:
        client = aioredis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
        try:
            limiter = RedisLimiter(client, prefix())
            rpm = Meter("k:rpm", "key", "requests", Rate(5), 1)
            with pytest.raises(LimiterUnavailable):
                await limiter.acquire([rpm], [], "l", 60)
            with pytest.raises(LimiterUnavailable):
                await limiter.release([Slot("k:conc", "key", 1)], "l")
        finally:
            await client.aclose()

    asyncio.run(scenario())
