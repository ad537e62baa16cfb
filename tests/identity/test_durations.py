"""Durations and expiry values for --expires / --grace / ttl."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ferryman.identity.durations import parse_duration, parse_expiry

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), ("30d", 2_592_000), ("2w", 1_209_600)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "1y", "-1h", "1.5h", "h", "1 h x", "99999999d", "999999w"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_expiry_from_duration_or_date() -> None:
    assert parse_expiry("1h", now=NOW) == NOW + timedelta(hours=1)
    assert parse_expiry("2027-01-31", now=NOW) == datetime(2027, 1, 31, tzinfo=UTC)
    # an offset is converted to UTC (SQLite would drop it and keep the key alive too long)
    assert parse_expiry("2027-01-31T10:00:00+01:00", now=NOW) == datetime(
        2027, 1, 31, 9, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["2020-01-01", "yesterday", "0s"])
def test_expiry_must_be_in_the_future_and_parse(text: str) -> None:
    with pytest.raises(ValueError):
        parse_expiry(text, now=NOW)
