"""Envelope encryption at rest: round trip, tampering and row swapping fail, per-environment
local keys, KEK rotation re-wraps data keys without touching ciphertexts; Vault transit too."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ferryman.crypto.envelope import DecryptionError, Envelope
from ferryman.crypto.providers import KeyProvider, LocalKeyProvider, VaultTransitProvider
from ferryman.storage.database import Database
from ferryman.storage.schema import sealed_records
from ferryman.storage.sealed import SealedStore
from tests.fakes.vault import FakeVault

TOKEN = "hvs.test-token-0123456789"


@pytest.fixture(scope="module")
def vault() -> Iterator[FakeVault]:
    fake = FakeVault(TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(params=["local", "vault"])
def provider_factory(request: pytest.FixtureRequest, tmp_path: Path, vault: FakeVault):  # type: ignore[no-untyped-def]
    def make() -> KeyProvider:
        if request.param == "local":
            return LocalKeyProvider(tmp_path / "keys")
        return VaultTransitProvider(vault.url, TOKEN, key_prefix=f"t{id(tmp_path)}")

    return make


def run_with_store(tmp_path: Path, provider: KeyProvider, body):  # type: ignore[no-untyped-def]
    async def main():  # type: ignore[no-untyped-def]
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/sealed.db")
        await db.migrate()
        try:
            return await body(db, SealedStore(db.engine, Envelope(provider)))
        finally:
            await provider.aclose()
            await db.aclose()

    return asyncio.run(main())


def test_round_trip_and_nothing_readable_at_rest(tmp_path: Path, provider_factory) -> None:  # type: ignore[no-untyped-def]
    async def body(db: Database, store: SealedStore) -> None:
        await store.put("vault", "conv-1", b"Jane Doe <jane@example.com>", environment="dev")
        assert (
            await store.get("vault", "conv-1", environment="dev") == b"Jane Doe <jane@example.com>"
        )
        assert await store.get("vault", "missing", environment="dev") is None
        async with db.engine.connect() as conn:
            row = (await conn.execute(select(sealed_records))).first()
        assert row is not None and b"jane" not in row._mapping["ciphertext"]

    run_with_store(tmp_path, provider_factory(), body)


def test_tampering_and_swapping_fail(tmp_path: Path, provider_factory) -> None:  # type: ignore[no-untyped-def]
    async def body(db: Database, store: SealedStore) -> None:
        await store.put("vault", "a", b"alpha secret", environment="dev")
        await store.put("vault", "b", b"bravo secret", environment="dev")
        async with db.engine.begin() as conn:
            rows = {
                r._mapping["record_key"]: r._mapping
                for r in (await conn.execute(select(sealed_records))).all()
            }
            # copy row b's whole envelope into row a
            fields = {k: rows["b"][k] for k in ("kek_id", "wrapped_key", "nonce", "ciphertext")}
            await conn.execute(
                update(sealed_records).where(sealed_records.c.record_key == "a").values(**fields)
            )
            # flip one bit of row b's ciphertext
            flipped = bytes([rows["b"]["ciphertext"][0] ^ 1]) + rows["b"]["ciphertext"][1:]
            await conn.execute(
                update(sealed_records)
                .where(sealed_records.c.record_key == "b")
                .values(ciphertext=flipped)
            )
        with pytest.raises(DecryptionError):
            await store.get("vault", "a", environment="dev")
        with pytest.raises(DecryptionError):
            await store.get("vault", "b", environment="dev")

    run_with_store(tmp_path, provider_factory(), body)


def test_records_are_bound_to_their_environment(tmp_path: Path, provider_factory) -> None:  # type: ignore[no-untyped-def]
    async def body(db: Database, store: SealedStore) -> None:
        await store.put("vault", "c", b"dev data", environment="dev")
        assert await store.get("vault", "c", environment="prod") is None
        async with db.engine.begin() as conn:  # relabel the row as prod data
            await conn.execute(update(sealed_records).values(environment="prod"))
        with pytest.raises(DecryptionError):
            await store.get("vault", "c", environment="prod")

    run_with_store(tmp_path, provider_factory(), body)


def test_rotation_rewraps_without_reencrypting(tmp_path: Path, provider_factory) -> None:  # type: ignore[no-untyped-def]
    async def body(db: Database, store: SealedStore) -> None:
        await store.put("idem", "r1", b"cached answer", environment="prod")
        async with db.engine.connect() as conn:
            before = (await conn.execute(select(sealed_records))).first()._mapping  # type: ignore[union-attr]
        await store.envelope.provider.rotate("prod")
        assert await store.rewrap_all("prod") == (1, 0)
        async with db.engine.connect() as conn:
            after = (await conn.execute(select(sealed_records))).first()._mapping  # type: ignore[union-attr]
        assert after["ciphertext"] == before["ciphertext"] and after["nonce"] == before["nonce"]
        assert after["kek_id"] != before["kek_id"] and after["wrapped_key"] != before["wrapped_key"]
        assert await store.get("idem", "r1", environment="prod") == b"cached answer"

    run_with_store(tmp_path, provider_factory(), body)


def test_local_keys_are_private_and_per_environment(tmp_path: Path) -> None:
    provider = LocalKeyProvider(tmp_path / "keys")

    async def body() -> tuple[str, str]:
        dev, _ = await provider.wrap(b"k" * 32, environment="dev")
        prod, _ = await provider.wrap(b"k" * 32, environment="prod")
        return dev, prod

    dev, prod = asyncio.run(body())
    assert dev == "local:dev:v1" and prod == "local:prod:v1"
    files = sorted((tmp_path / "keys").iterdir())
    assert [f.name for f in files] == ["kek-dev-v1.key", "kek-prod-v1.key"]
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert files[0].read_bytes() != files[1].read_bytes()
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700


def test_vault_rejects_a_wrong_token(vault: FakeVault) -> None:
    async def body() -> None:
        provider = VaultTransitProvider(vault.url, "wrong-token")
        try:
            with pytest.raises(ValueError):
                await provider.wrap(b"k" * 32, environment="dev")
        finally:
            await provider.aclose()

    asyncio.run(body())


def test_cli_rotate_kek(tmp_path: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "c.yaml"
    config.write_text(
        f"storage: {{url: 'sqlite+aiosqlite:///{tmp_path}/f.db'}}\n"
        f"encryption: {{provider: local, local_dir: '{tmp_path}/keys'}}\n"
    )
    provider = LocalKeyProvider(tmp_path / "keys")

    async def seal() -> None:
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/f.db")
        await db.migrate()
        await SealedStore(db.engine, Envelope(provider)).put("vault", "k", b"v", environment="dev")
        await db.aclose()

    asyncio.run(seal())
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferryman",
            "keys",
            "rotate-kek",
            "--env",
            "dev",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert "local:dev:v2" in res.stderr and "re-wrapped 1" in res.stderr

    async def read() -> tuple[bytes | None, str]:
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/f.db")
        value = await SealedStore(db.engine, Envelope(provider)).get(
            "vault", "k", environment="dev"
        )
        async with db.engine.connect() as conn:
            kek = (await conn.execute(select(sealed_records.c.kek_id))).scalar_one()
        await db.aclose()
        return value, kek

    assert asyncio.run(read()) == (b"v", "local:dev:v2")
    every = subprocess.run(  # without --env: every configured environment
        [sys.executable, "-m", "ferryman", "keys", "rotate-kek", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert every.returncode == 0, every.stderr
    assert "local:dev:v3" in every.stderr and "local:prod:v2" in every.stderr
    assert asyncio.run(read()) == (b"v", "local:dev:v3")
