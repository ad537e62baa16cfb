"""A request no budget caps costs no database write (unless track_uncapped)."""

from __future__ import annotations

import asyncio
from typing import Any

from ferryman.core.context import Endpoint, RequestContext
from ferryman.identity.model import Identity, Role
from ferryman.pipeline.budget import Budget
from ferryman.settings.budgets import BudgetSettings


class CountingLedger:
    def __init__(self) -> None:
        self.calls = 0

    async def reserve(self, accounts: Any, amount: int) -> Any:
        self.calls += 1
        raise AssertionError("no reservation expected")

    async def key_cap(self, key_id: str) -> None:
        self.calls += 1


def test_no_cap_no_write() -> None:
    ledger = CountingLedger()
    stage = Budget(BudgetSettings(), ledger, None)  # type: ignore[arg-type]
    ident = Identity(kind="key", id="k", name="n", role=Role.SERVICE, environment="dev")
    ctx = RequestContext(request_id="r", endpoint=Endpoint.CHAT, body={}, identity=ident)
    asyncio.run(stage.on_request(ctx))
    assert ledger.calls == 0
