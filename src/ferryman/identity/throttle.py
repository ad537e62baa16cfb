"""Slow down clients that keep failing authentication: after N failures in a minute from one
address, every request from it gets 429 until the window moves on (credential stuffing)."""

from __future__ import annotations

import time
from collections import deque

from ferryman.errors import RateLimited

__all__ = ["FailureThrottle"]

_WINDOW_S = 60.0
_MAX_TRACKED = 50_000


class FailureThrottle:
    def __init__(self, max_failures: int) -> None:
        self.max_failures = max_failures
        self._failures: dict[str, deque[float]] = {}

    def check(self, client: str | None) -> None:
        if client is None:
            return
        window = self._failures.get(client)
        if window is None:
            return
        now = time.monotonic()
        while window and window[0] <= now - _WINDOW_S:
            window.popleft()
        if len(window) >= self.max_failures:
            retry = max(1, int(window[0] + _WINDOW_S - now) + 1)
            raise RateLimited(
                "too many failed authentication attempts; slow down",
                code="auth_throttled",
                headers={"retry-after": str(retry)},
            )

    def record(self, client: str | None) -> None:
        if client is None:
            return
        if len(self._failures) > _MAX_TRACKED:
            self._failures.clear()  # bounded memory under a distributed attack
        self._failures.setdefault(client, deque()).append(time.monotonic())
