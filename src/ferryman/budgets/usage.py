"""The usage view (``GET /admin/usage``): spend, reservations and caps per budget row."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from ferryman.budgets.accounts import next_reset, periods
from ferryman.budgets.cost import from_nano
from ferryman.budgets.ledger import Ledger
from ferryman.errors import BadRequest

__all__ = ["SCOPES", "usage_report"]

SCOPES = ("key", "team", "environment")
_PERIOD = re.compile(r"^(day|month|all|\d{4}-\d{2}(-\d{2})?)$")


def _periods(period: str | None, now: datetime) -> list[str]:
    """``day`` / ``month``: the current one; none: both current; ``all``: every stored one."""
    current = periods(now)
    if period is None:
        return [current["day"], current["month"]]
    if period == "all":
        return []
    if period in current:
        return [current[period]]
    return [period]


async def usage_report(
    ledger: Ledger,
    *,
    scope: str | None = None,
    period: str | None = None,
    subject: str | None = None,
    limit: int = 1000,
) -> dict[str, Any]:
    if scope is not None and scope not in SCOPES:
        raise BadRequest("scope must be key, team or environment", param="scope")
    if period is not None and not _PERIOD.match(period):
        raise BadRequest("period must be day, month, all, YYYY-MM or YYYY-MM-DD", param="period")
    rows = await ledger.rows(
        scope=scope,
        subject=subject,
        periods=_periods(period, datetime.now(UTC)),
        limit=limit,
    )
    data = []
    for r in rows:
        cap = r["cap_nano"]
        spent, reserved = int(r["spent_nano"]), int(r["reserved_nano"])
        data.append(
            {
                "scope": r["scope"],
                "id": r["subject"],
                "span": r["span"],
                "period": r["period"],
                "spent_usd": from_nano(spent),
                "reserved_usd": from_nano(reserved),
                "cap_usd": from_nano(cap) if cap is not None else None,
                "remaining_usd": from_nano(max(cap - spent - reserved, 0))
                if cap is not None
                else None,
                "used": round(spent / cap, 4) if cap else None,
                "requests": int(r["requests"]),
                "input_tokens": int(r["input_tokens"]),
                "output_tokens": int(r["output_tokens"]),
                "resets_at": next_reset(r["span"], r["period"]),
                "updated_at": r["updated_at"].isoformat() if r["updated_at"] else None,
            }
        )
    return {"object": "list", "data": data}
