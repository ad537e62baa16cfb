"""The same behaviour from both backends: all-or-nothing decisions, concurrency leases that are
released or expire, corrections after the fact."""

from __future__ import annotations

import asyncio

import pytest

from ferryman.limits import Meter, Slot
from ferryman.limits.gcra import Rate
from tests.limits.conftest import backend

BACKENDS = ["memory", "redis"]


def meter(key: str, limit: int, cost: float = 1, burst: float = 1.0) -> Meter:
    return Meter(key, "key", "requests", Rate(limit, burst=burst), cost)


@pytest.mark.parametrize("kind", BACKENDS)
def test_admits_the_burst_then_refuses_with_a_retry_after(kind: str) -> None:
    async def scenario() -> None:
        async with backend(kind) as limiter:
            m = meter("k:rpm", 6, burst=0.5)  # 3 at once, then one per 10 s
            results = [await limiter.acquire([m], [], "l", 60) for _ in range(4)]
            assert [r.allowed for r in results] == [True, True, True, False]
            assert [r.states[0].remaining for r in results[:3]] == [2, 1, 0]
            refused = results[3]
            assert refused.denied == m
            assert 9.0 < refused.retry_after <= 10.0
            assert 29.0 < refused.states[0].reset_s <= 30.0

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", BACKENDS)
def test_all_or_nothing_a_refusal_charges_no_other_limit(kind: str) -> None:
    async def scenario() -> None:
        async with backend(kind) as limiter:
            roomy = meter("a:rpm", 100)
            tight = Meter("b:tpm", "team", "tokens", Rate(100, burst=1.0), 80)
            assert (await limiter.acquire([roomy, tight], [], "l1", 60)).allowed
            refused = await limiter.acquire([roomy, tight], [], "l2", 60)
            assert not refused.allowed and refused.denied == tight
            # the request meter was not charged by the refused request
            assert refused.states[0].remaining == 99
            slot = Slot("c:conc", "key", 1)
            assert not (await limiter.acquire([roomy, tight], [slot], "l3", 60)).allowed
            assert (await limiter.acquire([], [slot], "l4", 60)).allowed  # slot still free

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", BACKENDS)
def test_concurrency_slots_are_held_until_released(kind: str) -> None:
    async def scenario() -> None:
        async with backend(kind) as limiter:
            slot = Slot("k:conc", "key", 2)
            assert (await limiter.acquire([], [slot], "a", 60)).allowed
            assert (await limiter.acquire([], [slot], "b", 60)).allowed
            full = await limiter.acquire([], [slot], "c", 60)
            assert not full.allowed and full.denied == slot and full.retry_after >= 1
            await limiter.release([slot], "a")
            await limiter.release([slot], "a")  # twice is harmless
            assert (await limiter.acquire([], [slot], "c", 60)).allowed
            assert not (await limiter.acquire([], [slot], "d", 60)).allowed

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_lease_never_released_expires(kind: str) -> None:
    async def scenario() -> None:
        async with backend(kind) as limiter:
            slot = Slot("k:conc", "key", 1)
            assert (await limiter.acquire([], [slot], "crashed", 0.3)).allowed
            assert not (await limiter.acquire([], [slot], "x", 0.3)).allowed
            await asyncio.sleep(0.4)
            assert (await limiter.acquire([], [slot], "x", 0.3)).allowed

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", BACKENDS)
def test_adjust_charges_and_refunds_tokens(kind: str) -> None:
    async def scenario() -> None:
        async with backend(kind) as limiter:
            tokens = Meter("k:tpm", "key", "tokens", Rate(1000, burst=1.0), 100)
            first = await limiter.acquire([tokens], [], "l", 60)
            assert first.states[0].remaining == 900
            await limiter.adjust([(tokens, 500)])  # the answer was longer than estimated
            probe = Meter("k:tpm", "key", "tokens", Rate(1000, burst=1.0), 0)
            after = await limiter.acquire([probe], [], "l", 60)
            assert 398 <= after.states[0].remaining <= 400
            await limiter.adjust([(tokens, -10_000)])  # refunds stop at a full allowance
            assert (await limiter.acquire([probe], [], "l", 60)).states[0].remaining == 1000

    asyncio.run(scenario())
