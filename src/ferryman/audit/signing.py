"""The Ed25519 key that signs audit exports (the checklist's "snapshot logs for forensics").

``audit.signing_key`` (a PEM private key, from a file or a secret store) is used when configured;
otherwise one is generated once beside the local database (``.ferryman/audit-signing-key.pem``,
mode 0600). Publish its public key (``ferryman audit export`` prints it) so a verifier can pin it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ferryman.errors import ConfigError
from ferryman.settings.model import Settings

__all__ = ["key_id", "load_signing_key", "public_key_b64", "read_public_key"]


def _local_path(storage_url: str) -> Path:
    from sqlalchemy.engine import make_url

    database = make_url(storage_url).database or ""
    folder = Path(database).parent if database and database != ":memory:" else Path(".ferryman")
    return folder / "audit-signing-key.pem"


def _parse(pem: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise ConfigError(f"{where}: not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{where}: the audit signing key must be an Ed25519 key")
    return key


def load_signing_key(settings: Settings) -> Ed25519PrivateKey:
    configured = settings.audit.signing_key
    if configured is not None:
        return _parse(configured.get_secret_value().encode(), "audit.signing_key")
    path = _local_path(settings.storage.url)
    if path.exists():
        return _parse(path.read_bytes(), str(path))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    try:
        os.link(tmp, path)  # a concurrent first run keeps the winner's key
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return _parse(path.read_bytes(), str(path))


def public_key_b64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_id(public_b64: str) -> str:
    return hashlib.sha256(base64.b64decode(public_b64)).hexdigest()[:16]


def read_public_key(text: str) -> Ed25519PublicKey:
    """A public key given as PEM or as base64 of the 32 raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))
