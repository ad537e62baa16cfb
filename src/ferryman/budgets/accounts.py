"""Which budgets a caller's request counts against, the refusal it gets, and the alerts.

Every request counts against its key, its team and its environment, for the current UTC day and
month (six rows; a row without a configured cap is tracked for the usage view only). Caps come
from ``budgets.keys`` / ``teams`` / ``environments`` (by name, else ``default``); a key's own
``budget_usd`` is its monthly cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

from ferryman.budgets.cost import NANO, from_nano, to_nano
from ferryman.budgets.ledger import Account, Standing
from ferryman.errors import FerrymanError
from ferryman.identity.model import Identity
from ferryman.observability.monitor import Monitor
from ferryman.settings.budgets import BudgetCap, BudgetSettings

__all__ = ["BudgetExceeded", "accounts_for", "next_reset", "periods", "report"]

_SPANS = ("day", "month")
_NOUNS = {"key": "key's", "team": "team's", "environment": "environment's"}
_SPAN_NOUNS = {"day": "daily", "month": "monthly"}


class BudgetExceeded(FerrymanError):
    """402: the request's worst-case cost does not fit in what is left of a budget."""

    status: ClassVar[int] = 402
    error_type: ClassVar[str] = "budget_error"
    default_code: ClassVar[str] = "budget_exceeded"

    def to_anthropic(self) -> dict[str, Any]:
        body = super().to_anthropic()
        body["error"]["type"] = "billing_error"  # Anthropic's own 402 type
        return body


def periods(now: datetime) -> dict[str, str]:
    """The current period of each span (UTC)."""
    now = now.astimezone(UTC)
    return {"day": now.strftime("%Y-%m-%d"), "month": now.strftime("%Y-%m")}


def next_reset(span: str, period: str) -> str:
    """When a period's budget starts afresh (ISO 8601, UTC)."""
    if span == "day":
        start = datetime.strptime(period, "%Y-%m-%d").replace(tzinfo=UTC)
        return datetime.fromtimestamp(start.timestamp() + 86_400, UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    year, month = (int(x) for x in period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}-01T00:00:00Z"


def _cap_of(group: dict[str, BudgetCap], *names: str | None) -> BudgetCap | None:
    for name in (*names, "default"):
        if name is not None and name in group:
            return group[name]
    return None


def accounts_for(
    settings: BudgetSettings, identity: Identity, key_cap_usd: float | None, now: datetime
) -> list[Account]:
    """The six accounts of a request (fewer without a team or an environment)."""
    current = periods(now)
    scopes: list[tuple[str, str, BudgetCap | None, float | None]] = [
        ("key", identity.id, _cap_of(settings.keys, identity.id, identity.name), key_cap_usd)
    ]
    if identity.team:
        scopes.append(("team", identity.team, _cap_of(settings.teams, identity.team), None))
    if identity.environment:
        scopes.append(
            (
                "environment",
                identity.environment,
                _cap_of(settings.environments, identity.environment),
                None,
            )
        )
    out: list[Account] = []
    for scope, subject, cap, monthly_override in scopes:
        alert_at = (cap.alert_at if cap else None) or settings.alert_at
        for span in _SPANS:
            usd = (cap.daily_usd if span == "day" else cap.monthly_usd) if cap else None
            if span == "month" and monthly_override is not None:
                usd = monthly_override
            nano = to_nano(usd) if usd is not None else None
            out.append(Account(scope, subject[:128], span, current[span], nano, alert_at))
    return out


def refusal(standing: Standing, amount: int) -> BudgetExceeded:
    a = standing.account
    cap = from_nano(a.cap_nano)
    spent = from_nano(standing.spent_nano + standing.reserved_nano)
    return BudgetExceeded(
        f"budget exceeded: the {_NOUNS.get(a.scope, a.scope)} {_SPAN_NOUNS[a.span]} budget of "
        f"{cap:.2f} USD has {max(cap - spent, 0.0):.4f} USD left, less than this request's "
        f"worst case of {amount / NANO:.4f} USD; it resets at {next_reset(a.span, a.period)}",
        code="budget_exceeded",
    )


def _labels(a: Account) -> dict[str, str]:
    return {"budget": f"{a.scope}:{a.subject}"[:64], "span": a.span}


def _summary(head: str, a: Account, used: int) -> str:
    cap = from_nano(a.cap_nano)
    share = 100.0 * used / a.cap_nano if a.cap_nano else 100.0
    return (
        f"{head}{share:.0f}% of the {_SPAN_NOUNS[a.span]} budget used "
        f"({from_nano(used):.2f} of {cap:.2f} USD)"
    )


def report(monitor: Monitor, standings: Iterable[Standing]) -> None:
    """Alert ``budget_warning`` at ``alert_at`` of a cap and ``budget_exhausted`` at 100%;
    resolve them once the spend is back under (a new period)."""
    for s in standings:
        a = s.account
        if not a.cap_nano:
            continue
        labels = _labels(a)
        used = s.spent_nano
        if used >= a.cap_nano:
            monitor.alert("budget_exhausted", "critical", _summary("", a, used), labels)
        elif used >= a.alert_at * a.cap_nano:
            monitor.resolve("budget_exhausted", labels)
            monitor.alert("budget_warning", "warning", _summary("", a, used), labels)
        else:
            monitor.resolve("budget_exhausted", labels)
            monitor.resolve("budget_warning", labels)


def report_refusal(monitor: Monitor, standing: Standing) -> None:
    """A refusal means the budget is, for requests, used up."""
    a = standing.account
    used = standing.spent_nano + standing.reserved_nano
    monitor.alert("budget_exhausted", "critical", _summary("refusing: ", a, used), _labels(a))
