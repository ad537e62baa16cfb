"""The circuit breaker state machine, on an injected clock."""

from __future__ import annotations

from ferryman.upstream.breaker import Breaker, BreakerConfig, State


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_consecutive_failures_open_then_one_probe_closes() -> None:
    clock = Clock()
    b = Breaker(BreakerConfig(consecutive_failures=3, min_requests=1000, open_s=5), clock)
    for _ in range(2):
        assert b.allow()
        b.record(False)
    assert b.state is State.CLOSED
    b.record(False)
    assert b.state is State.OPEN
    assert not b.allow()  # fails fast
    clock.now += 5
    assert b.allow()  # the single probe
    assert b.state is State.HALF_OPEN
    assert not b.allow()  # nobody else while the probe is out
    b.record(True)
    assert b.state is State.CLOSED and b.allow()


def test_a_failed_probe_reopens() -> None:
    clock = Clock()
    b = Breaker(BreakerConfig(consecutive_failures=1, open_s=5), clock)
    b.record(False)
    clock.now += 5
    assert b.allow()
    b.record(False)
    assert b.state is State.OPEN and not b.allow()


def test_a_success_resets_the_run_of_failures() -> None:
    b = Breaker(BreakerConfig(consecutive_failures=2, min_requests=1000), Clock())
    b.record(False)
    b.record(True)
    b.record(False)
    assert b.state is State.CLOSED


def test_the_failure_ratio_opens_only_with_enough_calls_in_the_window() -> None:
    clock = Clock()
    b = Breaker(BreakerConfig(failure_ratio=0.5, window_s=10, min_requests=4), clock)
    b.record(True)
    b.record(False)
    b.record(False)
    assert b.state is State.CLOSED  # 3 calls < min_requests
    b.record(True)
    b.record(False)
    assert b.state is State.OPEN  # 3 of 5 failed


def test_old_calls_leave_the_window() -> None:
    clock = Clock()
    b = Breaker(BreakerConfig(failure_ratio=0.5, window_s=10, min_requests=4), clock)
    for _ in range(3):
        b.record(False)
    clock.now += 20
    b.record(True)
    b.record(True)
    b.record(True)
    b.record(False)
    assert b.state is State.CLOSED  # the early failures are out of the window


def test_a_stuck_probe_is_replaced_after_its_lease() -> None:
    clock = Clock()
    b = Breaker(BreakerConfig(consecutive_failures=1, open_s=5), clock)
    b.record(False)
    clock.now += 5
    assert b.allow()  # the probe never reports (its caller left)
    clock.now += b.config.lease_s
    assert b.allow()


def test_a_disabled_breaker_never_opens() -> None:
    b = Breaker(BreakerConfig(enabled=False, consecutive_failures=1), Clock())
    b.record(False)
    assert b.allow() and b.state is State.CLOSED
