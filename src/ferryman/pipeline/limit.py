"""Limit: requests and tokens per minute and requests in flight, per key, end user, team and
environment (see ``ferryman.limits``).

``on_request`` charges one request and the estimated tokens to every scope that applies and
takes a concurrency slot in each, all or nothing; over a limit it refuses with 429 and
``Retry-After``. Every answer after this stage (success or error) carries the
``x-ratelimit-*`` headers of the tightest limit.

The tokens are corrected by the usage the provider reported, and the slots released, exactly
once, on whichever end the request takes: ``on_response`` (a whole answer), ``on_stream_end``
(a stream that ended), ``on_error`` (any failure, including a client that hung up mid-stream).
Without a reported usage, a request that never reached a provider is refunded its estimate.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamEvent
from ferryman.core.stage import Stage
from ferryman.errors import RateLimited, ServiceUnavailable
from ferryman.limits import Limiter, LimiterUnavailable, MemoryLimiter, Plan, Policy
from ferryman.limits.estimate import estimate_tokens, reported_tokens
from ferryman.limits.headers import rate_headers, retry_after
from ferryman.limits.model import Meter, Outcome, Slot
from ferryman.observability.metrics import RATE_LIMITED
from ferryman.settings.limits import LimitSettings
from ferryman.util.ids import unique_id
from ferryman.util.tasks import spawn

__all__ = ["Limit"]

log = logging.getLogger("ferryman.limits")


@dataclass(slots=True)
class _Held:
    """What one admitted request holds until it ends."""

    plan: Plan
    lease: str
    estimate: int


def _message(denied: Meter | Slot | None) -> tuple[str, str, str]:
    """(message, code, metric scope) for a refusal; never names the caller or the limit's id."""
    if isinstance(denied, Slot):
        return (
            f"too many concurrent requests for this {denied.scope}",
            "concurrency_limit_exceeded",
            "concurrency",
        )
    if isinstance(denied, Meter):
        what = "requests" if denied.kind == "requests" else "tokens"
        return (
            f"rate limit exceeded: {what} per minute for this {denied.scope}",
            f"rate_limit_{what}",
            denied.scope,
        )
    return ("rate limit exceeded", "rate_limit_exceeded", "key")


class Limit(Stage):
    name = "limit"

    def __init__(self, settings: LimitSettings, limiter: Limiter, pepper: bytes) -> None:
        self.settings = settings
        self.limiter = limiter
        self.policy = Policy(settings, pepper)

    @classmethod
    def in_process(cls, settings: LimitSettings) -> Limit:
        """Limits kept in this process, end users hashed under a per-process secret."""
        return cls(settings, MemoryLimiter(), secrets.token_bytes(32))

    def _end_user(self, ctx: RequestContext) -> str | None:
        user = ctx.body.get("user")
        if isinstance(user, str) and user:
            return user[:256]
        header = ctx.headers.get(self.settings.user_header)
        return header[:256] if header else None

    async def on_request(self, ctx: RequestContext) -> None:
        if not self.settings.enabled or ctx.identity is None:
            return
        estimate = estimate_tokens(ctx.body)
        plan = self.policy.plan(ctx.identity, self._end_user(ctx), estimate)
        if plan.empty:
            return
        lease = unique_id()
        try:
            outcome = await self.limiter.acquire(
                plan.meters, plan.slots, lease, self.settings.lease_s
            )
        except LimiterUnavailable as exc:
            if self.settings.fail_open:
                log.warning("limits backend unavailable; admitting", extra={"code": str(exc)})
                return
            log.error("limits backend unavailable", extra={"code": str(exc)})
            raise ServiceUnavailable(
                "rate limiting is unavailable", code="limits_unavailable"
            ) from exc
        ctx.response_headers.update(rate_headers(outcome))
        if not outcome.allowed:
            self._refuse(outcome)
        ctx.state[self.name] = _Held(plan, lease, estimate)

    @staticmethod
    def _refuse(outcome: Outcome) -> None:
        message, code, scope = _message(outcome.denied)
        RATE_LIMITED.labels(scope).inc()
        raise RateLimited(message, code=code, headers={"retry-after": retry_after(outcome)})

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        held = ctx.state.pop(self.name, None)
        if held is None:
            return
        used = None
        if held.plan.token_meters and reply.status < 400:
            usage = reply.body.get("usage")
            used = reported_tokens(usage if isinstance(usage, dict) else None)
        await self._finish(held, used, reached=True)

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        return [event]  # present so that on_stream_end fires

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        held = ctx.state.pop(self.name, None)
        if held is not None:  # hooks here are synchronous: settle in the background
            spawn(
                self._finish(held, reported_tokens(ctx.usage), reached=True),
                name="ferryman-limit-release",
            )
        return []

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        held = ctx.state.pop(self.name, None)
        if held is None:
            return
        finish = self._finish(held, reported_tokens(ctx.usage), reached=bool(ctx.attempts))
        if isinstance(exc, asyncio.CancelledError | GeneratorExit):
            spawn(finish, name="ferryman-limit-release")  # this task is going away
        else:
            await finish

    async def _finish(self, held: _Held, used: int | None, *, reached: bool) -> None:
        """Release the slots and correct the token charge; never raises (leases expire)."""
        if used is None and not reached:
            used = 0  # never left the gateway: the estimate is refunded
        changes = (
            [] if used is None else [(m, used - held.estimate) for m in held.plan.token_meters]
        )
        try:
            await self.limiter.release(held.plan.slots, held.lease)
            if changes and used != held.estimate:
                await self.limiter.adjust(changes)
        except Exception as exc:  # the lease expires on its own; a lost correction is bounded
            log.warning("limits release failed", extra={"code": type(exc).__name__})
