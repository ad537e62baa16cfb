"""The budgets section: caps per key/team/environment, the PRODUCT.md shorthand."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ferryman.settings.budgets import BudgetSettings
from ferryman.settings.model import Settings


def test_product_shorthand_is_a_team_budget() -> None:
    settings = Settings.model_validate(
        {"budgets": {"team-support": {"monthly_usd": 500, "alert_at": 0.8}}}
    )
    cap = settings.budgets.teams["support"]
    assert cap.monthly_usd == 500 and cap.alert_at == 0.8 and cap.daily_usd is None
    assert settings.budgets.any_cap


def test_shorthand_for_keys_and_environments() -> None:
    b = BudgetSettings.model_validate(
        {"key-default": {"daily_usd": 5}, "env-prod": {"monthly_usd": 1000}, "teams": {}}
    )
    assert b.keys["default"].daily_usd == 5 and b.environments["prod"].monthly_usd == 1000


@pytest.mark.parametrize(
    "section",
    [
        {"unknown": 1},
        {"team-a": {"monthly_usd": -1}},
        {"teams": {"a": {"monthly_usd": 1}}, "team-a": {"monthly_usd": 2}},
        {"alert_at": 1.5},
        {"prices": {"m": {"output_per_mtok": 1}}},  # input price is required
        {"unpriced": "maybe"},
    ],
)
def test_bad_budgets_are_refused(section: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        BudgetSettings.model_validate(section)


def test_defaults() -> None:
    b = BudgetSettings()
    assert b.enabled and b.alert_at == 0.8 and not b.any_cap and b.unpriced == "refuse"
