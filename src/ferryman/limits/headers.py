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


def _tightest(states: tuple[MeterState, ...], kind: Kind) -> MeterState | None:
    of_kind = [s for s in states if s.meter.kind == kind]
    return min(of_kind, key=lambda s: s.remaining) if of_kind else None


def rate_headers(outcome: Outcome) -> dict[str, str]:
    headers: dict[str, str] = {}
    kinds: tuple[Kind, ...] = ("requests", "tokens")
    for kind in kinds:
        state = _tightest(outcome.states, kind)
        if state is None:
            continue
        headers[f"x-ratelimit-limit-{kind}"] = str(state.meter.rate.limit)
        headers[f"x-ratelimit-remaining-{kind}"] = str(state.remaining)
        headers[f"x-ratelimit-reset-{kind}"] = duration(state.reset_s)
    return headers


def retry_after(outcome: Outcome) -> str:
    """Whole seconds, at least one (what HTTP clients and the SDKs' backoff read)."""
    return str(max(1, math.ceil(outcome.retry_after)))
