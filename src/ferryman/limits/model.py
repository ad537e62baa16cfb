"""What a limiter is asked (meters and slots) and what it answers (an outcome per request)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from ferryman.limits.gcra import Rate

__all__ = [
    "Kind",
    "Limiter",
    "LimiterUnavailable",
    "Meter",
    "MeterState",
    "Outcome",
    "Scope",
    "Slot",
]

#: closed sets (metric labels): who a limit applies to, and what it counts
Scope = Literal["key", "user", "team", "environment"]
Kind = Literal["requests", "tokens"]


class LimiterUnavailable(Exception):
    """The shared backend (Redis) could not be reached."""


@dataclass(frozen=True, slots=True)
class Meter:
    """One GCRA limit to charge: ``cost`` units against ``rate`` under ``key``."""

    key: str
    scope: Scope
    kind: Kind
    rate: Rate
    cost: float


@dataclass(frozen=True, slots=True)
class Slot:
    """One concurrency limit: at most ``limit`` leases held under ``key``."""

    key: str
    scope: Scope
    limit: int


@dataclass(frozen=True, slots=True)
class MeterState:
    """A meter after the decision, for the ``x-ratelimit-*`` headers."""

    meter: Meter
    remaining: int
    reset_s: float


@dataclass(frozen=True, slots=True)
class Outcome:
    allowed: bool
    states: tuple[MeterState, ...]
    retry_after: float = 0.0
    denied: Meter | Slot | None = None  # the first limit that refused


class Limiter(Protocol):
    """A backend: every meter and slot is decided at once, all or nothing (atomically)."""

    async def acquire(
        self, meters: Sequence[Meter], slots: Sequence[Slot], lease: str, lease_s: float
    ) -> Outcome:
        """Charge every meter and take every slot, or none of them."""
        ...

    async def adjust(self, changes: Sequence[tuple[Meter, float]]) -> None:
        """Charge (or refund, negative) units after the fact: tokens corrected by usage."""
        ...

    async def release(self, slots: Sequence[Slot], lease: str) -> None:
        """Give back the slots taken under ``lease``."""
        ...
