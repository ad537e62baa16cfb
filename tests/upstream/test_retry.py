"""The retry policy: what is retried, full-jitter backoff, Retry-After, and the bounds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ferryman.errors import BadRequest, UpstreamError, UpstreamTimeout
from ferryman.upstream.errors import (
    ProviderFailed,
    ProviderRateLimited,
    ProviderTimedOut,
    parse_retry_after,
)
from ferryman.upstream.retry import RetryPolicy, retryable


def failed(status: int, retry_after: float | None = None) -> ProviderFailed:
    return ProviderFailed("x", provider_status=status, retry_after_s=retry_after)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (failed(500), True),
        (failed(503), True),
        (failed(501), False),
        (ProviderRateLimited("x", retry_after_s=None), True),
        (ProviderTimedOut("x", provider_status=504), True),
        (UpstreamError("x", code="upstream_unreachable"), True),
        (UpstreamTimeout("x", code="upstream_connect_timeout"), True),
        (UpstreamError("x", code="upstream_stream_truncated"), True),
        (UpstreamTimeout("x"), False),  # a read timeout: only with on_timeout
        (UpstreamError("x", code="upstream_auth_failed"), False),
        (UpstreamError("bad json"), False),
        (BadRequest("x"), False),
    ],
)
def test_what_is_retried(exc: UpstreamError, expected: bool) -> None:
    assert retryable(exc, on_timeout=False) is expected


def test_read_timeouts_are_retried_only_when_asked() -> None:
    assert retryable(UpstreamTimeout("x"), on_timeout=True)


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    policy = RetryPolicy(base_delay_s=0.1, max_delay_s=1.0)
    assert policy.backoff(0, lambda: 1.0) == pytest.approx(0.1)
    assert policy.backoff(2, lambda: 1.0) == pytest.approx(0.4)
    assert policy.backoff(10, lambda: 1.0) == pytest.approx(1.0)  # capped
    assert policy.backoff(3, lambda: 0.0) == 0.0  # full jitter reaches zero
    assert policy.backoff(3, lambda: 0.5) == pytest.approx(0.4)


def test_attempts_bound_the_retries() -> None:
    policy = RetryPolicy(attempts=3)
    assert policy.delay(failed(500), tries=1, elapsed_s=0, rand=lambda: 0.5) is not None
    assert policy.delay(failed(500), tries=2, elapsed_s=0, rand=lambda: 0.5) is not None
    assert policy.delay(failed(500), tries=3, elapsed_s=0, rand=lambda: 0.5) is None


def test_total_time_bounds_the_retries() -> None:
    policy = RetryPolicy(max_total_s=2.0, base_delay_s=1.0, max_delay_s=1.0)
    assert policy.delay(failed(500), tries=1, elapsed_s=0.5, rand=lambda: 1.0) == 1.0
    assert policy.delay(failed(500), tries=1, elapsed_s=1.5, rand=lambda: 1.0) is None


def test_retry_after_replaces_the_backoff_up_to_its_cap() -> None:
    policy = RetryPolicy(max_retry_after_s=5.0)
    limited = ProviderRateLimited("x", retry_after_s=2.0)
    assert policy.delay(limited, tries=1, elapsed_s=0) == 2.0
    too_long = ProviderRateLimited("x", retry_after_s=7.0)
    assert policy.delay(too_long, tries=1, elapsed_s=0) is None  # fall back / surface the 429
    assert too_long.headers["retry-after"] == "7"


def test_retry_after_is_read_as_seconds_or_an_http_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:10 GMT", now) == 10.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
