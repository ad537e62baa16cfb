"""The ``x-ratelimit-*`` headers (OpenAI's names) and ``Retry-After``.

With several scopes the headers describe the tightest one: the meter of each kind (requests,
tokens) with the fewest units left.
"""

from __future__ import annotations

import math

from ferryman.limits.model import Kind, MeterState, Outcome

__all__ = ["duration", "rate_headers", "retry_after"]


def duration(seconds: float) -> str:
    """OpenAI's reset format: ``250ms``, ``1s``, ``6m0s``, ``1h2m3s``."""
    if seconds < 1:
        return f"{max(0, math.ceil(seconds * 1000))}ms"
    total = math.ceil(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


_KINDS: tuple[Kind, ...] = ("requests", "tokens")
_NAMES = {
    kind: (
        f"x-ratelimit-limit-{kind}",
        f"x-ratelimit-remaining-{kind}",
        f"x-ratelimit-reset-{kind}",
    )
    for kind in _KINDS
}


def rate_headers(outcome: Outcome) -> dict[str, str]:
    tightest: dict[Kind, MeterState] = {}
    for state in outcome.states:  # per kind, the first meter with the fewest units left
        kind = state.meter.kind
        best = tightest.get(kind)
        if best is None or state.remaining < best.remaining:
            tightest[kind] = state
    headers: dict[str, str] = {}
    for kind in _KINDS:
        found = tightest.get(kind)
        if found is None:
            continue
        limit, remaining, reset = _NAMES[kind]
        headers[limit] = str(found.meter.rate.limit)
        headers[remaining] = str(found.remaining)
        headers[reset] = duration(found.reset_s)
    return headers


def retry_after(outcome: Outcome) -> str:
    """Whole seconds, at least one (what HTTP clients and the SDKs' backoff read)."""
    return str(max(1, math.ceil(outcome.retry_after)))
