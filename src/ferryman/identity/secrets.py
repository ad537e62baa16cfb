"""Virtual key format, generation and hashing.

Format ``fm_<env>_<43 url-safe chars>`` (32 random bytes): a leaked key shows its environment and
is easy for secret scanners to spot. The visible prefix ``fm_<env>_<first 8>`` names a key in
lists and logs without being usable.

Keys are stored as HMAC-SHA256(pepper, key), not with a slow password hash: the secret already
carries 256 bits of entropy, so stretching adds no protection against guessing, while every request
needs a microsecond look-up. The pepper - a server-side secret outside the database - means a
stolen database alone cannot even confirm a guessed key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from ferryman.errors import ConfigError

if TYPE_CHECKING:
    from ferryman.settings.model import Settings

__all__ = [
    "KEY_PATTERN",
    "hash_secret",
    "key_environment",
    "load_pepper",
    "new_key",
    "new_token",
    "pepper_of",
    "visible_prefix",
]

KEY_PATTERN = re.compile(r"fm_([a-z][a-z0-9-]{0,15})_([A-Za-z0-9_\-]{43})")
_MAX_CREDENTIAL = 4096


def new_key(environment: str) -> str:
    return f"fm_{environment}_{secrets.token_urlsafe(32)}"


def new_token() -> str:
    """A short-lived browser token: ``fmt_<43 chars>``."""
    return f"fmt_{secrets.token_urlsafe(32)}"


def key_environment(key: str) -> str | None:
    match = KEY_PATTERN.fullmatch(key)
    return match.group(1) if match else None


def visible_prefix(key: str) -> str | None:
    """``fm_prod_AbCdEfGh`` for a well-formed key, else None (never echo arbitrary input)."""
    match = KEY_PATTERN.fullmatch(key)
    return f"fm_{match.group(1)}_{match.group(2)[:8]}" if match else None


def hash_secret(pepper: bytes, secret: str) -> str:
    return hmac.new(pepper, secret.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def pepper_of(settings: Settings) -> bytes:
    """The pepper the configuration asks for (``auth.pepper``, else the generated local one)."""
    configured = settings.auth.pepper.get_secret_value() if settings.auth.pepper else None
    return load_pepper(configured, settings.storage.url)


def load_pepper(configured: str | None, storage_url: str) -> bytes:
    """The configured pepper, or for a local SQLite store one generated once under .ferryman/."""
    if configured:
        if len(configured) < 16:
            raise ConfigError("auth.pepper: use at least 16 characters of secret material")
        return configured.encode()
    path = _pepper_path(storage_url)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # write a complete file under a temporary name, then link it into place: processes
        # starting together either win the link or read the winner's complete pepper
        tmp = path.with_name(f".pepper.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_urlsafe(32).encode())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    value = path.read_bytes().strip()
    if len(value) < 16:
        raise ConfigError(f"auth.pepper: the generated pepper file {str(path)!r} is damaged")
    return value


def _pepper_path(storage_url: str) -> Path:
    from sqlalchemy.engine import make_url

    database = make_url(storage_url).database or ""
    folder = Path(database).parent if database and database != ":memory:" else Path(".ferryman")
    return folder / "pepper"
