"""The price table: shipped defaults, config overrides, dated snapshots by prefix."""

from __future__ import annotations

import pytest

from ferryman.budgets.prices import DEFAULT_PRICES, Price, PriceTable
from ferryman.settings.budgets import ModelPrice


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gpt-4o-mini", (0.15, 0.60)),
        ("gpt-4o-mini-2024-07-18", (0.15, 0.60)),  # a snapshot finds its family
        ("gpt-4o-2024-08-06", (2.50, 10.0)),  # not gpt-4's price
        ("gpt-4.1-nano", (0.10, 0.40)),
        ("o1-pro-2025-03-19", (150.0, 600.0)),  # not o1's
        ("claude-3-5-haiku-latest", (0.80, 4.0)),
        ("claude-sonnet-4-20250514", (3.0, 15.0)),
        ("mistral-large-latest", (2.0, 6.0)),
        ("gemini-2.5-flash-lite", (0.10, 0.40)),  # longest prefix wins
        ("openai/gpt-4o", (2.50, 10.0)),  # a router's provider/model name
    ],
)
def test_defaults_cover_common_models(name: str, expected: tuple[float, float]) -> None:
    price = PriceTable().lookup(None, [name])
    assert price == Price(*expected)


def test_prefix_needs_a_boundary() -> None:
    table = PriceTable()
    assert table.lookup(None, ["gpt-4oish"]) is None
    assert table.lookup(None, ["unknown-model"]) is None


def test_overrides_win_by_provider_model_alias() -> None:
    table = PriceTable(
        {
            "gpt-4o": ModelPrice(input_per_mtok=1, output_per_mtok=2),
            "azure/my-deployment": ModelPrice(input_per_mtok=3, output_per_mtok=4),
            "fast": ModelPrice(input_per_mtok=5, output_per_mtok=6),
        }
    )
    assert table.lookup("openai", ["gpt-4o-2024-08-06"]) == Price(1, 2)
    assert table.lookup("azure", ["my-deployment", "gpt"]) == Price(3, 4)
    assert table.lookup("other", ["my-deployment", "fast"]) == Price(5, 6)  # the alias
    # an exact override of a later name beats a default prefix of an earlier one
    assert table.lookup("openai", ["gpt-4o-mini", "fast"]) == Price(5, 6)


def test_cost_per_million_tokens() -> None:
    assert Price(2.5, 10.0).cost(1_000_000, 0) == 2.5
    assert Price(2.5, 10.0).cost(11, 7) == pytest.approx((11 * 2.5 + 7 * 10.0) / 1e6)


def test_every_default_is_non_negative() -> None:
    assert all(i >= 0 and o >= 0 for i, o in DEFAULT_PRICES.values())
