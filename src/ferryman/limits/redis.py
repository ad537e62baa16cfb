"""The Redis limiter: one set of counters for every gateway instance (``cache.url``).

Each decision is one Lua script, so checking and charging every meter and slot of a request is
atomic on the Redis server: no read-modify-write race between instances. Time is Redis's own
clock (``TIME``), so instances with skewed clocks still agree. The arithmetic is GCRA, the same
as ``gcra.py``; TATs are stored in milliseconds and expire once back at a full allowance.

Concurrency slots are sorted sets of leases scored by their expiry: a lease is removed on
release, and one whose instance crashed expires after ``lease_s`` (leases are swept on every
acquire), so no slot leaks. All keys of one request are passed to one script; on Redis Cluster
put a hash tag in the prefix (``"{ferryman}:limits:"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ferryman.limits.gcra import Rate
from ferryman.limits.model import LimiterUnavailable, Meter, MeterState, Outcome, Slot

__all__ = ["RedisLimiter"]

# KEYS: the meters' TAT keys, then the slots' lease sets.
# ARGV: n_meters, n_slots, lease_ms, lease, then (interval_ms, tau_ms, cost) per meter, then the
# limit per slot. Returns {denied index (0: allowed), retry_ms, remaining, reset_ms per meter}.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local g = tonumber(ARGV[1])
local c = tonumber(ARGV[2])
local lease_ms = tonumber(ARGV[3])
local lease = ARGV[4]
local base, interval, tau, cost, new = {}, {}, {}, {}, {}
local denied, retry = 0, 0
for i = 1, g do
  local a = 4 + (i - 1) * 3
  interval[i] = tonumber(ARGV[a + 1])
  tau[i] = tonumber(ARGV[a + 2])
  cost[i] = tonumber(ARGV[a + 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  base[i] = tat
  local fits = math.min(cost[i], tau[i] / interval[i])
  local wait = tat + fits * interval[i] - tau[i] - now
  if wait > 0.000001 then
    if denied == 0 then denied = i end
    if wait > retry then retry = wait end
  end
  new[i] = tat + cost[i] * interval[i]
end
for j = 1, c do
  local key = KEYS[g + j]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[4 + g * 3 + j]) then
    if denied == 0 then denied = g + j end
    if retry < 1000 then retry = 1000 end
  end
end
local out = {denied, math.ceil(retry)}
for i = 1, g do
  local tat = base[i]
  if denied == 0 then
    tat = new[i]
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
  end
  local used = (tat - now) / interval[i]
  out[#out + 1] = math.floor(tau[i] / interval[i] - used + 0.000001)
  out[#out + 1] = math.ceil(tat - now)
end
if denied == 0 then
  for j = 1, c do
    redis.call('ZADD', KEYS[g + j], now + lease_ms, lease)
    redis.call('PEXPIRE', KEYS[g + j], lease_ms + 1000)
  end
end
return out
"""

# KEYS: TAT keys. ARGV: (interval_ms, delta units) per key. Charges or refunds, never below now.
_ADJUST = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
for i = 1, #KEYS do
  local interval = tonumber(ARGV[(i - 1) * 2 + 1])
  local delta = tonumber(ARGV[(i - 1) * 2 + 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  tat = math.max(now, tat + delta * interval)
  if tat - now < 1 then
    redis.call('DEL', KEYS[i])
  else
    redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
  end
end
return 1
"""


def _ms(rate: Rate) -> tuple[float, float]:
    return rate.interval * 1000, rate.tau * 1000


class RedisLimiter:
    def __init__(self, redis: Any, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._acquire = redis.register_script(_ACQUIRE)
        self._adjust = redis.register_script(_ADJUST)

    async def acquire(
        self, meters: Sequence[Meter], slots: Sequence[Slot], lease: str, lease_s: float
    ) -> Outcome:
        keys = [self._prefix + m.key for m in meters] + [self._prefix + s.key for s in slots]
        args: list[str | int | float] = [len(meters), len(slots), round(lease_s * 1000), lease]
        for m in meters:
            interval, tau = _ms(m.rate)
            args += [repr(interval), repr(tau), repr(float(m.cost))]
        args += [s.limit for s in slots]
        reply = await self._call(self._acquire, keys, args)
        denied_at, retry_ms = int(reply[0]), int(reply[1])
        states = tuple(
            MeterState(m, max(0, int(reply[2 + 2 * i])), int(reply[3 + 2 * i]) / 1000)
            for i, m in enumerate(meters)
        )
        denied: Meter | Slot | None = None
        if denied_at:
            denied = (
                meters[denied_at - 1]
                if denied_at <= len(meters)
                else slots[denied_at - 1 - len(meters)]
            )
        return Outcome(denied is None, states, retry_ms / 1000, denied)

    async def adjust(self, changes: Sequence[tuple[Meter, float]]) -> None:
        if not changes:
            return
        keys = [self._prefix + m.key for m, _ in changes]
        args: list[str | int | float] = []
        for meter, delta in changes:
            args += [repr(meter.rate.interval * 1000), repr(float(delta))]
        await self._call(self._adjust, keys, args)

    async def release(self, slots: Sequence[Slot], lease: str) -> None:
        if not slots:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for slot in slots:
                    pipe.zrem(self._prefix + slot.key, lease)
                await pipe.execute()
        except Exception as exc:
            raise LimiterUnavailable(type(exc).__name__) from exc

    @staticmethod
    async def _call(script: Any, keys: list[str], args: list[str | int | float]) -> Any:
        try:
            return await script(keys=keys, args=args)
        except Exception as exc:  # connection refused, timeout, script error: one translation
            raise LimiterUnavailable(type(exc).__name__) from exc
