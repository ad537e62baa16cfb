"""The route stage (innermost): model alias -> targets, then the provider call with retries,
circuit breakers and fallback (``upstream/dispatch.py``).

An unknown alias is 404 - the caller can use only the aliases the config grants, never a raw
provider model name or a URL of its choosing. A request the idempotency stage found already
answered gets the stored answer instead of a provider call.
"""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamReply
from ferryman.core.stage import Terminal
from ferryman.errors import NotFound
from ferryman.pipeline.idempotency import replay_of
from ferryman.upstream.dispatch import Dispatcher, usable_targets
from ferryman.upstream.routes import RouteTable

__all__ = ["Route"]


class Route(Terminal):
    name = "route"

    def __init__(self, routes: RouteTable, dispatcher: Dispatcher | None = None) -> None:
        self.routes = routes
        self.dispatcher = dispatcher or Dispatcher()

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        replay = replay_of(ctx)
        if replay is not None:
            return replay
        targets = ctx.targets if ctx.targets is not None else self.routes.resolve(ctx.alias)
        if targets is None:
            raise NotFound(
                "the requested model does not exist or is not available",
                code="model_not_found",
                param="model",
            )
        usable = usable_targets(ctx, targets, self.routes.policy(ctx.alias))
        return await self.dispatcher.dispatch(ctx, usable)
