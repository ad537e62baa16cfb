"""The route stage (innermost): model alias -> targets, then the provider call with fallback.

An unknown alias is 404 - the caller can use only the aliases the config grants, never a raw
provider model name or a URL of its choosing.
"""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamReply
from ferryman.core.stage import Terminal
from ferryman.errors import NotFound
from ferryman.upstream.dispatch import dispatch, usable_targets
from ferryman.upstream.routes import RouteTable

__all__ = ["Route"]


class Route(Terminal):
    name = "route"

    def __init__(self, routes: RouteTable) -> None:
        self.routes = routes

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        targets = ctx.targets if ctx.targets is not None else self.routes.resolve(ctx.alias)
        if targets is None:
            raise NotFound(
                "the requested model does not exist or is not available",
                code="model_not_found",
                param="model",
            )
        return await dispatch(ctx, usable_targets(ctx, targets))
