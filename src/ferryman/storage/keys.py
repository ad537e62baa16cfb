"""Virtual keys in the database: create, look up by hash, list, revoke, rotate.

Only hashes are stored. All SQL goes through SQLAlchemy Core with bound parameters: a key string,
a name or an alias is always a parameter, never part of the SQL text (AI gateways have shipped
pre-auth SQL injection through the Authorization header).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.identity.secrets import KEY_PATTERN, hash_secret, new_key, visible_prefix
from ferryman.storage.schema import virtual_keys

__all__ = ["KeyRecord", "KeySpec", "KeyStore", "utc"]


def utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class KeySpec:
    """What a caller asks for when creating a key."""

    name: str
    role: str
    environment: str
    team: str | None = None
    models: list[str] | None = None
    endpoints: list[str] | None = None
    policy: str | None = None
    expires_at: datetime | None = None
    rpm: int | None = None
    tpm: int | None = None
    budget_usd: float | None = None
    meta: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """A stored key as the rest of the gateway sees it: metadata, never a hash or a secret."""

    id: str
    prefix: str
    name: str
    team: str | None
    role: str
    environment: str
    models: list[str] | None
    endpoints: list[str] | None
    policy: str | None
    rpm: int | None
    tpm: int | None
    budget_usd: float | None
    meta: dict[str, Any]
    expires_at: datetime | None
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None
    previous_expires_at: datetime | None

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"

    def public(self, now: datetime | None = None) -> dict[str, Any]:
        now = now or datetime.now(UTC)
        out: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        for name, value in out.items():
            if isinstance(value, datetime):
                out[name] = value.isoformat()
        out["status"] = self.status(now)
        return out


def _record(row: Any) -> KeyRecord:
    m = row._mapping
    return KeyRecord(
        id=m["id"],
        prefix=m["prefix"],
        name=m["name"],
        team=m["team"],
        role=m["role"],
        environment=m["environment"],
        models=m["models"],
        endpoints=m["endpoints"],
        policy=m["policy"],
        rpm=m["rpm"],
        tpm=m["tpm"],
        budget_usd=m["budget_usd"],
        meta=m["meta"] or {},
        expires_at=utc(m["expires_at"]),
        created_at=utc(m["created_at"]) or datetime.now(UTC),
        created_by=m["created_by"],
        last_used_at=utc(m["last_used_at"]),
        revoked_at=utc(m["revoked_at"]),
        previous_expires_at=utc(m["previous_expires_at"]),
    )


class KeyStore:
    def __init__(self, engine: AsyncEngine, pepper: bytes) -> None:
        self.engine = engine
        self.pepper = pepper

    async def create(self, spec: KeySpec, *, created_by: str) -> tuple[KeyRecord, str]:
        secret = new_key(spec.environment)
        key_id = secrets.token_hex(16)
        values = {
            "id": key_id,
            "prefix": visible_prefix(secret),
            "name": spec.name,
            "team": spec.team,
            "role": spec.role,
            "environment": spec.environment,
            "models": spec.models,
            "endpoints": spec.endpoints,
            "policy": spec.policy,
            "rpm": spec.rpm,
            "tpm": spec.tpm,
            "budget_usd": spec.budget_usd,
            "meta": spec.meta or {},
            "secret_hash": hash_secret(self.pepper, secret),
            "expires_at": spec.expires_at,
            "created_at": datetime.now(UTC),
            "created_by": created_by,
        }
        async with self.engine.begin() as conn:
            await conn.execute(virtual_keys.insert().values(**values))
        record = await self.get(key_id)
        assert record is not None
        return record, secret

    def digest(self, secret: str) -> str:
        return hash_secret(self.pepper, secret)

    async def find_by_digest(self, digest: str) -> tuple[KeyRecord, bool] | None:
        """The key a secret (given by its keyed hash) opens, and whether it is the old secret of
        a rotated key."""
        query = select(virtual_keys).where(
            or_(virtual_keys.c.secret_hash == digest, virtual_keys.c.previous_hash == digest)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        previous = row._mapping["secret_hash"] != digest
        return _record(row), previous

    async def get(self, id_or_prefix: str) -> KeyRecord | None:
        """By id, visible prefix, or the full secret itself (incident response: "revoke this
        leaked key" - the secret is only hashed, never stored or logged)."""
        if KEY_PATTERN.fullmatch(id_or_prefix):
            found = await self.find_by_digest(self.digest(id_or_prefix))
            return found[0] if found else None
        query = select(virtual_keys).where(
            or_(virtual_keys.c.id == id_or_prefix, virtual_keys.c.prefix == id_or_prefix)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query.limit(2))).all()
        return _record(rows[0]) if len(rows) == 1 else None

    async def list(
        self,
        *,
        environment: str | None = None,
        role: str | None = None,
        team: str | None = None,
        include_revoked: bool = False,
        limit: int = 500,
    ) -> list[KeyRecord]:
        query = select(virtual_keys).order_by(virtual_keys.c.created_at.desc()).limit(limit)
        if environment:
            query = query.where(virtual_keys.c.environment == environment)
        if role:
            query = query.where(virtual_keys.c.role == role)
        if team:
            query = query.where(virtual_keys.c.team == team)
        if not include_revoked:
            query = query.where(virtual_keys.c.revoked_at.is_(None))
        async with self.engine.connect() as conn:
            return [_record(r) for r in (await conn.execute(query)).all()]

    async def revoke(self, key_id: str) -> KeyRecord | None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(virtual_keys)
                .where(virtual_keys.c.id == key_id, virtual_keys.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        return await self.get(key_id)

    async def rotate(self, key_id: str, grace: timedelta) -> tuple[KeyRecord, str] | None:
        """New secret; the current one keeps working for ``grace``, then dies."""
        record = await self.get(key_id)
        if record is None or record.revoked_at is not None:
            return None
        secret = new_key(record.environment)
        async with self.engine.begin() as conn:
            await conn.execute(
                update(virtual_keys)
                .where(virtual_keys.c.id == record.id)
                .values(
                    previous_hash=virtual_keys.c.secret_hash,
                    previous_expires_at=datetime.now(UTC) + grace,
                    secret_hash=hash_secret(self.pepper, secret),
                    prefix=visible_prefix(secret),
                )
            )
        updated = await self.get(record.id)
        assert updated is not None
        return updated, secret

    async def touch(self, used: Iterable[tuple[str, datetime]]) -> None:
        """Record last-used times, batched by the caller (off the request path)."""
        params = [{"kid": key_id, "ts": ts} for key_id, ts in used]
        if not params:
            return
        from sqlalchemy import bindparam

        stmt = (
            update(virtual_keys)
            .where(virtual_keys.c.id == bindparam("kid"))
            .values(last_used_at=bindparam("ts"))
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt, params)
