"""The authenticate stage: the presented credential -> an Identity, or 401. Deny by default."""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.core.stage import Stage
from ferryman.identity.authenticator import Authenticator

__all__ = ["Authenticate"]


class Authenticate(Stage):
    name = "authenticate"

    def __init__(self, auth: Authenticator) -> None:
        self.auth = auth

    async def on_request(self, ctx: RequestContext) -> None:
        ctx.identity = await self.auth.authenticate(ctx.credential, ctx.client_addr, peer=ctx.peer)
        ctx.credential = None  # not needed past this point
