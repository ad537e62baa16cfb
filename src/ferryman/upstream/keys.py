"""A provider's API keys in rotation: round-robin or weighted, with a breaker per key.

A key the provider refuses (401/403) leaves the rotation for ``key_cooldown_s`` and raises a
critical ``provider_key_failed`` alert naming the provider and the key's position, never the key.
A key that keeps failing otherwise (rate limited, errors) is rested by its own breaker. When every
key is out, the one due back soonest is used anyway: the provider's own breaker, not the key
rotation, decides whether the provider is called at all.

Weighted rotation is smooth weighted round-robin (as in nginx): with weights 3 and 1 the order is
a a b a, a a b a, ... - deterministic, and no key gets a burst.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ferryman.upstream.breaker import Breaker, BreakerConfig, State

__all__ = ["KeyAlert", "KeyLease", "KeyRing", "alert_on_refused"]

KeyAlert = Callable[[str, int], None]  # (provider name, key position)


@dataclass(frozen=True, slots=True)
class KeyLease:
    """The key one call uses; ``index`` is its position in the configured list (loggable)."""

    index: int
    secret: str


class KeyRing:
    def __init__(
        self,
        provider: str,
        keys: Sequence[str],
        *,
        weights: Sequence[int] | None = None,
        breaker: BreakerConfig | None = None,
        cooldown_s: float = 300.0,
        on_refused: KeyAlert | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.provider = provider
        self._keys = list(keys)
        self._weights = list(weights) if weights else [1] * len(self._keys)
        self._current = [0] * len(self._keys)
        self._breakers = [Breaker(breaker or BreakerConfig(), clock) for _ in self._keys]
        self._cooldown_s = cooldown_s
        self._on_refused = on_refused
        self._clock = clock

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def secrets(self) -> list[str]:
        return list(self._keys)

    def states(self) -> list[State]:
        return [b.state for b in self._breakers]

    def pick(self) -> KeyLease | None:
        if not self._keys:
            return None
        usable = [i for i, b in enumerate(self._breakers) if b.available()]
        if not usable:  # every key rested: the one due back soonest rather than none
            usable = [min(range(len(self._keys)), key=lambda i: self._breakers[i].until)]
        total = 0
        best = usable[0]
        for i in usable:  # smooth weighted round-robin over the usable keys
            self._current[i] += self._weights[i]
            total += self._weights[i]
            if self._current[i] > self._current[best]:
                best = i
        self._current[best] -= total
        self._breakers[best].allow()  # a rested key coming back is its breaker's probe
        return KeyLease(best, self._keys[best])

    def succeeded(self, lease: KeyLease) -> None:
        self._breakers[lease.index].record(True)

    def failed(self, lease: KeyLease) -> None:
        """A failure this key may be the cause of (rate limited, errors)."""
        self._breakers[lease.index].record(False)

    def refused(self, lease: KeyLease) -> None:
        """The provider refused this key: out of the rotation for the cool-down, and an alert."""
        breaker = self._breakers[lease.index]
        already_out = breaker.state is State.OPEN and self._clock() < breaker.until
        breaker.trip(self._cooldown_s)
        if not already_out and self._on_refused is not None:
            self._on_refused(self.provider, lease.index)


class _Alerts(Protocol):
    def alert(
        self, kind: str, severity: str, summary: str, labels: Mapping[str, str] | None = None
    ) -> None: ...


def alert_on_refused(monitor: _Alerts) -> KeyAlert:
    """A critical ``provider_key_failed`` alert naming the provider and the key's position."""

    def refused(provider: str, index: int) -> None:
        monitor.alert(
            "provider_key_failed",
            "critical",
            f"provider key #{index + 1} was refused (401/403) and left the rotation",
            {"provider": provider},
        )

    return refused
