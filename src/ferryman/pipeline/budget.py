"""The budget stage: reserve a request's worst-case cost before the call, settle its real cost
after (402 ``budget_exceeded`` when it does not fit).

``on_request`` reserves, on the key's, team's and environment's daily and monthly budgets at
once, the most the request can cost: its body size as input tokens and its ``max_tokens`` (else
``budgets.assume_output_tokens``) as output, at the price of the dearest model it may be routed
to. ``on_response`` / ``on_stream_end`` settle at the cost of the usage the provider reported
(``ctx.state["cost_usd"]``, which the audit event records); ``on_error`` settles what is known
(a stream cut after its usage arrived) or releases the reservation. Each reservation ends exactly
once. Streams settle in the background (their end hook is synchronous).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from ferryman.budgets.accounts import accounts_for, refusal, report, report_refusal
from ferryman.budgets.cost import to_nano, tokens_of, upper_bound_tokens
from ferryman.budgets.ledger import Account, Hold, Ledger, Refused
from ferryman.budgets.prices import Price, PriceTable
from ferryman.core.context import Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamEvent
from ferryman.core.stage import Stage
from ferryman.errors import Forbidden, ServiceUnavailable
from ferryman.identity.model import Identity
from ferryman.observability.monitor import Monitor
from ferryman.settings.budgets import BudgetSettings

__all__ = ["Budget"]

_ACCOUNTS_CACHE = 4096  # callers remembered (emptied when full)


@dataclass(slots=True)
class _Held:
    hold: Hold | None  # None: accounting off (cost still computed)


class Budget(Stage):
    name = "budget"

    def __init__(
        self,
        settings: BudgetSettings,
        ledger: Ledger | None = None,
        monitor: Monitor | None = None,
        prices: PriceTable | None = None,
    ) -> None:
        self.settings = settings
        self.ledger = ledger if settings.enabled else None  # None: cost only, no accounting
        self.monitor = monitor or Monitor()
        self.prices = prices or PriceTable(settings.prices)
        self._accounts_cache: dict[int, tuple[Identity, int, tuple[Account, ...], bool]] = {}

    # --- before the call ---------------------------------------------------------------------

    def _accounts(self, identity: Identity) -> tuple[tuple[Account, ...], bool]:
        """The request's accounts and whether any has a cap, built once per caller and UTC day
        (identities are immutable; the one kept in the entry pins its id)."""
        now = time.time()
        day = int(now // 86_400)
        hit = self._accounts_cache.get(id(identity))
        if hit is not None and hit[0] is identity and hit[1] == day:
            return hit[2], hit[3]
        # a key's own monthly cap travels with its (cached) identity: no query per request
        key_cap = identity.budget_usd if identity.kind == "key" else None
        accounts = tuple(
            accounts_for(self.settings, identity, key_cap, datetime.fromtimestamp(now, UTC))
        )
        capped = any(a.cap_nano is not None for a in accounts)
        if len(self._accounts_cache) >= _ACCOUNTS_CACHE:
            self._accounts_cache.clear()
        self._accounts_cache[id(identity)] = (identity, day, accounts, capped)
        return accounts, capped

    async def on_request(self, ctx: RequestContext) -> None:
        identity = ctx.identity
        if identity is None or self.ledger is None:
            ctx.state[self.name] = _Held(None)
            return
        accounts, capped = self._accounts(identity)
        if not capped and not self.settings.track_uncapped:
            ctx.state[self.name] = _Held(None)  # nothing to enforce: cost only, no write
            return
        amount = 0
        if capped:
            worst = self._worst_case(ctx)
            if worst is None:
                raise Forbidden(
                    "a budget applies and this model has no price; add it under budgets.prices",
                    code="model_unpriced",
                )
            amount = to_nano(worst, up=True)
        try:
            hold = await self.ledger.reserve(accounts, amount)
        except Refused as refused:
            report_refusal(self.monitor, refused.standing)
            raise refusal(refused.standing, amount) from None
        except SQLAlchemyError as exc:
            raise _unavailable() from exc
        ctx.state[self.name] = _Held(hold)

    def _worst_case(self, ctx: RequestContext) -> float | None:
        """The dearest of the request's targets at its upper-bound tokens (None: unpriced)."""
        identity = ctx.identity
        input_tokens, output_tokens = upper_bound_tokens(
            ctx.body,
            embeddings=ctx.endpoint is Endpoint.EMBEDDINGS,
            default_output=self.settings.assume_output_tokens,
            cap=identity.max_tokens if identity is not None else None,
        )
        worst = 0.0
        for target in ctx.targets or ():
            price = self.prices.lookup(target.provider.name, (target.model, target.alias))
            if price is None:
                if self.settings.unpriced == "refuse":
                    return None
                continue
            worst = max(worst, price.cost(input_tokens, output_tokens))
        return worst

    # --- after the call ----------------------------------------------------------------------

    def _price(self, ctx: RequestContext, reported: str | None) -> Price | None:
        """The price of the target that answered (its configured model, alias, reported model)."""
        names: list[str | None] = []
        if ctx.attempts and ctx.targets:
            last = ctx.attempts[-1]
            for target in ctx.targets:
                if target.alias == last.alias and target.provider.name == last.provider:
                    names += [target.model, target.alias]
                    break
        names += [reported, ctx.upstream_model, ctx.alias]
        return self.prices.lookup(ctx.provider, names)

    def _cost(
        self, ctx: RequestContext, usage: Any, reported: str | None
    ) -> tuple[float | None, tuple[int, int] | None]:
        tokens = tokens_of(usage if isinstance(usage, dict) else None)
        if tokens is None:
            return None, None
        price = self._price(ctx, reported)
        if price is None:
            return None, tokens
        cost = round(price.cost(*tokens), 9)
        ctx.state["cost_usd"] = cost
        return cost, tokens

    async def _settle(self, hold: Hold, cost: float | None, tokens: tuple[int, int]) -> None:
        assert self.ledger is not None
        standings = await self.ledger.settle(hold, to_nano(cost or 0.0), *tokens)
        report(self.monitor, standings)

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        body = reply.body
        model = body.get("model")
        cost, tokens = self._cost(ctx, body.get("usage"), model if isinstance(model, str) else None)
        held = ctx.state.get(self.name)
        if not isinstance(held, _Held) or held.hold is None or not held.hold.take():
            return
        try:
            await self._settle(held.hold, cost, tokens or (0, 0))
        except SQLAlchemyError:  # the answer is there: account it later rather than lose it
            hold = held.hold
            assert self.ledger is not None
            self.ledger.later(lambda: self._settle(hold, cost, tokens or (0, 0)))

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        return [event]  # present so that on_stream_end fires (usage is read at the end)

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        cost, tokens = self._cost(ctx, ctx.usage, ctx.upstream_model)
        held = ctx.state.get(self.name)
        if isinstance(held, _Held) and held.hold is not None and held.hold.take():
            hold = held.hold
            assert self.ledger is not None
            self.ledger.later(lambda: self._settle(hold, cost, tokens or (0, 0)))
        return []

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        held = ctx.state.get(self.name)
        if not isinstance(held, _Held) or held.hold is None or not held.hold.take():
            return
        hold, ledger = held.hold, self.ledger
        assert ledger is not None
        cost, tokens = self._cost(ctx, ctx.usage, ctx.upstream_model)
        if tokens is not None and any(tokens):  # e.g. a stream cut after its usage arrived
            ledger.later(lambda: self._settle(hold, cost, tokens))
        else:
            ledger.later(lambda: ledger.release(hold))


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "the budget ledger is unavailable; try again shortly", code="budget_unavailable"
    )
