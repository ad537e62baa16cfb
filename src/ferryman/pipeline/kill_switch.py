"""The kill_switch stage: stop all traffic, or one key, team, route or provider, at once.

Right after ``authorize`` (the identity and the usable targets are known): a switch on everything
answers 503 ``kill_switch``; on the caller's key or team, or on the requested route, 403
``kill_switch``; a provider switch removes that provider from the route's targets (fallbacks to
other providers still work) and answers 503 when none is left.
"""

from __future__ import annotations

from ferryman.core.context import RequestContext
from ferryman.core.stage import Stage
from ferryman.errors import Forbidden, ServiceUnavailable
from ferryman.identity.killswitch import KillSwitches

__all__ = ["KillSwitch"]


class KillSwitch(Stage):
    name = "kill_switch"

    def __init__(self, switches: KillSwitches) -> None:
        self.switches = switches

    async def on_request(self, ctx: RequestContext) -> None:
        s = self.switches
        if not s.active:
            return
        if s.everything:
            raise ServiceUnavailable(
                "the gateway is stopped by its operators (kill switch)", code="kill_switch"
            )
        ident = ctx.identity
        if ident is not None and (
            s.engaged("key", ident.id)
            or s.engaged("key", ident.prefix)
            or s.engaged("team", ident.team)
        ):
            raise Forbidden("this caller is stopped by a kill switch", code="kill_switch")
        if s.engaged("route", ctx.alias):
            raise Forbidden("this model is stopped by a kill switch", code="kill_switch")
        if ctx.targets is not None:
            left = tuple(t for t in ctx.targets if not s.engaged("provider", t.provider.name))
            if not left:
                raise ServiceUnavailable(
                    "every provider of this model is stopped by a kill switch", code="kill_switch"
                )
            ctx.targets = left
