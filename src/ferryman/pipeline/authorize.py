"""The authorize stage: role, endpoint and model scopes, environment (403 / 404). Deny by default.

It leaves the targets the identity may use in ``ctx.targets``: the route stage only ever calls
those, so a ``dev`` key can never reach a provider reserved for ``prod``, even through a fallback.
"""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.core.stage import Stage
from ferryman.errors import Unauthenticated
from ferryman.identity.access import authorize_inference, enforce_token_bounds
from ferryman.upstream.routes import RouteTable

__all__ = ["Authorize"]


class Authorize(Stage):
    name = "authorize"

    def __init__(self, routes: RouteTable) -> None:
        self.routes = routes

    async def on_request(self, ctx: RequestContext) -> None:
        if ctx.identity is None:  # the chain order guarantees authenticate ran; fail closed anyway
            raise Unauthenticated("not authenticated", code="missing_api_key")
        ctx.targets = authorize_inference(
            ctx.identity,
            ctx.endpoint.value,
            ctx.alias,
            self.routes,
            client_cert=ctx.peer is not None,
        )
        enforce_token_bounds(ctx.identity, ctx.body, ctx.headers.get("origin"))
