"""Budgets: the price table (overrides of the shipped defaults) and spending caps per key, team and
environment, per UTC day and month.

``budgets: {team-support: {monthly_usd: 500, alert_at: 0.8}}`` is shorthand for
``budgets: {teams: {support: {...}}}``; likewise ``key-<id or name>`` and ``env-<environment>``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from ferryman.settings.base import Section as _Section

__all__ = ["BudgetCap", "BudgetSettings", "ModelPrice"]

_SHORTHAND = {"team-": "teams", "key-": "keys", "env-": "environments"}


class ModelPrice(_Section):
    """USD per million tokens."""

    input_per_mtok: Annotated[
        float, Field(ge=0, le=100_000, description="USD per million input (prompt) tokens.")
    ]
    output_per_mtok: Annotated[
        float, Field(ge=0, le=100_000, description="USD per million output (completion) tokens.")
    ] = 0.0


class BudgetCap(_Section):
    """Caps of one key, team or environment (none: no cap for that period)."""

    daily_usd: Annotated[
        float | None, Field(gt=0, le=1e9, description="Cap per UTC day, in USD.")
    ] = None
    monthly_usd: Annotated[
        float | None, Field(gt=0, le=1e9, description="Cap per UTC calendar month, in USD.")
    ] = None
    alert_at: Annotated[
        float | None,
        Field(gt=0, le=1, description="Warn at this share of the cap (default: budgets.alert_at)."),
    ] = None


class BudgetSettings(_Section):
    """Cost accounting and budgets. Spend is kept in the database (shared by every instance)."""

    enabled: Annotated[
        bool,
        Field(
            description="Account each request's cost in the database and enforce the caps "
            "(off: cost is still computed for the audit event)."
        ),
    ] = True
    track_uncapped: Annotated[
        bool,
        Field(
            description="Also keep spend rows for keys, teams and environments without a cap "
            "(for /admin/usage); off: a request without any cap costs no database write (its "
            "cost is still in the audit event and the metrics)."
        ),
    ] = False
    prices: Annotated[
        dict[str, ModelPrice],
        Field(
            description="Price overrides by provider model, `provider/model` or model alias "
            "(the shipped table covers common OpenAI, Anthropic, Mistral and Google models)."
        ),
    ] = Field(default_factory=dict)
    keys: Annotated[
        dict[str, BudgetCap],
        Field(
            description="Caps per key id or name; `default` applies to every key (a key's own "
            "`budget_usd` overrides its monthly cap)."
        ),
    ] = Field(default_factory=dict)
    teams: Annotated[
        dict[str, BudgetCap],
        Field(description="Caps per team; `default` applies to every team on its own."),
    ] = Field(default_factory=dict)
    environments: Annotated[
        dict[str, BudgetCap],
        Field(description="Caps per environment; `default` applies to each environment."),
    ] = Field(default_factory=dict)
    alert_at: Annotated[
        float,
        Field(gt=0, le=1, description="Warn (alert `budget_warning`) at this share of a cap."),
    ] = 0.8
    assume_output_tokens: Annotated[
        int,
        Field(
            ge=1,
            le=1_000_000,
            description="Output tokens reserved for a request that sets no max_tokens.",
        ),
    ] = 4096
    unpriced: Annotated[
        Literal["refuse", "allow"],
        Field(
            description="A model without a price when a cap applies: `refuse` (403 "
            "`model_unpriced`) or `allow` (its cost counts as 0)."
        ),
    ] = "refuse"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """``team-<name>`` / ``key-<name>`` / ``env-<name>`` at the top of the section."""
        if not isinstance(data, dict):
            return data
        out: dict[str, Any] = {}
        moved: dict[str, dict[str, Any]] = {}
        for name, value in data.items():
            prefix = next((p for p in _SHORTHAND if str(name).startswith(p)), None)
            if prefix is None or len(str(name)) == len(prefix):
                out[name] = value
                continue
            moved.setdefault(_SHORTHAND[prefix], {})[str(name)[len(prefix) :]] = value
        for section, caps in moved.items():
            explicit = out.get(section) or {}
            if not isinstance(explicit, dict):
                return data  # let the field's own validation name the problem
            for name in caps:
                if name in explicit:
                    raise ValueError(f"budgets.{section}.{name}: configured twice")
            out[section] = {**explicit, **caps}
        return out

    @property
    def any_cap(self) -> bool:
        return any(
            cap.daily_usd is not None or cap.monthly_usd is not None
            for group in (self.keys, self.teams, self.environments)
            for cap in group.values()
        )
