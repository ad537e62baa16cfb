"""The spend ledger on a real database: atomic reservations, settle/release, many at once.

Every test runs on SQLite and on PostgreSQL (127.0.0.1:5432; fails, never skips, when down)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from ferryman.budgets.ledger import Account, Ledger, Refused
from ferryman.storage.database import Database
from tests.e2e.backends import postgres_database, sqlite_url

T = TypeVar("T")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with postgres_database() as url:
            yield url


def run(url: str, body: Callable[[Ledger], Awaitable[T]]) -> T:
    async def main() -> T:
        db = Database(url)
        await db.migrate()
        try:
            return await body(Ledger(db.engine))
        finally:
            await db.aclose()

    return asyncio.run(main())


def acct(cap: int | None, subject: str = "k1", span: str = "day") -> Account:
    return Account("key", subject, span, "2026-11-02" if span == "day" else "2026-11", cap)


def test_reserve_settle_and_release(db_url: str) -> None:
    async def body(ledger: Ledger) -> list[dict[str, object]]:
        accounts = [acct(1000), acct(None, span="month"), acct(None, "team-a")]
        hold = await ledger.reserve(accounts, 600)
        rows = {(r["subject"], r["span"]): r for r in await ledger.rows()}
        assert rows[("k1", "day")]["reserved_nano"] == 600  # only capped rows are held
        with pytest.raises(Refused) as refused:
            await ledger.reserve(accounts, 500)  # 600 + 500 > 1000
        assert refused.value.standing.reserved_nano == 600
        standings = await ledger.settle(hold, 250, 11, 7)
        assert [(s.spent_nano, s.reserved_nano) for s in standings] == [(250, 0)]
        second = await ledger.reserve(accounts, 700)  # 250 + 700 fits
        await ledger.release(second)
        return await ledger.rows(scope="key", subject="k1")

    rows = {r["span"]: r for r in run(db_url, body)}
    assert rows["day"]["spent_nano"] == 250 and rows["day"]["reserved_nano"] == 0
    assert rows["day"]["requests"] == 1 and rows["day"]["input_tokens"] == 11
    assert rows["month"]["spent_nano"] == 250 and rows["month"]["cap_nano"] is None


def test_a_refusal_holds_nothing_anywhere(db_url: str) -> None:
    async def body(ledger: Ledger) -> list[dict[str, object]]:
        roomy, tight = acct(10_000, "a"), acct(100, "b")
        with pytest.raises(Refused) as refused:
            await ledger.reserve([roomy, tight], 500)
        assert refused.value.standing.account.subject == "b"
        return await ledger.rows()

    assert all(r["reserved_nano"] == 0 for r in run(db_url, body))


def test_fifty_concurrent_requests_never_overshoot(db_url: str) -> None:
    """Each request reserves its worst case (100) and costs 60..100; 50 race for a cap of 1000:
    the spend never passes the cap, and every hold ends exactly once (nothing stays reserved)."""
    cap, worst = 1000, 100

    async def body(ledger: Ledger) -> tuple[int, int, list[dict[str, object]]]:
        accounts = [acct(cap), acct(cap, span="month"), acct(None, "team")]

        async def one(i: int) -> bool:
            try:
                hold = await ledger.reserve(accounts, worst)
            except Refused:
                return False
            await asyncio.sleep(0.001 * (i % 5))
            if i % 7 == 0:
                await ledger.release(hold)  # an upstream failure: nothing spent
                return False
            await ledger.settle(hold, 60 + (i % 5) * 10, 1, 1)
            return True

        results = await asyncio.gather(*(one(i) for i in range(50)))
        return sum(results), len(results), await ledger.rows()

    admitted, total, rows = run(db_url, body)
    assert total == 50 and admitted >= 1
    for row in rows:
        assert row["reserved_nano"] == 0
        if row["cap_nano"] is not None:
            assert row["spent_nano"] <= cap  # a worst case that is honest never overshoots
    team = next(r for r in rows if r["subject"] == "team")
    assert team["requests"] == admitted  # tracked rows count every settled request


def test_key_cap_reads_the_keys_budget(tmp_path: Path) -> None:
    from ferryman.storage.keys import KeySpec, KeyStore

    async def body(ledger: Ledger) -> tuple[float | None, float | None]:
        store = KeyStore(ledger.engine, b"pepper-0123456789abcdef")
        created, _ = await store.create(
            KeySpec(name="n", role="service", environment="dev", budget_usd=12.5),
            created_by="test",
        )
        return await ledger.key_cap(created.id), await ledger.key_cap("missing")

    assert run(sqlite_url(tmp_path), body) == (12.5, None)
