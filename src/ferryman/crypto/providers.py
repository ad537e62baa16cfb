"""Key providers: who holds the key-encryption keys (KEKs).

- ``LocalKeyProvider``: keyfiles created on first use with 0600 permissions, one KEK per
  environment, versioned (``kek-<env>-v<N>.key``); rotation adds a version and keeps the old ones
  to unwrap existing data keys until they are re-wrapped.
- ``VaultTransitProvider``: HashiCorp Vault's transit engine over its HTTP API; the KEK never
  leaves Vault (``encrypt`` / ``decrypt`` / ``rewrap`` / ``keys/<name>/rotate``), one transit key
  per environment.

A KEK id names the provider, environment and version, so a data key is always unwrapped with the
KEK that wrapped it.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
from pathlib import Path
from typing import Protocol

import aiohttp
import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["KeyProvider", "LocalKeyProvider", "VaultTransitProvider"]

_ENV = re.compile(r"[a-z][a-z0-9-]{0,15}")
_KEYFILE = re.compile(r"kek-([a-z][a-z0-9-]{0,15})-v(\d+)\.key")


class KeyProvider(Protocol):
    async def wrap(self, dek: bytes, *, environment: str) -> tuple[str, bytes]: ...
    async def unwrap(self, kek_id: str, wrapped: bytes) -> bytes: ...
    async def rewrap(self, kek_id: str, wrapped: bytes) -> tuple[str, bytes]: ...
    async def rotate(self, environment: str) -> str: ...
    async def aclose(self) -> None: ...


class LocalKeyProvider:
    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def _path(self, environment: str, version: int) -> Path:
        if not _ENV.fullmatch(environment):
            raise ValueError("invalid environment name")
        return self.folder / f"kek-{environment}-v{version}.key"

    def _versions(self, environment: str) -> list[int]:
        found = [_KEYFILE.fullmatch(p.name) for p in self.folder.glob(f"kek-{environment}-v*.key")]
        return sorted(int(m.group(2)) for m in found if m and m.group(1) == environment)

    def _create(self, environment: str, version: int) -> None:
        """Write a complete keyfile under a temporary name, then link it into place: a reader
        never sees a partial key, and an existing version is never replaced."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        final = self._path(environment, version)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{os.urandom(4).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(AESGCM.generate_key(bit_length=256))
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, final)  # FileExistsError if another process won
        finally:
            tmp.unlink()

    def _current(self, environment: str) -> int:
        versions = self._versions(environment)
        if not versions:
            with contextlib.suppress(FileExistsError):  # another process created it first
                self._create(environment, 1)
            versions = self._versions(environment)
        return versions[-1]

    def _kek(self, environment: str, version: int) -> bytes:
        key = self._path(environment, version).read_bytes()
        if len(key) != 32:
            raise ValueError("damaged key-encryption key file")
        return key

    async def wrap(self, dek: bytes, *, environment: str) -> tuple[str, bytes]:
        version = self._current(environment)
        kek_id = f"local:{environment}:v{version}"
        nonce = os.urandom(12)
        wrapped = AESGCM(self._kek(environment, version)).encrypt(nonce, dek, kek_id.encode())
        return kek_id, nonce + wrapped

    async def unwrap(self, kek_id: str, wrapped: bytes) -> bytes:
        kind, environment, version = kek_id.split(":")
        if kind != "local" or not version.startswith("v"):
            raise ValueError("not a local key id")
        kek = self._kek(environment, int(version[1:]))
        return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], kek_id.encode())

    async def rewrap(self, kek_id: str, wrapped: bytes) -> tuple[str, bytes]:
        environment = kek_id.split(":")[1]
        return await self.wrap(await self.unwrap(kek_id, wrapped), environment=environment)

    async def rotate(self, environment: str) -> str:
        version = self._current(environment) + 1
        self._create(environment, version)
        return f"local:{environment}:v{version}"

    async def aclose(self) -> None:
        return None


class VaultTransitProvider:
    def __init__(
        self, url: str, token: str, *, key_prefix: str = "ferryman", mount: str = "transit"
    ) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.key_prefix = key_prefix
        self.mount = mount
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            from ferryman.upstream.client import tls_context

            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=tls_context()),
                timeout=aiohttp.ClientTimeout(total=10),
                headers={"x-vault-token": self.token},
            )
        return self._session

    def _key(self, environment: str) -> str:
        if not _ENV.fullmatch(environment):
            raise ValueError("invalid environment name")
        return f"{self.key_prefix}-{environment}"

    async def _post(self, path: str, body: dict[str, str] | None = None) -> dict[str, object]:
        async with self._http().post(
            f"{self.url}/v1/{self.mount}/{path}",
            data=orjson.dumps(body or {}),
            allow_redirects=False,
        ) as resp:
            raw = await resp.read()
            if resp.status >= 300:
                raise ValueError(f"vault transit answered HTTP {resp.status}")
        data = orjson.loads(raw) if raw else {}
        return dict(data.get("data") or {})

    @staticmethod
    def _version(ciphertext: str) -> str:
        return ciphertext.split(":")[1]  # "vault:v3:..."

    async def wrap(self, dek: bytes, *, environment: str) -> tuple[str, bytes]:
        key = self._key(environment)
        data = await self._post(f"encrypt/{key}", {"plaintext": base64.b64encode(dek).decode()})
        ciphertext = str(data["ciphertext"])
        return f"vault:{key}:{self._version(ciphertext)}", ciphertext.encode()

    async def unwrap(self, kek_id: str, wrapped: bytes) -> bytes:
        key = kek_id.split(":")[1]
        data = await self._post(f"decrypt/{key}", {"ciphertext": wrapped.decode()})
        return base64.b64decode(str(data["plaintext"]))

    async def rewrap(self, kek_id: str, wrapped: bytes) -> tuple[str, bytes]:
        key = kek_id.split(":")[1]
        data = await self._post(f"rewrap/{key}", {"ciphertext": wrapped.decode()})
        ciphertext = str(data["ciphertext"])
        return f"vault:{key}:{self._version(ciphertext)}", ciphertext.encode()

    async def rotate(self, environment: str) -> str:
        key = self._key(environment)
        await self._post(f"keys/{key}/rotate")
        return f"vault:{key}"

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
