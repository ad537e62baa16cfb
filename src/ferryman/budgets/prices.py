"""The price table: USD per million input and output tokens, per model.

The shipped defaults cover common OpenAI, Anthropic, Mistral and Google models (list prices; a
config override wins). A name is looked up as configured (``provider/model``, the model, the
alias), then by its longest known prefix at a ``-``/``@``/``:`` boundary, so a dated snapshot
(``gpt-4o-mini-2024-07-18``, ``claude-3-5-haiku-latest``) finds its family's price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ferryman.settings.budgets import ModelPrice

__all__ = ["DEFAULT_PRICES", "Price", "PriceTable"]


@dataclass(frozen=True, slots=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """USD for this many tokens."""
        return (input_tokens * self.input_per_mtok + output_tokens * self.output_per_mtok) / 1e6


# USD per million tokens (input, output): list prices of the providers' public price pages.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    # OpenAI
    "gpt-5": (1.25, 10.0),
    "gpt-5-mini": (0.25, 2.0),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-4.1": (2.0, 8.0),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.0),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4-turbo": (10.0, 30.0),
    "gpt-4": (30.0, 60.0),
    "gpt-3.5-turbo": (0.50, 1.50),
    "o1": (15.0, 60.0),
    "o1-pro": (150.0, 600.0),
    "o1-mini": (1.10, 4.40),
    "o3": (2.0, 8.0),
    "o3-pro": (20.0, 80.0),
    "o3-mini": (1.10, 4.40),
    "o4-mini": (1.10, 4.40),
    "text-embedding-3-small": (0.02, 0.0),
    "text-embedding-3-large": (0.13, 0.0),
    "text-embedding-ada-002": (0.10, 0.0),
    # Anthropic
    "claude-opus-4": (15.0, 75.0),
    "claude-opus-4-1": (15.0, 75.0),
    "claude-sonnet-4": (3.0, 15.0),
    "claude-sonnet-4-5": (3.0, 15.0),
    "claude-haiku-4-5": (1.0, 5.0),
    "claude-3-7-sonnet": (3.0, 15.0),
    "claude-3-5-sonnet": (3.0, 15.0),
    "claude-3-5-haiku": (0.80, 4.0),
    "claude-3-opus": (15.0, 75.0),
    "claude-3-haiku": (0.25, 1.25),
    # Mistral
    "mistral-large": (2.0, 6.0),
    "mistral-medium": (0.40, 2.0),
    "mistral-small": (0.10, 0.30),
    "codestral": (0.30, 0.90),
    "open-mistral-nemo": (0.15, 0.15),
    "ministral-8b": (0.10, 0.10),
    "ministral-3b": (0.04, 0.04),
    "pixtral-large": (2.0, 6.0),
    "mistral-embed": (0.10, 0.0),
    # Google
    "gemini-2.5-pro": (1.25, 10.0),
    "gemini-2.5-flash": (0.30, 2.50),
    "gemini-2.5-flash-lite": (0.10, 0.40),
    "gemini-2.0-flash": (0.10, 0.40),
    "gemini-2.0-flash-lite": (0.075, 0.30),
    "gemini-1.5-pro": (1.25, 5.0),
    "gemini-1.5-flash": (0.075, 0.30),
    "text-embedding-004": (0.0, 0.0),
    # the local demo provider answers for free
    "demo-echo": (0.0, 0.0),
}

_BOUNDARY = ("-", "@", ":")


def _by_prefix(table: Mapping[str, Price], name: str) -> Price | None:
    best: str | None = None
    for known in table:
        if (
            name.startswith(known)
            and (len(name) == len(known) or name[len(known)] in _BOUNDARY)
            and (best is None or len(known) > len(best))
        ):
            best = known
    return table[best] if best is not None else None


class PriceTable:
    """Defaults plus overrides; :meth:`lookup` returns None for a model nobody priced."""

    def __init__(self, overrides: Mapping[str, ModelPrice] | None = None) -> None:
        self._overrides = {
            name: Price(p.input_per_mtok, p.output_per_mtok)
            for name, p in (overrides or {}).items()
        }
        self._defaults = {name: Price(i, o) for name, (i, o) in DEFAULT_PRICES.items()}
        self._cache: dict[tuple[str | None, tuple[str, ...]], Price | None] = {}

    def lookup(self, provider: str | None, names: Iterable[str | None]) -> Price | None:
        """The price of the first of ``names`` (configured model, alias, reported model) that
        has one: overrides first (exact, ``provider/name``), then defaults (exact, prefix)."""
        wanted = tuple(n for n in names if n)
        key = (provider, wanted)
        if key in self._cache:
            return self._cache[key]
        price = self._find(provider, wanted)
        if len(self._cache) < 4096:
            self._cache[key] = price
        return price

    def _find(self, provider: str | None, names: tuple[str, ...]) -> Price | None:
        for name in names:
            if provider is not None and f"{provider}/{name}" in self._overrides:
                return self._overrides[f"{provider}/{name}"]
            if name in self._overrides:
                return self._overrides[name]
        for table in (self._overrides, self._defaults):
            for name in names:
                bare = name.rsplit("/", 1)[-1]  # "openai/gpt-4o" (routers) -> "gpt-4o"
                for candidate in dict.fromkeys((name, bare)):
                    price = table.get(candidate) or _by_prefix(table, candidate)
                    if price is not None:
                        return price
        return None
