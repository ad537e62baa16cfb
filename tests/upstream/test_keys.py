"""Key rotation: round-robin, weighted, a refused key out of the rotation with an alert."""

from __future__ import annotations

from ferryman.upstream.breaker import BreakerConfig
from ferryman.upstream.keys import KeyRing


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def order(ring: KeyRing, n: int) -> list[int]:
    out = []
    for _ in range(n):
        lease = ring.pick()
        assert lease is not None
        out.append(lease.index)
    return out


def test_round_robin() -> None:
    assert order(KeyRing("p", ["a", "b", "c"]), 6) == [0, 1, 2, 0, 1, 2]


def test_weighted_is_smooth() -> None:
    assert order(KeyRing("p", ["a", "b"], weights=[3, 1]), 8) == [0, 0, 1, 0, 0, 0, 1, 0]


def test_no_keys_no_lease() -> None:
    assert KeyRing("p", []).pick() is None


def test_a_refused_key_leaves_the_rotation_and_alerts_once() -> None:
    clock = Clock()
    alerts: list[tuple[str, int]] = []
    ring = KeyRing(
        "p", ["a", "b"], cooldown_s=60, on_refused=lambda p, i: alerts.append((p, i)), clock=clock
    )
    lease = ring.pick()
    assert lease is not None and lease.index == 0
    ring.refused(lease)
    ring.refused(lease)
    assert alerts == [("p", 0)]
    assert order(ring, 3) == [1, 1, 1]
    clock.now += 60
    assert 0 in order(ring, 2)  # back after the cool-down


def test_when_every_key_is_out_the_soonest_back_is_used() -> None:
    clock = Clock()
    ring = KeyRing("p", ["a", "b"], cooldown_s=60, clock=clock)
    first, second = ring.pick(), ring.pick()
    assert first is not None and second is not None
    ring.refused(first)
    clock.now += 1
    ring.refused(second)
    lease = ring.pick()
    assert lease is not None and lease.index == 0


def test_a_key_that_keeps_failing_is_rested_by_its_breaker() -> None:
    ring = KeyRing("p", ["a", "b"], breaker=BreakerConfig(consecutive_failures=2), clock=Clock())
    for _ in range(2):
        lease = ring.pick()  # key 0, then (after key 1's turn) key 0 again
        assert lease is not None and lease.index == 0
        ring.failed(lease)
        ring.pick()
    assert order(ring, 2) == [1, 1]
