"""Bearer JWTs from configured issuers (OAuth2 client credentials), mapped onto an Identity.

Signature, ``exp``/``nbf`` (with a small leeway), ``iss`` and ``aud`` are verified with PyJWT;
only asymmetric algorithms are accepted (never ``none`` or HMAC, which would let anyone holding
the public key forge tokens). JWKS documents are fetched asynchronously (never blocking the event
loop), cached for five minutes, and re-fetched - at most every 30 s - when a token names an
unknown ``kid``, so an issuer's key rotation is picked up without a restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp
import jwt
import orjson

from ferryman.errors import Unauthenticated
from ferryman.identity.model import Identity, Role
from ferryman.settings.model import JwtIssuer
from ferryman.upstream.client import tls_context

__all__ = ["JwtVerifier"]

log = logging.getLogger("ferryman.auth")

_JWKS_TTL_S = 300.0
_JWKS_MIN_REFRESH_S = 30.0


class _Jwks:
    def __init__(self, url: str) -> None:
        self.url = url
        self.keys: dict[str, Any] = {}
        self.fetched = 0.0
        self.attempted = 0.0
        self._lock = asyncio.Lock()

    async def key(self, kid: str | None, session: aiohttp.ClientSession) -> Any:
        now = time.monotonic()
        stale = now - self.fetched > _JWKS_TTL_S
        unknown = kid not in self.keys and now - self.fetched > _JWKS_MIN_REFRESH_S
        # at most one fetch at a time, and not again within 30 s of a failed one
        if (stale or unknown) and now - self.attempted > _JWKS_MIN_REFRESH_S:
            async with self._lock:
                if time.monotonic() - self.attempted > _JWKS_MIN_REFRESH_S:
                    self.attempted = time.monotonic()
                    await self._fetch(session)
        if kid is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))
        return self.keys.get(kid or "")

    async def _fetch(self, session: aiohttp.ClientSession) -> None:
        try:
            async with session.get(self.url, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise ValueError(f"HTTP {resp.status}")
                data = orjson.loads(await resp.read())
            jwks = jwt.PyJWKSet.from_dict(data)
        except Exception as exc:
            log.warning("JWKS fetch failed", extra={"code": type(exc).__name__})
            return
        self.keys = {k.key_id or "": k for k in jwks.keys}
        self.fetched = time.monotonic()


class JwtVerifier:
    def __init__(self, issuers: list[JwtIssuer], environments: list[str]) -> None:
        self.issuers = {i.issuer: i for i in issuers}
        self.environments = set(environments)
        self._jwks = {i.issuer: _Jwks(i.jwks_url) for i in issuers if i.jwks_url}
        self._session: aiohttp.ClientSession | None = None

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=tls_context()),
                timeout=aiohttp.ClientTimeout(total=5),
            )
        return self._session

    async def verify(self, token: str) -> Identity | None:
        """The identity a valid token carries; None if it is not a JWT of a configured issuer;
        raises Unauthenticated for a token of a configured issuer that fails verification."""
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return None
        issuer = self.issuers.get(str(unverified.get("iss", "")))
        if issuer is None:
            return None
        key = await self._key(issuer, header.get("kid"))
        if key is None:
            raise Unauthenticated("token signed by an unknown key", code="invalid_token")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=list(issuer.algorithms),
                audience=issuer.audience,
                issuer=issuer.issuer,
                leeway=issuer.leeway_s,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token has expired", code="token_expired") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("token audience is not accepted", code="invalid_token") from None
        except jwt.PyJWTError:
            raise Unauthenticated("token failed verification", code="invalid_token") from None
        return self._identity(issuer, claims)

    async def _key(self, issuer: JwtIssuer, kid: str | None) -> Any:
        if issuer.public_key is not None:
            return issuer.public_key.get_secret_value()
        jwks = self._jwks[issuer.issuer]
        found = await jwks.key(kid, self._http())
        return found.key if found is not None else None

    def _identity(self, issuer: JwtIssuer, claims: dict[str, Any]) -> Identity:
        role_value = claims.get(issuer.role_claim, issuer.default_role)
        try:
            role = Role(str(role_value))
        except ValueError:
            raise Unauthenticated("token carries an unknown role", code="invalid_token") from None
        env = claims.get(issuer.environment_claim)
        if env is not None and str(env) not in self.environments:
            raise Unauthenticated("token carries an unknown environment", code="invalid_token")
        models = claims.get(issuer.models_claim)
        if isinstance(models, str):
            models = models.split()
        if models is not None and not (
            isinstance(models, list) and all(isinstance(m, str) for m in models)
        ):  # a malformed scope must never widen into "all models"
            raise Unauthenticated("token carries a malformed models claim", code="invalid_token")
        subject = str(claims["sub"])[:128]
        return Identity(
            kind="jwt",
            id=subject,
            name=subject,
            role=role,
            environment=str(env) if env is not None else None,
            team=str(claims[issuer.team_claim])[:128] if issuer.team_claim in claims else None,
            models=frozenset(str(m) for m in models) if isinstance(models, list) else None,
        )
