"""Admin endpoints of the kill switch: list, engage, lift (recorded in the admin trail)."""

# no `from __future__ import annotations`: FastAPI must see the role dependencies, which are
# local to register(), as evaluated annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, Path, Request
from pydantic import BaseModel, Field

from ferryman.errors import NotFound
from ferryman.storage.admin_events import AdminEvent

if TYPE_CHECKING:
    from ferryman.runtime import Runtime

__all__ = ["KillSwitchBody", "register"]


class KillSwitchBody(BaseModel):
    scope: Literal["all", "key", "team", "route", "provider"]
    target: Annotated[str, Field(max_length=128, pattern=r"^[A-Za-z0-9._:*\-]*$")] = "*"
    reason: Annotated[str, Field(min_length=1, max_length=256)]


def register(app: FastAPI, current: Callable[[], "Runtime"], reader: Any, writer: Any) -> None:
    """Add the endpoints; ``reader``/``writer`` are the admin API's role dependencies."""

    def store() -> Any:
        return current().services.kill_switches.store

    async def trail(request: Request, who: Any, action: str, target: str, outcome: str) -> None:
        await current().services.admin_events.record(
            AdminEvent(
                actor_kind=who.kind,
                actor=who.label,
                action=action,
                outcome=outcome,
                target=target[:64],
                client=request.client.host if request.client else None,
            )
        )

    @app.get("/admin/kill-switches")
    async def list_kill_switches(_: reader) -> dict[str, Any]:
        """The active kill switches."""
        return {"object": "list", "data": [r.public() for r in await store().active()]}

    @app.post("/admin/kill-switches", status_code=201)
    async def engage_kill_switch(
        request: Request,
        body: KillSwitchBody,
        who: writer,
    ) -> dict[str, Any]:
        """Stop traffic now (everything, a key, a team, a route or a provider), everywhere."""
        record = await store().engage(body.scope, body.target, body.reason, who.label)
        await current().services.kill_switches.refresh()  # this instance: at once
        await trail(request, who, "kill_switch.on", f"{body.scope}:{record.target}", "ok")
        return record.public()  # type: ignore[no-any-return]

    @app.delete("/admin/kill-switches/{switch_id}")
    async def lift_kill_switch(
        request: Request,
        switch_id: Annotated[str, Path(max_length=16)],
        who: writer,
    ) -> dict[str, Any]:
        """Lift a kill switch."""
        lifted = await store().lift(switch_id, who.label)
        await trail(request, who, "kill_switch.off", switch_id, "ok" if lifted else "not_found")
        if not lifted:
            raise NotFound("no active kill switch with this id", code="kill_switch_not_found")
        await current().services.kill_switches.refresh()
        return {"id": switch_id, "lifted": True}
