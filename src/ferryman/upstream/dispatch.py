"""Dispatch across a route's targets: retries on one target, then the fallbacks in order.

For each target, in the route's order:

1. **Circuit**: a provider whose circuit is open is skipped at once (``circuit_open`` in the
   attempts); when it is half-open, only one caller probes it.
2. **Call**, with the route's timeouts. A streamed answer counts as answered only once its first
   event is in hand: dispatch reads it before returning, so a failure before anything reached
   the client can still be retried or fall back, and nothing is retried after the first byte.
3. **Retry** the same target on transient failures (connection refused or reset, 429, 5xx, an
   empty stream; read timeouts only if configured), with exponential backoff and full jitter or
   the provider's ``Retry-After`` (see ``retry.py``), bounded in count and in total time. While
   a fallback is left the fallback is the retry (a fast failover), unless the provider's
   ``retry.before_fallback`` asks to retry it first; the last target is always retried.
4. **Fall back** to the next target when the provider failed (unreachable, 5xx, timeout, rate
   limited, open circuit). A request the provider refused as invalid (4xx) is not retried
   elsewhere: it would fail there too, and the caller must see why.

Fallbacks keep the caller's scopes and environment (``ctx.targets`` comes from authorize). The
redact stage inspected the request with the policy of the requested alias; before a fallback
route with another ``policy`` is called, the request is inspected again for that route (the
stricter of the two policies applies, the same vault keeps pseudonyms restorable); a route whose
policy refuses the request is skipped. Every try - retry, skip or fallback - is one entry in
``ctx.attempts`` with its reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from ferryman.core.context import Attempt, Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.errors import (
    BadRequest,
    FerrymanError,
    RateLimited,
    ServiceUnavailable,
    UpstreamError,
    UpstreamTimeout,
)
from ferryman.observability.metrics import CIRCUIT_STATE
from ferryman.settings.model import Settings
from ferryman.upstream.breaker import BreakerConfig, Circuits, LocalCircuits, RedisCircuits
from ferryman.upstream.exchange import exchange
from ferryman.upstream.providers import Op
from ferryman.upstream.retry import RetryPolicy
from ferryman.upstream.routes import Target

__all__ = ["Dispatcher", "dispatch", "usable_targets"]

log = logging.getLogger("ferryman.upstream")

_FAILOVER = (UpstreamError, UpstreamTimeout, RateLimited, ServiceUnavailable)
# failures that say nothing about the provider's health (the request's or the caller's doing)
_NOT_HEALTH = frozenset({"upstream_auth_failed", "upstream_not_found", "upstream_rate_limited"})


def usable_targets(
    ctx: RequestContext, targets: tuple[Target, ...], policy: str | None = None
) -> list[Target]:
    """The targets able to serve this endpoint (e.g. embeddings need an embeddings-capable API).
    A target whose route policy differs from the requested alias's ``policy`` is kept only when
    the request can be re-inspected for it (the redact stage leaves ``ctx.state["reinspect"]``);
    the dispatcher re-runs the inspection before calling it."""
    can_reinspect = "reinspect" in ctx.state
    same_policy = [t for t in targets if t.policy == policy or can_reinspect]
    if ctx.endpoint is Endpoint.EMBEDDINGS:
        usable = [t for t in same_policy if Op.EMBEDDINGS in t.provider.ops]
        if not usable:
            raise BadRequest(
                f"model '{ctx.alias}' does not support embeddings",
                code="model_not_supported",
                param="model",
            )
        return usable
    return same_policy  # every provider serves chat or messages; exchange translates


class Dispatcher:
    """Retries, circuits and fallback over ``exchange``; one per runtime."""

    def __init__(
        self,
        circuits: Circuits | None = None,
        retries: dict[str, RetryPolicy] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.circuits: Circuits = circuits or LocalCircuits({})
        self.retries = retries or {}
        self._clock = clock
        self._sleep = sleep

    @classmethod
    def of(cls, settings: Settings, redis: Any = None) -> Dispatcher:
        """Each enabled provider's retry policy and circuit; circuits shared through ``redis``
        when there is one (``cache.url``), else kept in this process."""
        enabled = {n: p for n, p in settings.providers.items() if p.enabled}
        configs = {n: BreakerConfig.of(p.circuit) for n, p in enabled.items()}
        circuits: Circuits = (
            RedisCircuits(redis, configs) if redis is not None else LocalCircuits(configs)
        )
        for name in configs:  # every configured provider has a series, closed until it fails
            CIRCUIT_STATE.labels(name).set(0)
        return cls(circuits, {n: RetryPolicy.of(p.retry) for n, p in enabled.items()})

    async def dispatch(self, ctx: RequestContext, targets: list[Target]) -> JsonReply | StreamReply:
        started = self._clock()
        last: FerrymanError | None = None
        inspected = ctx.state.get("inspected_policy", targets[0].policy if targets else None)
        for position, target in enumerate(targets, 1):
            name = target.provider.name
            if target.policy != inspected:
                # a fallback route with another data policy: inspect the request again for it
                # (the stricter of the two applies; a refusal skips this route)
                # a large request (the stages said so) is inspected again off the event loop
                offload = ctx.state.get("inspect_in_thread") is True
                try:
                    reguard = ctx.state.get("reguard")  # the injection guard's, when it ran
                    if reguard is not None:
                        await _inspect_again(reguard, target.policy, offload)
                    await _inspect_again(ctx.state["reinspect"], target.policy, offload)
                except FerrymanError as exc:
                    self._note(ctx, target, exc.http_status, exc.code, 0.0)
                    last = last or exc
                    continue
                inspected = target.policy
            policy = self.retries.get(name, RetryPolicy(attempts=1))
            retry = policy.before_fallback or position == len(targets)
            tries = 0
            while True:
                if not await self.circuits.allow(name):
                    self._note(ctx, target, 503, "circuit_open", 0.0)
                    last = ServiceUnavailable(
                        f"provider '{name}' is failing; its circuit is open", code="circuit_open"
                    )
                    break
                tries += 1
                call_started = time.perf_counter()
                try:
                    reply = await _answered(ctx, target)
                except _FAILOVER as exc:
                    self._note(ctx, target, exc.http_status, exc.code, _ms(call_started))
                    await self._record(name, exc)
                    last = exc
                    wait = (
                        policy.delay(exc, tries=tries, elapsed_s=self._clock() - started)
                        if retry
                        else None
                    )
                    if wait is None:
                        break  # on to the fallback
                    await self._sleep(wait)
                    continue
                except FerrymanError as exc:  # the provider refused the request itself (4xx)
                    self._note(ctx, target, exc.http_status, exc.code, _ms(call_started))
                    await self._record(name, None)
                    raise
                self._note(ctx, target, 200, None, _ms(call_started))
                await self._record(name, None)
                ctx.provider = name
                ctx.upstream_model = target.model
                return reply
        if last is None:
            raise ServiceUnavailable(f"no provider available for model '{ctx.alias}'")
        raise last

    async def circuit_states(self) -> dict[str, str]:
        """Each provider's circuit (``closed`` / ``half-open`` / ``open``), for /readyz."""
        names = sorted(self.retries)
        if isinstance(self.circuits, RedisCircuits):
            with contextlib.suppress(TimeoutError):  # then the last state this instance saw
                await asyncio.wait_for(self.circuits.refresh(names), 1.0)
        return {name: self.circuits.state(name).label for name in names}

    async def _record(self, name: str, exc: FerrymanError | None) -> None:
        """A success, a 4xx (the provider is healthy) or a failure of the provider."""
        if exc is not None and exc.code in _NOT_HEALTH:
            return
        await self.circuits.record(name, exc is None)
        CIRCUIT_STATE.labels(name).set(int(self.circuits.state(name)))

    def _note(
        self, ctx: RequestContext, target: Target, status: int, code: str | None, ms: float
    ) -> None:
        ctx.attempts.append(Attempt(target.alias, target.provider.name, status, code, ms))
        if code is not None:
            log.warning(
                "upstream attempt failed",
                extra={
                    "request_id": ctx.request_id,
                    "provider": target.provider.name,
                    "alias": target.alias,
                    "status": status,
                    "code": code,
                },
            )


async def _answered(ctx: RequestContext, target: Target) -> JsonReply | StreamReply:
    """One call; a stream is returned only once its first event has arrived."""
    reply = await exchange(ctx, target)
    if isinstance(reply, JsonReply):
        return reply
    events = reply.events
    try:
        first = await anext(events)
    except StopAsyncIteration:
        raise UpstreamError(
            f"provider '{target.provider.name}' sent an empty stream",
            code="upstream_stream_truncated",
        ) from None
    except BaseException:
        await _close(events)
        raise
    return StreamReply(_resume(first, events), reply.headers)


async def _resume(
    first: StreamEvent, rest: AsyncIterator[StreamEvent]
) -> AsyncIterator[StreamEvent]:
    try:
        yield first
        async for event in rest:
            yield event
    finally:
        await _close(rest)


async def _close(events: AsyncIterator[StreamEvent]) -> None:
    aclose = getattr(events, "aclose", None)
    if aclose is not None:
        await aclose()


async def dispatch(ctx: RequestContext, targets: list[Target]) -> JsonReply | StreamReply:
    """Fallback only, no retries or circuits (a dispatcher without configuration)."""
    return await Dispatcher().dispatch(ctx, targets)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


async def _inspect_again(fn: Any, policy: str | None, offload: bool) -> None:
    """Run a stage's re-inspection for a fallback route's policy, in a worker thread when the
    request is large (see ferryman.pipeline.textsize)."""
    if offload:
        await asyncio.to_thread(fn, policy)
    else:
        fn(policy)
