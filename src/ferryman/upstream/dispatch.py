"""Dispatch across a route's targets: the alias's provider first, then its fallbacks in order.

A target is abandoned for the next one only when nothing has reached the client yet and the failure
is the provider's (unreachable, 5xx, timeout, rate limited). A request the provider refused as
invalid (4xx) is not retried elsewhere: it would fail there too, and the caller must see why.
Retries with backoff, circuit breakers and idempotency build on this loop (see docs/roadmap).
"""

from __future__ import annotations

import logging
import time

from ferryman.core.context import Attempt, Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamReply
from ferryman.errors import (
    BadRequest,
    FerrymanError,
    RateLimited,
    ServiceUnavailable,
    UpstreamError,
    UpstreamTimeout,
)
from ferryman.upstream.exchange import exchange
from ferryman.upstream.providers import Op
from ferryman.upstream.routes import Target

__all__ = ["dispatch", "usable_targets"]

log = logging.getLogger("ferryman.upstream")

_FAILOVER = (UpstreamError, UpstreamTimeout, RateLimited, ServiceUnavailable)


def usable_targets(ctx: RequestContext, targets: tuple[Target, ...]) -> list[Target]:
    """The targets able to serve this endpoint (e.g. embeddings need an embeddings-capable API)."""
    if ctx.endpoint is Endpoint.EMBEDDINGS:
        usable = [t for t in targets if Op.EMBEDDINGS in t.provider.ops]
        if not usable:
            raise BadRequest(
                f"model '{ctx.alias}' does not support embeddings",
                code="model_not_supported",
                param="model",
            )
        return usable
    return list(targets)  # every provider serves chat or messages; exchange translates


async def dispatch(ctx: RequestContext, targets: list[Target]) -> JsonReply | StreamReply:
    last: FerrymanError | None = None
    for target in targets:
        started = time.perf_counter()
        try:
            reply = await exchange(ctx, target)
        except _FAILOVER as exc:
            ctx.attempts.append(
                Attempt(target.alias, target.provider.name, exc.http_status, exc.code, _ms(started))
            )
            log.warning(
                "upstream attempt failed",
                extra={
                    "request_id": ctx.request_id,
                    "provider": target.provider.name,
                    "alias": target.alias,
                    "status": exc.http_status,
                    "code": exc.code,
                },
            )
            last = exc
            continue
        except FerrymanError as exc:
            ctx.attempts.append(
                Attempt(target.alias, target.provider.name, exc.http_status, exc.code, _ms(started))
            )
            raise
        ctx.attempts.append(Attempt(target.alias, target.provider.name, 200, None, _ms(started)))
        ctx.provider = target.provider.name
        ctx.upstream_model = target.model
        return reply
    if last is None:
        raise ServiceUnavailable(f"no provider available for model '{ctx.alias}'")
    raise last


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
