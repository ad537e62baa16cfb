"""Authenticate a presented credential: bootstrap admin key, virtual key, or JWT. Deny by default.

Key look-ups are cached in-process for ``auth.key_cache_ttl_s`` (default 2 s), keyed by the keyed
hash, never by the secret. A revocation through this instance's admin API drops the cache entry at
once; other instances see it when their entry expires, so a revoked key stops everywhere within
the TTL (≤ 5 s by config). Expiry and the rotation grace are checked on every use.

Failures are logged as metadata only (reason, key prefix for well-formed keys, client address),
never with the presented secret, and repeated failures from one address are throttled (429).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from datetime import UTC, datetime
from typing import Any

from ferryman.errors import RateLimited, ServiceUnavailable, Unauthenticated
from ferryman.identity.jwt import JwtVerifier
from ferryman.identity.model import Identity, Role, scope
from ferryman.identity.secrets import visible_prefix
from ferryman.identity.throttle import FailureThrottle
from ferryman.observability.metrics import AUTH_FAILURES, AUTH_REASONS
from ferryman.settings.model import MtlsIdentity
from ferryman.storage.keys import KeyRecord, KeyStore
from ferryman.storage.tokens import TokenStore
from ferryman.util.tasks import spawn

__all__ = ["Authenticator", "identity_of"]

log = logging.getLogger("ferryman.auth")

_MAX_CREDENTIAL = 8192
_MIN_ADMIN_KEY = 16
_MAX_CACHE = 100_000
_MESSAGES = {
    "missing": (
        "missing credentials: send 'Authorization: Bearer <key>' or 'x-api-key'",
        "missing_api_key",
    ),
    "malformed": ("malformed credentials", "invalid_api_key"),
    "unknown": ("invalid API key", "invalid_api_key"),
    "revoked": ("this API key has been revoked", "key_revoked"),
    "expired": ("this API key has expired", "key_expired"),
    "rotated": ("this API key was rotated and its grace period is over", "key_rotated"),
    "token": ("browser token is unknown, expired or used up", "invalid_token"),
    "unmapped_certificate": (
        "the client certificate is not mapped to an identity",
        "unknown_certificate",
    ),
}


def _quiet(future: asyncio.Future[_Entry]) -> None:
    """Done-callback of a background refresh: its failure was logged; nobody awaits it."""
    if not future.cancelled():
        future.exception()


class _Entry:
    """A cached key look-up: the record and the identity built from it once."""

    __slots__ = ("fetched", "identity", "previous", "record")

    def __init__(self, fetched: float, record: KeyRecord | None, previous: bool) -> None:
        self.fetched = fetched
        self.record = record
        self.previous = previous
        self.identity = identity_of(record) if record is not None else None


def identity_of(record: KeyRecord) -> Identity:
    return Identity(
        kind="key",
        id=record.id,
        name=record.name,
        role=Role(record.role),
        environment=record.environment,
        team=record.team,
        models=scope(record.models),
        endpoints=scope(record.endpoints),
        policy=record.policy,
        prefix=record.prefix,
        expires_at=record.expires_at,
        created_at=record.created_at,
        budget_usd=record.budget_usd,
        rpm=record.rpm,
        tpm=record.tpm,
    )


class Authenticator:
    def __init__(
        self,
        keys: KeyStore,
        *,
        cache_ttl_s: float,
        max_failures_per_minute: int,
        admin_key: str | None = None,
        jwt: JwtVerifier | None = None,
        mtls: list[MtlsIdentity] | None = None,
        tokens: TokenStore | None = None,
    ) -> None:
        self.mtls = mtls or []
        self.tokens = tokens
        self.keys = keys
        self.cache_ttl_s = cache_ttl_s
        if admin_key and len(admin_key) < _MIN_ADMIN_KEY:
            log.error("FERRYMAN_ADMIN_KEY is shorter than 16 characters and is ignored")
            admin_key = None
        self.admin_key = admin_key or None
        self.jwt = jwt
        self.throttle = FailureThrottle(max_failures_per_minute)
        self._cache: dict[str, _Entry] = {}
        self._inflight: dict[str, asyncio.Future[_Entry]] = {}
        self._generation = 0  # bumped by invalidate(): look-ups started before it are not cached
        self.used: dict[str, datetime] = {}  # key id -> last use, flushed in batches

    async def authenticate(
        self, credential: str | None, client: str | None, *, peer: dict[str, Any] | None = None
    ) -> Identity:
        """Who is calling. A ferryman credential in the header (key, JWT, bootstrap key) wins;
        otherwise a verified client certificate mapped in ``auth.mtls`` identifies the caller, so
        an SDK that must send *some* api_key works over mTLS with a placeholder."""
        try:
            self.throttle.check(client)
        except RateLimited:
            AUTH_FAILURES.labels("throttled").inc()
            raise
        if peer is not None and not self._is_ours(credential):
            identity = self._certificate(peer)
            if identity is not None:
                return identity
            self._fail("unmapped_certificate", None, client)
        if not credential:
            self._fail("missing", credential, client)
        assert credential is not None
        if len(credential) > _MAX_CREDENTIAL or not credential.isprintable():
            self._fail("malformed", None, client)
        if self.admin_key is not None and hmac.compare_digest(
            credential.encode(), self.admin_key.encode()
        ):
            return Identity(
                kind="bootstrap",
                id="bootstrap",
                name="FERRYMAN_ADMIN_KEY",
                role=Role.ADMIN,
                environment=None,
            )
        if credential.startswith("fm_"):
            return await self._key(credential, client)
        if credential.startswith("fmt_") and self.tokens is not None:
            token = await self.tokens.consume(credential)
            if token is None:
                self._fail("token", None, client)
            assert token is not None
            return Identity(
                kind="token",
                id=token.id,
                name=f"browser token for {token.model}",
                role=Role.SERVICE,
                environment=token.environment,
                models=frozenset({token.model}),
                endpoints=frozenset({"chat", "messages"}),
                prefix=f"fmt_{token.id[:8]}",
                expires_at=token.expires_at,
                max_tokens=token.max_tokens,
                origin=token.origin,
            )
        if self.jwt is not None and credential.count(".") == 2:
            try:
                identity = await self.jwt.verify(credential)
            except Unauthenticated as exc:
                self.throttle.record(client)
                AUTH_FAILURES.labels("jwt").inc()
                log.warning("authentication failed", extra={"code": exc.code, "client": client})
                raise
            if identity is not None:
                return identity
            self._fail("unknown", None, client)
        self._fail("unknown", credential, client)
        raise AssertionError("unreachable")

    async def _lookup(self, digest: str) -> _Entry:
        """Cached look-up. Concurrent misses for one key share one database query, and a hot key
        is refreshed in the background before it expires (no request waits for the database)."""
        hit = self._cache.get(digest)
        if hit is not None:
            age = time.monotonic() - hit.fetched
            if age < self.cache_ttl_s:
                if age > self.cache_ttl_s / 2 and digest not in self._inflight:
                    self._start_fetch(digest).add_done_callback(_quiet)
                return hit
        pending = self._inflight.get(digest)
        if pending is None:
            pending = self._start_fetch(digest)
        return await asyncio.shield(pending)

    def _start_fetch(self, digest: str) -> asyncio.Future[_Entry]:
        """Register the in-flight query synchronously, then run it in the background: every
        caller that arrives meanwhile awaits this one future."""
        future: asyncio.Future[_Entry] = asyncio.get_running_loop().create_future()
        self._inflight[digest] = future
        spawn(self._fetch(digest, future, self._generation), name="ferryman-key-lookup")
        return future

    async def _fetch(self, digest: str, future: asyncio.Future[_Entry], generation: int) -> None:
        try:
            found = await self.keys.find_by_digest(digest)
            now = time.monotonic()
            entry = _Entry(now, *found) if found else _Entry(now, None, False)
            # an invalidation (revoke/rotate here) during the query makes this answer stale
            if generation == self._generation:
                if len(self._cache) > _MAX_CACHE:
                    self._cache.clear()
                self._cache[digest] = entry
            if not future.done():
                future.set_result(entry)
        except Exception as exc:
            log.warning("key look-up failed", extra={"code": type(exc).__name__})
            if not future.done():
                future.set_exception(exc)
        finally:
            if self._inflight.get(digest) is future:
                del self._inflight[digest]

    async def _key(self, credential: str, client: str | None) -> Identity:
        try:
            entry = await self._lookup(self.keys.digest(credential))
        except Exception:  # the key store is down: fail closed, clearly
            raise ServiceUnavailable(
                "the credential store is unavailable; try again", code="auth_store_unavailable"
            ) from None
        record, previous = entry.record, entry.previous
        if record is None or entry.identity is None:
            self._fail("unknown", credential, client)
        assert record is not None and entry.identity is not None
        now = datetime.now(UTC)
        if record.revoked_at is not None:
            self._fail("revoked", credential, client)
        if record.expires_at is not None and record.expires_at <= now:
            self._fail("expired", credential, client)
        if previous and (record.previous_expires_at is None or record.previous_expires_at <= now):
            self._fail("rotated", credential, client)
        self.used[record.id] = now
        return entry.identity

    def _is_ours(self, credential: str | None) -> bool:
        if not credential:
            return False
        if credential.startswith(("fm_", "fmt_")):
            return True
        if self.admin_key is not None and hmac.compare_digest(
            credential.encode(), self.admin_key.encode()
        ):
            return True
        return self.jwt is not None and credential.count(".") == 2

    def _certificate(self, peer: dict[str, Any]) -> Identity | None:
        cn = peer.get("client_cert_cn")
        sans = set(peer.get("client_cert_sans") or ())
        for rule in self.mtls:
            if (rule.subject_cn is not None and rule.subject_cn == cn) or (
                rule.san is not None and rule.san in sans
            ):
                return Identity(
                    kind="mtls",
                    id=str(peer.get("client_cert_name", rule.name))[:128],
                    name=rule.name,
                    role=Role(rule.role),
                    environment=rule.environment,
                    team=rule.team,
                    models=scope(rule.models),
                    endpoints=scope(rule.endpoints),
                )
        return None

    def invalidate(self, key_id: str) -> None:
        """Drop cached look-ups of one key (after revoke/rotate on this instance)."""
        stale = [
            d for d, e in self._cache.items() if e.record is not None and e.record.id == key_id
        ]
        for digest in stale:
            del self._cache[digest]

    def _fail(self, reason: str, credential: str | None, client: str | None) -> None:
        self.throttle.record(client)
        AUTH_FAILURES.labels(reason if reason in AUTH_REASONS else "unknown").inc()
        log.warning(
            "authentication failed",
            extra={
                "code": reason,
                "key_prefix": visible_prefix(credential) if credential else None,
                "client": client,
            },
        )
        message, code = _MESSAGES[reason]
        raise Unauthenticated(message, code=code)

    def take_used(self) -> list[tuple[str, datetime]]:
        used, self.used = self.used, {}
        return list(used.items())
