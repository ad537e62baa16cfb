"""Token estimates before the call, and the real count from the usage the provider reported.

The estimate is a deliberately cheap heuristic (no tokenizer): a quarter of the characters of
every text field, plus the completion budget the request asks for (``max_tokens``). It is only
the advance charge; the reported usage corrects it once the answer is in.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["estimate_tokens", "reported_tokens"]

_TEXT_FIELDS = ("messages", "system", "input", "prompt", "tools", "functions")
_BUDGET_FIELDS = ("max_completion_tokens", "max_tokens", "max_output_tokens")
_MAX_DEPTH = 16


def _chars(value: Any, depth: int = 0) -> int:
    # plain loops, strings counted inline: this runs over every request's messages
    if isinstance(value, str):
        return len(value)
    if depth > _MAX_DEPTH:
        return 0
    total = 0
    if isinstance(value, dict):
        for v in value.values():
            total += len(v) if isinstance(v, str) else _chars(v, depth + 1)
        return total
    if isinstance(value, list):
        if value and isinstance(value[0], int) and all(isinstance(v, int) for v in value):
            return 4 * len(value)  # embeddings input given as token ids
        for v in value:
            total += len(v) if isinstance(v, str) else _chars(v, depth + 1)
        return total
    return 0


def estimate_tokens(body: dict[str, Any]) -> int:
    """Prompt characters / 4 plus the completion budget (times ``n`` choices)."""
    chars = 0
    for f in _TEXT_FIELDS:
        value = body.get(f)
        if value is not None:
            chars += _chars(value)
    prompt = math.ceil(chars / 4)
    budget = next((body[f] for f in _BUDGET_FIELDS if isinstance(body.get(f), int)), 0)
    n = body.get("n")
    choices = n if isinstance(n, int) and n > 0 else 1
    return prompt + max(0, budget) * choices


def reported_tokens(usage: dict[str, int] | None) -> int | None:
    """Total tokens from OpenAI's or Anthropic's usage object (None when there is none)."""
    if not usage:
        return None
    total = usage.get("total_tokens")
    if isinstance(total, int):
        return total
    parts = (
        "prompt_tokens",
        "completion_tokens",
        "input_tokens",
        "output_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
    )
    values = [usage[p] for p in parts if isinstance(usage.get(p), int)]
    return sum(values) if values else None
