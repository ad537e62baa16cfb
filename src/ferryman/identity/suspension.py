"""Abuse response: an identity that trips the injection guard repeatedly is suspended a while.

In-process (per gateway process): each identity's recent trips in a sliding window; at the
threshold the identity is suspended for the cool-down and every request gets 429
``key_suspended`` with ``Retry-After``. An injected clock keeps it testable.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

__all__ = ["Suspensions"]

_MAX_TRACKED = 100_000


class Suspensions:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._trips: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}

    def suspended_for(self, who: str) -> float:
        """Seconds left of ``who``'s suspension (0: not suspended)."""
        until = self._until.get(who)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            del self._until[who]
            return 0.0
        return left

    def trip(self, who: str, *, after: int, window_s: float, cooldown_s: float) -> bool:
        """Record one trip; True when this trip suspends ``who``."""
        now = self._clock()
        trips = self._trips.get(who)
        if trips is None:
            if len(self._trips) >= _MAX_TRACKED:  # bounded memory: forget the oldest identity
                self._trips.pop(next(iter(self._trips)))
            trips = self._trips[who] = deque()
        trips.append(now)
        while trips and trips[0] <= now - window_s:
            trips.popleft()
        if len(trips) >= after:
            trips.clear()
            self._until[who] = now + cooldown_s
            return True
        return False
