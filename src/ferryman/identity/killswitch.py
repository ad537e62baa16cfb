"""The kill switch as each instance sees it: the active switches, refreshed every few seconds.

Switches live in the shared database (engaged by ``ferryman kill-switch on`` or the admin API on
any instance); every instance polls the active set every ``refresh_s`` (default 2 s), so a switch
takes effect everywhere within seconds, and a database outage keeps the last known set (fail
closed for what was already engaged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ferryman.storage.kill_switches import KillSwitchRecord, KillSwitchStore
from ferryman.util.tasks import spawn

__all__ = ["KillSwitches"]

log = logging.getLogger("ferryman.killswitch")


class KillSwitches:
    def __init__(self, store: KillSwitchStore, refresh_s: float = 2.0) -> None:
        self.store = store
        self.refresh_s = refresh_s
        self.active: frozenset[tuple[str, str]] = frozenset()
        self._task: asyncio.Task[None] | None = None

    def set(self, records: list[KillSwitchRecord]) -> None:
        self.active = frozenset((r.scope, r.target) for r in records)

    async def refresh(self) -> None:
        try:
            self.set(await self.store.active())
        except Exception as exc:  # keep the last known set
            log.warning("kill switch refresh failed", extra={"code": type(exc).__name__})

    def start(self) -> None:
        self._task = spawn(self._loop(), name="ferryman-kill-switch")

    async def _loop(self) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(self.refresh_s)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def engaged(self, scope: str, target: str | None) -> bool:
        return target is not None and (scope, target) in self.active

    @property
    def everything(self) -> bool:
        return ("all", "*") in self.active
