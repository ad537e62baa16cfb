"""The key cache under concurrency: one query per key, revocations stick, failures fail closed."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from ferryman.errors import ServiceUnavailable, Unauthenticated
from ferryman.identity.authenticator import Authenticator
from ferryman.identity.secrets import hash_secret, new_key
from ferryman.storage.keys import KeyRecord

PEPPER = b"pepper-for-the-unit-tests"
KEY = new_key("dev")
RECORD = KeyRecord(
    id="k1",
    prefix="fm_dev_x",
    name="n",
    team=None,
    role="service",
    environment="dev",
    models=None,
    endpoints=None,
    policy=None,
    rpm=None,
    tpm=None,
    budget_usd=None,
    meta={},
    expires_at=None,
    created_at=datetime.now(UTC),
    created_by="t",
    last_used_at=None,
    revoked_at=None,
    previous_expires_at=None,
)


class SlowStore:
    """A key store whose queries take a while and are counted."""

    def __init__(self, delay: float = 0.05) -> None:
        self.delay = delay
        self.queries = 0
        self.record = RECORD
        self.fail = False

    def digest(self, secret: str) -> str:
        return hash_secret(PEPPER, secret)

    async def find_by_digest(self, digest: str) -> tuple[KeyRecord, bool] | None:
        self.queries += 1
        snapshot = self.record
        await asyncio.sleep(self.delay)
        if self.fail:
            raise ConnectionError("database down")
        return (snapshot, False) if digest == self.digest(KEY) else None


def auth(store: SlowStore, ttl: float = 0.2) -> Authenticator:
    return Authenticator(store, cache_ttl_s=ttl, max_failures_per_minute=1000)  # type: ignore[arg-type]


def test_concurrent_misses_share_one_query() -> None:
    store = SlowStore()

    async def run() -> None:
        a = auth(store)
        results = await asyncio.gather(*(a.authenticate(KEY, "c") for _ in range(50)))
        assert all(r.id == "k1" for r in results)

    asyncio.run(run())
    assert store.queries == 1


def test_refresh_ahead_is_single_flight_and_quiet() -> None:
    store = SlowStore(delay=0.05)

    async def run() -> None:
        a = auth(store, ttl=0.2)
        await a.authenticate(KEY, "c")
        await asyncio.sleep(0.12)  # past half the TTL: the next hits trigger one refresh
        await asyncio.gather(*(a.authenticate(KEY, "c") for _ in range(50)))
        await asyncio.sleep(0.1)

    asyncio.run(run())
    assert store.queries == 2


def test_revocation_sticks_even_with_a_refresh_in_flight() -> None:
    store = SlowStore(delay=0.1)

    async def run() -> None:
        a = auth(store, ttl=1.0)
        await a.authenticate(KEY, "c")
        await asyncio.sleep(0.55)
        await a.authenticate(KEY, "c")  # starts a refresh that will read the old row
        store.record = replace(RECORD, revoked_at=datetime.now(UTC))
        a.invalidate("k1")
        await asyncio.sleep(0.15)  # the stale refresh completes; it must not be cached
        with pytest.raises(Unauthenticated):
            await a.authenticate(KEY, "c")

    asyncio.run(run())


def test_store_failure_fails_closed_with_503() -> None:
    store = SlowStore()
    store.fail = True

    async def run() -> None:
        with pytest.raises(ServiceUnavailable):
            await auth(store).authenticate(KEY, "c")

    asyncio.run(run())


def test_short_admin_key_is_ignored() -> None:
    a = Authenticator(SlowStore(), cache_ttl_s=1, max_failures_per_minute=10, admin_key="short")  # type: ignore[arg-type]
    assert a.admin_key is None
