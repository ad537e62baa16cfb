"""The in-process limiter (the default): exact for one gateway process.

Decisions never await, so on one event loop they are atomic. Concurrency slots are leases with
an expiry, like in Redis, so a slot whose release was somehow lost frees itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ferryman.limits import gcra
from ferryman.limits.model import Meter, MeterState, Outcome, Slot

__all__ = ["MemoryLimiter"]

_SWEEP_AT = 50_000  # forget callers back at a full allowance once this many are tracked


class MemoryLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tat: dict[str, float] = {}
        self._leases: dict[str, dict[str, float]] = {}
        self._earliest: dict[str, float] = {}  # per slot key: no lease expires before this

    async def acquire(
        self, meters: Sequence[Meter], slots: Sequence[Slot], lease: str, lease_s: float
    ) -> Outcome:
        return self.acquire_now(meters, slots, lease, lease_s)

    def acquire_now(
        self, meters: Sequence[Meter], slots: Sequence[Slot], lease: str, lease_s: float
    ) -> Outcome:
        now = self._clock()
        tat = self._tat
        verdicts = [gcra.check(tat.get(m.key), now, m.cost, m.rate) for m in meters]
        denied: Meter | Slot | None = None
        retry = 0.0
        for meter, verdict in zip(meters, verdicts, strict=True):
            if not verdict.allowed:
                denied = denied or meter
                retry = max(retry, verdict.retry_after)
        for slot in slots:
            held = self._live(slot.key, now)
            if len(held) >= slot.limit:
                denied = denied or slot
                retry = max(retry, 1.0)
        allowed = denied is None
        if allowed:
            for meter, verdict in zip(meters, verdicts, strict=True):
                tat[meter.key] = verdict.tat
            expiry = now + lease_s
            for slot in slots:
                self._leases.setdefault(slot.key, {})[lease] = expiry
                if expiry < self._earliest.get(slot.key, expiry + 1.0):
                    self._earliest[slot.key] = expiry
            if len(tat) > _SWEEP_AT:
                self._sweep(now)
        states = []
        for m in meters:
            t = self._tat.get(m.key)
            states.append(MeterState(m, gcra.remaining(t, now, m.rate), gcra.reset_after(t, now)))
        return Outcome(allowed, tuple(states), retry, denied)

    async def adjust(self, changes: Sequence[tuple[Meter, float]]) -> None:
        now = self._clock()
        for meter, delta in changes:
            tat = gcra.adjust(self._tat.get(meter.key), now, delta, meter.rate)
            if tat <= now:
                self._tat.pop(meter.key, None)
            else:
                self._tat[meter.key] = tat

    async def release(self, slots: Sequence[Slot], lease: str) -> None:
        for slot in slots:
            held = self._leases.get(slot.key)
            if held is not None:
                held.pop(lease, None)
                if not held:
                    del self._leases[slot.key]
                    self._earliest.pop(slot.key, None)

    def in_flight(self, key: str) -> int:
        return len(self._live(key, self._clock()))

    def _live(self, key: str, now: float) -> dict[str, float]:
        """The unexpired leases of a slot; expired ones are dropped (scanned only when one of
        them can have expired, not on every decision)."""
        held = self._leases.get(key, {})
        if held and self._earliest.get(key, now) <= now:
            for lease in [lease for lease, expiry in held.items() if expiry <= now]:
                del held[lease]
            if held:
                self._earliest[key] = min(held.values())
            else:
                self._earliest.pop(key, None)
        return held

    def _sweep(self, now: float) -> None:
        self._tat = {key: tat for key, tat in self._tat.items() if tat > now}
