"""Sealed records: the one place ferryman keeps content-derived data it must read back (the
conversation pseudonym vault, the idempotency cache, ...), always envelope-encrypted.

Each row holds a wrapped data key, a nonce and the AES-GCM ciphertext; the associated data is
``namespace || record_key || environment``, so a row's ciphertext cannot be replayed under
another key or presented as another environment's data.
``rewrap_all`` re-wraps every data key under the current KEK (``ferryman keys rotate-kek``)
without touching a ciphertext.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from ferryman.crypto.envelope import Envelope, Sealed
from ferryman.storage.schema import sealed_records

__all__ = ["SealedStore"]


def _aad(namespace: str, key: str, environment: str) -> bytes:
    return b"\x00".join((namespace.encode(), key.encode(), environment.encode()))


class SealedStore:
    def __init__(self, engine: AsyncEngine, envelope: Envelope) -> None:
        self.engine = engine
        self.envelope = envelope

    async def put(
        self,
        namespace: str,
        key: str,
        plaintext: bytes,
        *,
        environment: str,
        ttl: timedelta | None = None,
    ) -> None:
        sealed = await self.envelope.seal(
            plaintext, aad=_aad(namespace, key, environment), environment=environment
        )
        now = datetime.now(UTC)
        values = {
            "environment": environment,
            "kek_id": sealed.kek_id,
            "wrapped_key": sealed.wrapped_key,
            "nonce": sealed.nonce,
            "ciphertext": sealed.ciphertext,
            "created_at": now,
            "expires_at": now + ttl if ttl else None,
        }
        where = and_(sealed_records.c.namespace == namespace, sealed_records.c.record_key == key)
        async with self.engine.begin() as conn:
            updated = await conn.execute(update(sealed_records).where(where).values(**values))
            if not updated.rowcount:
                await conn.execute(
                    sealed_records.insert().values(namespace=namespace, record_key=key, **values)
                )

    async def get(self, namespace: str, key: str, *, environment: str) -> bytes | None:
        now = datetime.now(UTC)
        query = select(sealed_records).where(
            sealed_records.c.namespace == namespace,
            sealed_records.c.record_key == key,
            sealed_records.c.environment == environment,
            or_(sealed_records.c.expires_at.is_(None), sealed_records.c.expires_at > now),
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        m = row._mapping
        sealed = Sealed(m["kek_id"], m["wrapped_key"], m["nonce"], m["ciphertext"])
        return await self.envelope.open(sealed, aad=_aad(namespace, key, environment))

    async def rewrap_all(self, environment: str | None = None) -> tuple[int, int]:
        """Re-wrap every data key under the current KEK; ciphertexts are left untouched.
        Returns (re-wrapped, failed); a row that fails is left as it was and does not stop the
        others."""
        query = select(
            sealed_records.c.namespace,
            sealed_records.c.record_key,
            sealed_records.c.kek_id,
            sealed_records.c.wrapped_key,
        )
        if environment:
            query = query.where(sealed_records.c.environment == environment)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        done = failed = 0
        for namespace, key, kek_id, wrapped in rows:
            try:
                new_id, new_wrapped = await self.envelope.provider.rewrap(kek_id, wrapped)
            except Exception:
                failed += 1
                continue
            async with self.engine.begin() as conn:
                # only if the row still holds the data key we re-wrapped (a concurrent put may
                # have replaced both its ciphertext and its key meanwhile)
                await conn.execute(
                    update(sealed_records)
                    .where(
                        sealed_records.c.namespace == namespace,
                        sealed_records.c.record_key == key,
                        sealed_records.c.kek_id == kek_id,
                        sealed_records.c.wrapped_key == wrapped,
                    )
                    .values(kek_id=new_id, wrapped_key=new_wrapped)
                )
            done += 1
        return done, failed

    async def purge_expired(self) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(sealed_records).where(sealed_records.c.expires_at <= datetime.now(UTC))
            )
        return int(result.rowcount or 0)
