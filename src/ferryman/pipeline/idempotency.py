"""The idempotency stage: a request carrying ``Idempotency-Key`` is executed once.

A client that retries after a lost answer (timeout, dropped connection) sends the same
``Idempotency-Key`` with the same body and gets the stored answer instead of a second provider
call (and a second bill). The answer carries ``idempotent-replayed: true``.

- **Scope**: the key is the caller's: it is combined with the caller's identity and the endpoint,
  so two callers can never see each other's answers, whatever keys they pick.
- **Same key, other body**: 409 ``idempotency_key_reused``. The body is compared by a keyed
  fingerprint (HMAC-SHA-256 of the canonical JSON, key derived from the pepper), taken here,
  *before* the request inspection changes the body (redaction, canary planting).
- **Concurrent duplicates** wait for the first: in process on a future per key; across instances
  through a Redis marker (``cache.url``) and the shared store. Without Redis, duplicates on
  *different* instances are not serialized.
- **What is stored**: the answer the client received (this stage's ``on_response`` runs after the
  answer-side filters), envelope-encrypted in the sealed store for :data:`TTL`. Only successful
  whole answers are stored; an error is not, so a retry after an error runs again.
- **Streams** are not covered: a streamed request with an ``Idempotency-Key`` runs as usual.

Seam: a stage cannot answer from ``on_request``, so a hit is left in ``ctx.state`` and the route
terminal returns it (:func:`replay_of`) instead of calling a provider; the stages after this one
still see the request (the inspection runs again, as for any request) and the replayed answer
(the answer-side filters are idempotent on an answer they already filtered).
The stage sits before the request inspection - right after the caller is known and limited - for
the fingerprint; that is also why its ``on_response`` sees the client's answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply
from ferryman.core.stage import Stage
from ferryman.errors import BadRequest, Conflict
from ferryman.storage.sealed import SealedStore

__all__ = ["HEADER", "TTL", "Idempotency", "replay_of"]

log = logging.getLogger("ferryman.idempotency")

HEADER = "idempotency-key"
REPLAYED = "idempotent-replayed"
TTL = timedelta(hours=24)
_NAMESPACE = "idempotency"
_MAX_KEY = 255
_POLL_S = 0.05


@dataclass(slots=True)
class _Claim:
    record: str  # the scoped, keyed record name (no caller text)
    fingerprint: str
    environment: str
    owner: bool = False  # this request executes; the others wait for it
    replay: bytes | None = None


class Idempotency(Stage):
    name = "idempotency"

    def __init__(
        self,
        pepper: bytes,
        store: SealedStore | None = None,
        redis: Any = None,
        *,
        wait_s: float = 120.0,
        redis_prefix: str = "ferryman:idem:",
    ) -> None:
        self._key = hmac.new(pepper, b"ferryman-idempotency-v1", hashlib.sha256).digest()
        self._store = store
        self._memory: dict[str, bytes] = {}  # without a sealed store (tests, library use)
        self._redis = redis
        self._prefix = redis_prefix
        self._wait_s = wait_s
        self._inflight: dict[str, tuple[str, asyncio.Future[None]]] = {}

    @classmethod
    def in_process(cls) -> Idempotency:
        """Answers kept in this process only, under a fresh key (tests, library use)."""
        return cls(secrets.token_bytes(32))

    def _mac(self, *parts: bytes) -> str:
        return hmac.new(self._key, b"\x00".join(parts), hashlib.sha256).hexdigest()

    async def on_request(self, ctx: RequestContext) -> None:
        raw_key = ctx.headers.get(HEADER)
        if raw_key is None or ctx.stream:
            return
        if not raw_key or len(raw_key) > _MAX_KEY:
            raise BadRequest(
                f"Idempotency-Key must be 1 to {_MAX_KEY} characters",
                code="invalid_idempotency_key",
            )
        owner = f"{ctx.identity.kind}:{ctx.identity.id}" if ctx.identity is not None else ""
        claim = _Claim(
            record=self._mac(b"key", owner.encode(), ctx.endpoint.value.encode(), raw_key.encode()),
            fingerprint=self._mac(b"body", orjson.dumps(ctx.body, option=orjson.OPT_SORT_KEYS)),
            environment=(ctx.identity.environment if ctx.identity is not None else None)
            or "default",
        )
        ctx.state[self.name] = claim
        deadline = time.monotonic() + self._wait_s
        while True:
            if await self._lookup(claim):
                ctx.response_headers[REPLAYED] = "true"
                return
            running = self._inflight.get(claim.record)
            if running is not None:  # a duplicate in this process: wait for the first
                self._check(claim, running[0])
                await _wait(running[1], deadline)
                continue
            if not await self._claim_shared(claim):  # a duplicate on another instance
                await asyncio.sleep(_POLL_S)
                if time.monotonic() > deadline:
                    raise Conflict(
                        "a request with this Idempotency-Key is still in progress",
                        code="idempotency_request_in_flight",
                    )
                continue
            claim.owner = True
            self._inflight[claim.record] = (
                claim.fingerprint,
                asyncio.get_running_loop().create_future(),
            )
            return

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        claim = ctx.state.get(self.name)
        if not isinstance(claim, _Claim) or not claim.owner:
            return
        try:
            if 200 <= reply.status < 300:
                await self._save(claim, reply.render())
        except Exception as exc:  # the answer is good; only its replay is lost
            log.warning("idempotent answer not stored", extra={"code": type(exc).__name__})
        finally:
            await self._release(claim)

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        claim = ctx.state.get(self.name)
        if isinstance(claim, _Claim) and claim.owner:
            await self._release(claim)

    # ------------------------------------------------------------------ storage
    @staticmethod
    def _check(claim: _Claim, fingerprint: str) -> None:
        if not hmac.compare_digest(claim.fingerprint, fingerprint):
            raise Conflict(
                "this Idempotency-Key was already used with a different request body",
                code="idempotency_key_reused",
            )

    async def _lookup(self, claim: _Claim) -> bool:
        if self._store is not None:
            data = await self._store.get(_NAMESPACE, claim.record, environment=claim.environment)
        else:
            data = self._memory.get(claim.record)
        if data is None:
            return False
        fingerprint, _, body = data.partition(b"\n")
        self._check(claim, fingerprint.decode())
        claim.replay = body
        return True

    async def _save(self, claim: _Claim, body: bytes) -> None:
        data = claim.fingerprint.encode() + b"\n" + body
        if self._store is not None:
            await self._store.put(
                _NAMESPACE, claim.record, data, environment=claim.environment, ttl=TTL
            )
        else:
            self._memory[claim.record] = data

    async def _claim_shared(self, claim: _Claim) -> bool:
        """Across instances: the first to set the Redis marker executes (None: no Redis)."""
        if self._redis is None:
            return True
        try:
            taken = await self._redis.set(
                self._prefix + claim.record,
                claim.fingerprint,
                nx=True,
                px=int(self._wait_s * 1000),
            )
            if taken:
                return True
            other = await self._redis.get(self._prefix + claim.record)
        except Exception as exc:  # Redis down: execute (duplicates only not serialized)
            log.warning("idempotency marker unavailable", extra={"code": type(exc).__name__})
            return True
        if other is not None:
            self._check(claim, other.decode() if isinstance(other, bytes) else str(other))
        return False

    async def _release(self, claim: _Claim) -> None:
        claim.owner = False
        running = self._inflight.pop(claim.record, None)
        if running is not None and not running[1].done():
            running[1].set_result(None)
        if self._redis is not None:
            with contextlib.suppress(Exception):
                await self._redis.delete(self._prefix + claim.record)


async def _wait(future: asyncio.Future[None], deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Conflict(
            "a request with this Idempotency-Key is still in progress",
            code="idempotency_request_in_flight",
        )
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(future), remaining)


def replay_of(ctx: RequestContext) -> JsonReply | None:
    """The stored answer to replay instead of calling a provider (None: call one)."""
    claim = ctx.state.get(Idempotency.name)
    if isinstance(claim, _Claim) and claim.replay is not None:
        return JsonReply(200, raw=claim.replay)
    return None
