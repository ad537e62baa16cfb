from __future__ import annotations

from ferryman.identity.suspension import Suspensions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_suspends_after_repeated_trips_within_the_window_and_expires() -> None:
    clock = Clock()
    s = Suspensions(clock)
    for _ in range(2):
        assert not s.trip("k", after=3, window_s=60, cooldown_s=300)
        clock.now += 10
    assert s.trip("k", after=3, window_s=60, cooldown_s=300)
    assert s.suspended_for("k") == 300
    assert s.suspended_for("other") == 0
    clock.now += 301
    assert s.suspended_for("k") == 0


def test_old_trips_fall_out_of_the_window() -> None:
    clock = Clock()
    s = Suspensions(clock)
    for _ in range(5):
        assert not s.trip("k", after=3, window_s=60, cooldown_s=300)
        clock.now += 31
