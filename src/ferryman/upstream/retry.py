"""The retry policy: which failures are worth repeating, and how long to wait before the next try.

Pure: values in, values out (the clock and the random source are passed in), so the policy is
tested without a server or a sleep.

- Backoff is exponential with *full jitter*: the n-th retry waits a uniform random time in
  ``[0, min(max_delay, base_delay * 2**n)]``, which spreads a crowd of clients that failed
  together instead of having them hit the provider again in lockstep.
- A provider's ``Retry-After`` (delta-seconds or an HTTP date) replaces the backoff when it is
  within ``max_retry_after_s``; a longer one is not waited for: the request moves on to its
  fallback, or the caller gets the 429 with that ``Retry-After``.
- Retries are bounded in count (``attempts`` per target) and in time (no retry starts after
  ``max_total_s``, nor one whose wait would end after it).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from ferryman.errors import FerrymanError
from ferryman.settings.providers import RetrySettings
from ferryman.upstream.errors import ProviderFailed, ProviderRateLimited, ProviderTimedOut

__all__ = ["RETRY_STATUSES", "RetryPolicy", "retryable"]

_uniform = secrets.SystemRandom().random  # jitter only; the stdlib random module is banned here
_Answered = ProviderFailed | ProviderRateLimited | ProviderTimedOut

#: provider statuses worth a second try (529: Anthropic's "overloaded")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 529})
#: failures of the connection, before or while the answer was read, and empty streams
_RETRY_CODES = frozenset(
    {
        "upstream_unreachable",
        "upstream_connect_timeout",
        "upstream_connection_error",
        "upstream_stream_interrupted",
        "upstream_stream_truncated",
    }
)
_TIMEOUT_CODES = frozenset({"upstream_timeout", "upstream_stream_timeout"})


def retryable(exc: FerrymanError, *, on_timeout: bool) -> bool:
    """Whether repeating the same call could succeed (the failure is transient)."""
    if isinstance(exc, _Answered):
        return exc.provider_status in RETRY_STATUSES
    if exc.code in _RETRY_CODES:
        return True
    return on_timeout and exc.code in _TIMEOUT_CODES


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    base_delay_s: float = 0.2
    max_delay_s: float = 5.0
    max_total_s: float = 20.0
    max_retry_after_s: float = 5.0
    on_timeout: bool = False
    before_fallback: bool = False

    @classmethod
    def of(cls, s: RetrySettings) -> RetryPolicy:
        return cls(
            attempts=s.attempts,
            base_delay_s=s.base_delay_ms / 1000,
            max_delay_s=s.max_delay_ms / 1000,
            max_total_s=s.max_total_s,
            max_retry_after_s=s.max_retry_after_s,
            on_timeout=s.on_timeout,
            before_fallback=s.before_fallback,
        )

    def backoff(self, retry: int, rand: Callable[[], float] = _uniform) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2**retry)] (``retry`` from 0)."""
        ceiling = min(self.max_delay_s, math.ldexp(self.base_delay_s, min(retry, 30)))
        return ceiling * rand()

    def delay(
        self,
        exc: FerrymanError,
        *,
        tries: int,
        elapsed_s: float,
        rand: Callable[[], float] = _uniform,
    ) -> float | None:
        """The wait before trying the same target again, or None to stop retrying it.

        ``tries`` is how many calls this target has had, ``elapsed_s`` the time since the request
        started dispatching."""
        if tries >= self.attempts or not retryable(exc, on_timeout=self.on_timeout):
            return None
        wait = self.backoff(tries - 1, rand)
        if isinstance(exc, _Answered) and exc.retry_after_s is not None:
            if exc.retry_after_s > self.max_retry_after_s:
                return None  # the provider asks for longer than we wait: fall back or surface it
            wait = exc.retry_after_s
        if elapsed_s + wait > self.max_total_s:
            return None
        return wait
