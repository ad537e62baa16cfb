"""GCRA, the generic cell rate algorithm: one number per limit, no windows.

A limit of ``L`` per minute is one "theoretical arrival time" (TAT) per caller: each unit
(a request, a token) pushes it ``interval = 60 s / L`` into the future, and a request is admitted
while the TAT stays within ``tau`` (the burst tolerance) of now. It is a leaky bucket without a
background leak: a quiet caller may spend ``capacity = burst x L`` units at once, after that
exactly one unit per ``interval``.

Unlike fixed windows there is no edge to exploit: a fixed-window counter admits ``L`` at 0:59
and another ``L`` at 1:00 (2x within a second); GCRA admits at most ``capacity + t / interval``
units in any span of ``t`` seconds, so never more than ``(1 + burst) x L`` in any 60 seconds.

Pure functions of (state, now): the clock is passed in, so tests run on an injected clock and
the Redis backend's Lua scripts (``redis.py``) implement the same arithmetic on Redis's clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Rate", "Verdict", "adjust", "check", "remaining", "reset_after"]

PERIOD_S = 60.0


@dataclass(frozen=True, slots=True)
class Rate:
    """``limit`` units per ``period`` seconds; ``burst`` is the share of it spendable at once.

    ``interval`` (seconds one unit occupies), ``capacity`` (units a quiet caller may spend at
    once, at least one) and ``tau`` (the burst tolerance in seconds) are derived once, here:
    every decision reads them.
    """

    limit: int
    burst: float = 0.5
    period: float = PERIOD_S
    interval: float = field(init=False, repr=False, compare=False)
    capacity: float = field(init=False, repr=False, compare=False)
    tau: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        interval = self.period / self.limit
        capacity = max(1.0, self.burst * self.limit)
        object.__setattr__(self, "interval", interval)
        object.__setattr__(self, "capacity", capacity)
        object.__setattr__(self, "tau", capacity * interval)


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    tat: float  # the new TAT when allowed, else unchanged
    retry_after: float  # seconds until the request would fit (0 when allowed)


def check(tat: float | None, now: float, cost: float, rate: Rate) -> Verdict:
    """Admit ``cost`` units at ``now`` or say how long to wait.

    A request dearer than the whole capacity (a huge prompt) is admitted once the bucket is
    empty and then pays its full cost, delaying what follows: it is never refused forever.
    """
    base = now if tat is None or tat < now else tat
    fits = min(cost, rate.capacity)
    wait = base + fits * rate.interval - rate.tau - now
    if wait > 1e-9:
        return Verdict(False, base, wait)
    return Verdict(True, base + cost * rate.interval, 0.0)


def adjust(tat: float | None, now: float, delta: float, rate: Rate) -> float:
    """Charge ``delta`` more units (or refund, when negative) after the fact; never below now."""
    base = now if tat is None or tat < now else tat
    return max(now, base + delta * rate.interval)


def remaining(tat: float | None, now: float, rate: Rate) -> int:
    """Units that would be admitted right now."""
    used = 0.0 if tat is None or tat < now else (tat - now) / rate.interval
    return max(0, math.floor(rate.capacity - used + 1e-9))


def reset_after(tat: float | None, now: float) -> float:
    """Seconds until the caller is back to a full allowance."""
    return 0.0 if tat is None or tat < now else tat - now
