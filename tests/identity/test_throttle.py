"""Repeated authentication failures from one address are slowed down with 429."""

from __future__ import annotations

import pytest

from ferryman.errors import RateLimited
from ferryman.identity.throttle import FailureThrottle


def test_throttles_after_the_limit_per_client() -> None:
    throttle = FailureThrottle(max_failures=3)
    for _ in range(3):
        throttle.check("10.0.0.1")
        throttle.record("10.0.0.1")
    with pytest.raises(RateLimited) as info:
        throttle.check("10.0.0.1")
    assert 1 <= int(info.value.headers["retry-after"]) <= 61
    throttle.check("10.0.0.2")  # other clients are unaffected


def test_unknown_client_address_is_not_tracked() -> None:
    throttle = FailureThrottle(max_failures=1)
    throttle.record(None)
    throttle.check(None)
