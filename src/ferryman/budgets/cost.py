"""Tokens and money: usage as the providers report it, a request's worst case before the call.

Money is kept in integer nano-dollars (1e-9 USD) wherever it is added up, so the ledger's
conditional updates compare exact numbers on every database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson

__all__ = ["NANO", "from_nano", "to_nano", "tokens_of", "upper_bound_tokens"]

NANO = 1_000_000_000


def to_nano(usd: float, *, up: bool = False) -> int:
    """USD -> nano-dollars; ``up`` rounds up (a reservation must not round a cost away)."""
    value = usd * NANO
    return math.ceil(value) if up else round(value)


def from_nano(nano: int | None) -> float:
    return round((nano or 0) / NANO, 9)


def _int(usage: Mapping[str, Any], key: str) -> int:
    value = usage.get(key)
    return value if isinstance(value, int) and value > 0 else 0


def tokens_of(usage: Mapping[str, Any] | None) -> tuple[int, int] | None:
    """(input, output) tokens from an OpenAI or Anthropic usage object; None if it has none.

    OpenAI's ``prompt_tokens`` already includes cached tokens; Anthropic's ``input_tokens``
    excludes cache writes and reads, which are added (at the input price)."""
    if not usage:
        return None
    if "prompt_tokens" in usage or "completion_tokens" in usage:
        return _int(usage, "prompt_tokens"), _int(usage, "completion_tokens")
    if "input_tokens" in usage or "output_tokens" in usage:
        cached = _int(usage, "cache_creation_input_tokens") + _int(usage, "cache_read_input_tokens")
        return _int(usage, "input_tokens") + cached, _int(usage, "output_tokens")
    return None


def upper_bound_tokens(
    body: Mapping[str, Any], *, embeddings: bool, default_output: int, cap: int | None = None
) -> tuple[int, int]:
    """A worst case (input, output) for a request before it is sent.

    Input: the request body's size in bytes (a text token is at least one byte, and the JSON
    around the messages more than covers the per-message overhead). Output: ``max_tokens`` /
    ``max_completion_tokens`` when set (the provider stops there), else ``default_output``;
    never more than ``cap`` (a browser token's limit). Embeddings produce no output tokens."""
    input_tokens = len(orjson.dumps(body))
    if embeddings:
        return input_tokens, 0
    output = default_output
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if isinstance(value, int) and value > 0:
            output = value
            break
    if cap is not None:
        output = min(output, cap)
    return input_tokens, output
