"""Circuit breakers: stop calling a provider that keeps failing, probe it again after a cool-down.

Three states (the metric value in brackets)::

    closed (0) ──failure ratio over the window, or N failures in a row──▶ open (2)
    open (2) ──open_s passed: the next caller becomes the single probe──▶ half-open (1)
    half-open (1) ──probe succeeded──▶ closed      ──probe failed──▶ open

A "failure" is the provider's: unreachable, 5xx, a timeout, an invalid answer. A 4xx it answered
(the request's fault) and a caller who hung up count as nothing.

:class:`Breaker` is the pure state machine (the clock is injected); :class:`LocalCircuits` keeps
one per name in the process, :class:`RedisCircuits` keeps the same state in Redis so every
instance sees one circuit (atomic Lua scripts on the server's clock; keys expire on their own).
If Redis cannot be reached the circuit lets calls through: a breaker must never be the outage.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Protocol

from ferryman.settings.providers import CircuitSettings

__all__ = ["Breaker", "BreakerConfig", "Circuits", "LocalCircuits", "RedisCircuits", "State"]

log = logging.getLogger("ferryman.upstream")

_BUCKETS = 10  # the window is counted in this many slices


class State(IntEnum):
    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    enabled: bool = True
    failure_ratio: float = 0.5
    window_s: float = 10.0
    min_requests: int = 20
    consecutive_failures: int | None = None
    open_s: float = 10.0

    @classmethod
    def of(cls, s: CircuitSettings) -> BreakerConfig:
        return cls(
            s.enabled, s.failure_ratio, s.window_s, s.min_requests, s.consecutive_failures, s.open_s
        )

    @property
    def lease_s(self) -> float:
        """How long a half-open probe may take before another caller may probe instead."""
        return max(self.open_s, 5.0)


class Breaker:
    """One circuit, in process. ``allow`` before a call, ``record`` its outcome after."""

    def __init__(self, config: BreakerConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self._clock = clock
        self._state = State.CLOSED
        self._until = 0.0  # open: end of the cool-down; half-open: end of the probe's lease
        self._consecutive = 0
        self._window: deque[list[int]] = deque()  # [slice, ok, failed]

    @property
    def state(self) -> State:
        return self._state

    @property
    def until(self) -> float:
        """Open: when the cool-down ends; half-open: when the probe's lease ends."""
        return self._until

    def available(self) -> bool:
        """Whether :meth:`allow` would let a call through (without taking the probe)."""
        return (
            not self.config.enabled or self._state is State.CLOSED or self._clock() >= self._until
        )

    def allow(self) -> bool:
        if not self.config.enabled or self._state is State.CLOSED:
            return True
        now = self._clock()
        if now < self._until:
            return False  # cooling down, or a probe is out
        self._state = State.HALF_OPEN  # this caller is the probe
        self._until = now + self.config.lease_s
        return True

    def record(self, ok: bool) -> None:
        if not self.config.enabled:
            return
        now = self._clock()
        if self._state is State.OPEN:
            return  # a late answer to a call admitted before the circuit opened
        if self._state is State.HALF_OPEN:
            if ok:
                self._close()
            else:
                self.trip(self.config.open_s)
            return
        self._count(now, ok)
        if ok:
            self._consecutive = 0
            return
        self._consecutive += 1
        limit = self.config.consecutive_failures
        if (limit is not None and self._consecutive >= limit) or self._ratio_exceeded(now):
            self.trip(self.config.open_s)

    def trip(self, seconds: float) -> None:
        """Open now for ``seconds`` (also used to take a refused provider key out)."""
        self._state = State.OPEN
        self._until = self._clock() + seconds
        self._consecutive = 0
        self._window.clear()

    def _close(self) -> None:
        self._state = State.CLOSED
        self._consecutive = 0
        self._window.clear()

    def _slice(self, now: float) -> int:
        return math.floor(now / (self.config.window_s / _BUCKETS))

    def _count(self, now: float, ok: bool) -> None:
        current = self._slice(now)
        while self._window and self._window[0][0] <= current - _BUCKETS:
            self._window.popleft()
        if not self._window or self._window[-1][0] != current:
            self._window.append([current, 0, 0])
        self._window[-1][1 if ok else 2] += 1

    def _ratio_exceeded(self, now: float) -> bool:
        oldest = self._slice(now) - _BUCKETS
        total = failed = 0
        for slice_, ok, bad in self._window:
            if slice_ > oldest:
                total += ok + bad
                failed += bad
        return total >= self.config.min_requests and failed >= self.config.failure_ratio * total


class Circuits(Protocol):
    """The circuits of a runtime's providers, by provider name."""

    async def allow(self, name: str) -> bool: ...

    async def record(self, name: str, ok: bool) -> None: ...

    def state(self, name: str) -> State:
        """The last state this instance saw (metrics, /readyz)."""
        ...


class LocalCircuits:
    """Circuits kept in this process."""

    def __init__(
        self, configs: dict[str, BreakerConfig], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._breakers = {name: Breaker(config, clock) for name, config in configs.items()}

    async def allow(self, name: str) -> bool:
        breaker = self._breakers.get(name)
        return breaker is None or breaker.allow()

    async def record(self, name: str, ok: bool) -> None:
        breaker = self._breakers.get(name)
        if breaker is not None:
            breaker.record(ok)

    def state(self, name: str) -> State:
        breaker = self._breakers.get(name)
        return breaker.state if breaker is not None else State.CLOSED


# KEYS[1] the circuit's hash; ARGV lease_ms, ttl_ms. Returns {allowed, state}.
_ALLOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'state', 'until')
local state = tonumber(h[1]) or 0
if state == 0 then return {1, 0} end
if now < (tonumber(h[2]) or 0) then return {0, state} end
redis.call('HSET', KEYS[1], 'state', 1, 'until', now + tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, 1}
"""

# KEYS[1] the circuit's hash; ARGV ok, window_ms, buckets, min_requests, ratio, consecutive
# (0: off), open_ms, ttl_ms. Window slices live in their own keys under the hash's name and the
# generation it had when they were counted (a state change starts a fresh window).
_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ok = ARGV[1] == '1'
local window, buckets = tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl = ARGV[8]
local h = redis.call('HMGET', KEYS[1], 'state', 'gen')
local state, gen = tonumber(h[1]) or 0, tonumber(h[2]) or 0
local function trip()
  redis.call('HSET', KEYS[1], 'state', 2, 'until', now + tonumber(ARGV[7]), 'consec', 0,
             'gen', gen + 1)
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 2
end
if state == 2 then return 2 end
if state == 1 then
  if not ok then return trip() end
  redis.call('HSET', KEYS[1], 'state', 0, 'until', 0, 'consec', 0, 'gen', gen + 1)
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 0
end
local width = window / buckets
local slice = math.floor(now / width)
local prefix = KEYS[1] .. ':' .. gen .. ':'
redis.call('HINCRBY', prefix .. slice, ok and 'ok' or 'err', 1)
redis.call('PEXPIRE', prefix .. slice, math.ceil(window + width))
if ok then
  redis.call('HSET', KEYS[1], 'consec', 0)
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 0
end
local consec = redis.call('HINCRBY', KEYS[1], 'consec', 1)
redis.call('PEXPIRE', KEYS[1], ttl)
local limit = tonumber(ARGV[6])
if limit > 0 and consec >= limit then return trip() end
local total, failed = 0, 0
for s = slice - buckets + 1, slice do
  local c = redis.call('HMGET', prefix .. s, 'ok', 'err')
  local good, bad = tonumber(c[1]) or 0, tonumber(c[2]) or 0
  total = total + good + bad
  failed = failed + bad
end
if total >= tonumber(ARGV[4]) and failed >= tonumber(ARGV[5]) * total then return trip() end
return 0
"""


class RedisCircuits:
    """Circuits shared by every instance on one Redis (``cache.url``)."""

    def __init__(
        self, redis: Any, configs: dict[str, BreakerConfig], prefix: str = "ferryman:circuit:"
    ) -> None:
        self._redis = redis
        self._configs = configs
        self._prefix = prefix
        self._seen: dict[str, State] = dict.fromkeys(configs, State.CLOSED)
        self._allow = redis.register_script(_ALLOW)
        self._record = redis.register_script(_RECORD)

    def _key(self, name: str) -> str:
        return self._prefix + name

    @staticmethod
    def _ttl_ms(config: BreakerConfig) -> int:
        return math.ceil(2000 * max(config.window_s, config.open_s, config.lease_s))

    async def allow(self, name: str) -> bool:
        config = self._configs.get(name)
        if config is None or not config.enabled:
            return True
        try:
            allowed, state = await self._allow(
                keys=[self._key(name)],
                args=[math.ceil(config.lease_s * 1000), self._ttl_ms(config)],
            )
        except Exception as exc:  # Redis down: let the call through, the provider decides
            log.warning("circuit state unavailable", extra={"code": type(exc).__name__})
            return True
        self._seen[name] = State(int(state))
        return bool(int(allowed))

    async def record(self, name: str, ok: bool) -> None:
        config = self._configs.get(name)
        if config is None or not config.enabled:
            return
        try:
            state = await self._record(
                keys=[self._key(name)],
                args=[
                    "1" if ok else "0",
                    math.ceil(config.window_s * 1000),
                    _BUCKETS,
                    config.min_requests,
                    repr(config.failure_ratio),
                    config.consecutive_failures or 0,
                    math.ceil(config.open_s * 1000),
                    self._ttl_ms(config),
                ],
            )
        except Exception as exc:
            log.warning("circuit state unavailable", extra={"code": type(exc).__name__})
            return
        self._seen[name] = State(int(state))

    def state(self, name: str) -> State:
        return self._seen.get(name, State.CLOSED)

    async def refresh(self, names: Iterable[str]) -> None:
        """Read the shared state of ``names`` (for /readyz); keeps the last seen on errors."""
        for name in names:
            try:
                raw = await self._redis.hget(self._key(name), "state")
            except Exception:
                return
            self._seen[name] = State(int(raw)) if raw is not None else State.CLOSED
