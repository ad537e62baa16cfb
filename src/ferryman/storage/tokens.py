"""Short-lived browser tokens: minted by a backend, used by a browser for a few calls.

A token is bound to one model, a max_tokens cap, one allowed origin and a request count; it lives
at most 15 minutes. Only its keyed hash is stored. Each use decrements the count atomically in
the database (``UPDATE ... WHERE remaining > 0 RETURNING``), so several instances cannot together
exceed it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.identity.secrets import hash_secret, new_token
from ferryman.storage.keys import utc
from ferryman.storage.schema import browser_tokens

__all__ = ["BrowserToken", "TokenStore"]

_ORIGIN_CACHE_S = 2.0


@dataclass(frozen=True, slots=True)
class BrowserToken:
    id: str
    model: str
    max_tokens: int
    origin: str
    remaining: int
    environment: str
    expires_at: datetime
    created_by: str


class TokenStore:
    def __init__(self, engine: AsyncEngine, pepper: bytes) -> None:
        self.engine = engine
        self.pepper = pepper
        self._origins: dict[str, tuple[float, bool]] = {}

    async def mint(
        self,
        *,
        model: str,
        max_tokens: int,
        origin: str,
        requests: int,
        environment: str,
        ttl: timedelta,
        created_by: str,
    ) -> tuple[BrowserToken, str]:
        token = new_token()
        now = datetime.now(UTC)
        row = BrowserToken(
            id=secrets.token_hex(16),
            model=model,
            max_tokens=max_tokens,
            origin=origin,
            remaining=requests,
            environment=environment,
            expires_at=now + ttl,
            created_by=created_by[:64],
        )
        async with self.engine.begin() as conn:
            await conn.execute(
                browser_tokens.insert().values(
                    id=row.id,
                    token_hash=hash_secret(self.pepper, token),
                    model=row.model,
                    max_tokens=row.max_tokens,
                    origin=row.origin,
                    remaining=row.remaining,
                    environment=row.environment,
                    expires_at=row.expires_at,
                    created_at=now,
                    created_by=row.created_by,
                )
            )
        self._origins.pop(origin, None)
        return row, token

    async def consume(self, token: str) -> BrowserToken | None:
        """Use one request of the token; None if unknown, expired or used up."""
        now = datetime.now(UTC)
        stmt = (
            update(browser_tokens)
            .where(
                browser_tokens.c.token_hash == hash_secret(self.pepper, token),
                browser_tokens.c.remaining > 0,
                browser_tokens.c.expires_at > now,
            )
            .values(remaining=browser_tokens.c.remaining - 1)
            .returning(*browser_tokens.c)
        )
        async with self.engine.begin() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None:
            return None
        m = row._mapping
        return BrowserToken(
            id=m["id"],
            model=m["model"],
            max_tokens=m["max_tokens"],
            origin=m["origin"],
            remaining=m["remaining"],
            environment=m["environment"],
            expires_at=utc(m["expires_at"]) or now,
            created_by=m["created_by"],
        )

    async def origin_allowed(self, origin: str) -> bool:
        """Whether a live token exists for ``origin`` (answers CORS preflights; cached 2 s)."""
        hit = self._origins.get(origin)
        if hit is not None and time.monotonic() - hit[0] < _ORIGIN_CACHE_S:
            return hit[1]
        query = (
            select(browser_tokens.c.id)
            .where(
                browser_tokens.c.origin == origin,
                browser_tokens.c.expires_at > datetime.now(UTC),
                browser_tokens.c.remaining > 0,
            )
            .limit(1)
        )
        async with self.engine.connect() as conn:
            allowed = (await conn.execute(query)).first() is not None
        if len(self._origins) > 10_000:
            self._origins.clear()
        self._origins[origin] = (time.monotonic(), allowed)
        return allowed
