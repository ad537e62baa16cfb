"""Parse ``30s``, ``15m``, ``1h``, ``30d``, ``2w`` durations and ``--expires`` values
(a duration from now, or an ISO date / date-time)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

__all__ = ["parse_duration", "parse_expiry"]

_DURATION = re.compile(r"(\d{1,6})([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_MAX_SECONDS = 10 * 366 * 86400  # ten years: anything longer is a typo, not a policy


def parse_duration(text: str) -> timedelta:
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise ValueError("use a duration like 30m, 1h, 30d or 2w")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds > _MAX_SECONDS:
        raise ValueError("durations are limited to ten years")
    return timedelta(seconds=seconds)


def parse_expiry(text: str, *, now: datetime | None = None) -> datetime:
    """An absolute expiry in UTC; must lie in the future."""
    now = now or datetime.now(UTC)
    try:
        when = now + parse_duration(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError("use a duration (1h, 30d) or an ISO date (2027-01-31)") from None
        when = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    if when <= now:
        raise ValueError("the expiry must be in the future")
    return when
