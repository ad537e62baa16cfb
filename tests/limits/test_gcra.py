"""GCRA on an injected clock: a burst of at most the capacity, then exactly the rate; no 2x at a
window edge; corrections charge and refund."""

from __future__ import annotations

import pytest

from ferryman.limits import gcra
from ferryman.limits.gcra import Rate


def admitted(rate: Rate, times: list[float], cost: float = 1) -> tuple[list[float], float | None]:
    tat: float | None = None
    ok = []
    for now in times:
        verdict = gcra.check(tat, now, cost, rate)
        if verdict.allowed:
            tat = verdict.tat
            ok.append(now)
    return ok, tat


def test_a_quiet_caller_gets_the_burst_at_once_then_the_rate() -> None:
    rate = Rate(60, burst=0.5)  # one a second, 30 at once
    ok, _ = admitted(rate, [0.0] * 100)
    assert len(ok) == 30
    ok, _ = admitted(rate, [0.0] * 30 + [t / 10 for t in range(1, 101)])  # then 10 s of polling
    assert len(ok) == 30 + 10


def test_no_double_burst_at_a_window_edge() -> None:
    # A fixed one-minute window admits 60 at 59.9 s and 60 more at 60.1 s. GCRA, even with its
    # whole minute as burst, admits 60 and then only what 0.2 s earns.
    rate = Rate(60, burst=1.0)
    ok, _ = admitted(rate, [59.9] * 200 + [60.1] * 200)
    assert len(ok) == 60
    ok, _ = admitted(rate, [59.9] * 200 + [61.0] * 200)
    assert len(ok) == 61


@pytest.mark.parametrize("burst", [0.1, 0.5, 1.0])
def test_any_minute_admits_at_most_one_plus_burst_times_the_limit(burst: float) -> None:
    rate = Rate(120, burst=burst)
    times = [i / 100 for i in range(180 * 100)]  # hammer every 10 ms for 3 minutes
    ok, _ = admitted(rate, times)
    for start in range(120):
        in_minute = [t for t in ok if start <= t < start + 60]
        assert len(in_minute) <= (1 + burst) * 120 + 1
    steady = [t for t in ok if 60 <= t < 120]
    assert len(steady) == pytest.approx(120, abs=1)  # the long-run rate is exact


def test_retry_after_is_when_the_request_would_fit() -> None:
    rate = Rate(6, burst=0.5)  # one per 10 s, 3 at once
    ok, tat = admitted(rate, [0.0] * 4)
    assert len(ok) == 3
    verdict = gcra.check(tat, 0.0, 1, rate)
    assert not verdict.allowed and verdict.retry_after == pytest.approx(10.0)
    assert gcra.check(tat, 10.0, 1, rate).allowed


def test_a_request_dearer_than_the_capacity_waits_for_an_empty_bucket_and_pays_in_full() -> None:
    rate = Rate(1000, burst=0.5)  # 500 tokens at once, 1000 a minute
    first = gcra.check(None, 0.0, 100, rate)
    assert first.allowed
    assert not gcra.check(first.tat, 0.0, 2000, rate).allowed
    big = gcra.check(None, 0.0, 2000, rate)
    assert big.allowed  # empty bucket: admitted, but...
    assert big.tat == pytest.approx(120.0)  # ...two minutes of allowance are spent
    assert gcra.remaining(big.tat, 0.0, rate) == 0


def test_adjust_charges_and_refunds_but_never_below_now() -> None:
    rate = Rate(600, burst=1.0)  # 0.1 s per token
    tat = gcra.check(None, 0.0, 100, rate).tat  # 10 s ahead
    assert gcra.adjust(tat, 0.0, 50, rate) == pytest.approx(15.0)
    assert gcra.adjust(tat, 0.0, -50, rate) == pytest.approx(5.0)
    assert gcra.adjust(tat, 0.0, -500, rate) == 0.0
    assert gcra.adjust(tat, 20.0, 10, rate) == pytest.approx(21.0)  # from now when idle


def test_remaining_and_reset() -> None:
    rate = Rate(60, burst=0.5)
    assert gcra.remaining(None, 0.0, rate) == 30
    tat = gcra.check(None, 0.0, 10, rate).tat
    assert gcra.remaining(tat, 0.0, rate) == 20
    assert gcra.reset_after(tat, 0.0) == pytest.approx(10.0)
    assert gcra.remaining(tat, 10.0, rate) == 30
    assert Rate(1, burst=0.5).capacity == 1.0  # at least one request fits
