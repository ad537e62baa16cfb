"""The spend ledger in the database: reserve a request's worst case, settle its real cost.

One row per (scope, subject, span, period) in ``budget_usage``. A reservation is one conditional
update per capped row, all in one transaction::

    UPDATE budget_usage SET reserved_nano = reserved_nano + :amount
     WHERE <row> AND spent_nano + reserved_nano + :amount <= :cap

so concurrent requests - on one instance or many sharing the database - can never together
commit more than the cap: a request is admitted only when its worst case still fits. Settling
moves the reservation into ``spent_nano`` at the real cost; releasing drops it. Rows are always
touched in the same (sorted) order, so two transactions never wait on each other in a cycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ferryman.storage.schema import budget_usage, virtual_keys
from ferryman.util.tasks import spawn

__all__ = ["Account", "Hold", "Ledger", "Refused", "Standing"]

log = logging.getLogger("ferryman.budgets")

_t = budget_usage
_KEY_CAP_TTL_S = 30.0


@dataclass(frozen=True, slots=True, order=True)
class Account:
    """One budget row: who (scope, subject), which period, and its cap (None: tracked only)."""

    scope: str  # key | team | environment
    subject: str
    span: str  # day | month
    period: str  # 2026-11-02 | 2026-11
    cap_nano: int | None = field(default=None, compare=False)
    alert_at: float = field(default=0.8, compare=False)

    def _where(self) -> Any:
        return and_(
            _t.c.scope == self.scope,
            _t.c.subject == self.subject,
            _t.c.span == self.span,
            _t.c.period == self.period,
        )


@dataclass(slots=True)
class Hold:
    """A request's reservation: ``amount`` on each capped account. Ends exactly once."""

    accounts: tuple[Account, ...]
    amount: int
    done: bool = False

    def take(self) -> bool:
        """Mark the hold as ended; False if it already was (settle/release run once)."""
        if self.done:
            return False
        self.done = True
        return True


@dataclass(frozen=True, slots=True)
class Standing:
    """An account after a settlement or a refusal (for alerts and errors)."""

    account: Account
    spent_nano: int
    reserved_nano: int


class Refused(Exception):
    """The worst case of a request does not fit in ``standing``'s account."""

    def __init__(self, standing: Standing) -> None:
        super().__init__("budget exceeded")
        self.standing = standing


class Ledger:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._key_caps: dict[str, tuple[float | None, float]] = {}
        self._pending: set[asyncio.Task[None]] = set()

    # --- reads ------------------------------------------------------------------------------

    async def key_cap(self, key_id: str) -> float | None:
        """A key's own ``budget_usd`` (its monthly cap), cached for a few seconds."""
        now = time.monotonic()
        cached = self._key_caps.get(key_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        async with self.engine.connect() as conn:
            value = (
                await conn.execute(
                    select(virtual_keys.c.budget_usd).where(virtual_keys.c.id == key_id)
                )
            ).scalar_one_or_none()
        cap = float(value) if value is not None else None
        if len(self._key_caps) > 10_000:
            self._key_caps.clear()
        self._key_caps[key_id] = (cap, now + _KEY_CAP_TTL_S)
        return cap

    async def rows(
        self,
        *,
        scope: str | None = None,
        subject: str | None = None,
        periods: Sequence[str] = (),
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        """Rows for the admin API, biggest spend first."""
        query = select(_t).order_by(_t.c.spent_nano.desc(), _t.c.scope, _t.c.subject).limit(limit)
        if scope is not None:
            query = query.where(_t.c.scope == scope)
        if subject is not None:
            query = query.where(_t.c.subject == subject)
        if periods:
            query = query.where(_t.c.period.in_(list(periods)))
        async with self.engine.connect() as conn:
            return [dict(r._mapping) for r in await conn.execute(query)]

    # --- writes -----------------------------------------------------------------------------

    async def _ensure(self, conn: AsyncConnection, accounts: Sequence[Account]) -> None:
        now = datetime.now(UTC)
        values = [
            {
                "scope": a.scope,
                "subject": a.subject,
                "span": a.span,
                "period": a.period,
                "cap_nano": a.cap_nano,
                "spent_nano": 0,
                "reserved_nano": 0,
                "requests": 0,
                "input_tokens": 0,
                "output_tokens": 0,
                "updated_at": now,
            }
            for a in accounts
        ]
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        await conn.execute(insert(_t).values(values).on_conflict_do_nothing())

    async def _standing(self, conn: AsyncConnection, account: Account) -> Standing:
        row = (
            await conn.execute(select(_t.c.spent_nano, _t.c.reserved_nano).where(account._where()))
        ).one()
        return Standing(account, int(row.spent_nano), int(row.reserved_nano))

    async def reserve(self, accounts: Sequence[Account], amount: int) -> Hold:
        """Reserve ``amount`` on every capped account, or on none (raises :class:`Refused`)."""
        ordered = tuple(sorted(accounts))
        capped = [a for a in ordered if a.cap_nano is not None]
        if capped:
            async with self.engine.begin() as conn:
                await self._ensure(conn, capped)
                now = datetime.now(UTC)
                for a in capped:
                    assert a.cap_nano is not None
                    result = await conn.execute(
                        update(_t)
                        .where(
                            a._where(),
                            _t.c.spent_nano + _t.c.reserved_nano + amount <= a.cap_nano,
                        )
                        .values(
                            reserved_nano=_t.c.reserved_nano + amount,
                            cap_nano=a.cap_nano,
                            updated_at=now,
                        )
                    )
                    if result.rowcount != 1:
                        raise Refused(await self._standing(conn, a))  # rolls back the others
        return Hold(ordered, amount)

    async def settle(
        self, hold: Hold, cost_nano: int, input_tokens: int, output_tokens: int
    ) -> list[Standing]:
        """Turn the reservation into the real cost (and count the request on every account).
        Returns the capped accounts' standing."""
        standings: list[Standing] = []
        async with self.engine.begin() as conn:
            await self._ensure(conn, hold.accounts)
            now = datetime.now(UTC)
            for a in hold.accounts:
                held = hold.amount if a.cap_nano is not None else 0
                await conn.execute(
                    update(_t)
                    .where(a._where())
                    .values(
                        spent_nano=_t.c.spent_nano + cost_nano,
                        reserved_nano=_t.c.reserved_nano - held,
                        requests=_t.c.requests + 1,
                        input_tokens=_t.c.input_tokens + input_tokens,
                        output_tokens=_t.c.output_tokens + output_tokens,
                        updated_at=now,
                    )
                )
            for a in hold.accounts:
                if a.cap_nano is not None:
                    standings.append(await self._standing(conn, a))
        return standings

    async def release(self, hold: Hold) -> None:
        """Drop the reservation (the request cost nothing, or its cost is unknown)."""
        capped = [a for a in hold.accounts if a.cap_nano is not None]
        if not capped or not hold.amount:
            return
        async with self.engine.begin() as conn:
            now = datetime.now(UTC)
            for a in capped:
                await conn.execute(
                    update(_t)
                    .where(a._where())
                    .values(reserved_nano=_t.c.reserved_nano - hold.amount, updated_at=now)
                )

    # --- settling off the request path (streams end in a synchronous hook) ------------------

    def later(self, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` in the background; :meth:`drain` waits for it (shutdown, reload)."""

        async def run() -> None:
            try:
                await work()
            except Exception as exc:
                log.error("budget settlement failed", extra={"code": type(exc).__name__})

        task = spawn(run(), name="ferryman-budget-settle")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        while self._pending:
            with contextlib.suppress(Exception):
                await asyncio.gather(*list(self._pending))
