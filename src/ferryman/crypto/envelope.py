"""Envelope encryption with AES-256-GCM.

Every record gets a fresh 256-bit data key (DEK); the record is encrypted with it, and the DEK is
wrapped by a key-encryption key (KEK) held by a key provider (a local keyfile, or a KMS such as
Vault transit). Rotating the KEK re-wraps DEKs only: the data is never re-encrypted.

The associated data binds each ciphertext to its record (namespace and key): a ciphertext copied
into another row fails to open, and so does any flipped bit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ferryman.crypto.providers import KeyProvider

__all__ = ["DecryptionError", "Envelope", "Sealed"]


class DecryptionError(Exception):
    """A record failed authentication (tampered, swapped, or the wrong key)."""


@dataclass(frozen=True, slots=True)
class Sealed:
    kek_id: str
    wrapped_key: bytes
    nonce: bytes
    ciphertext: bytes


class Envelope:
    def __init__(self, provider: KeyProvider) -> None:
        self.provider = provider

    async def seal(self, plaintext: bytes, *, aad: bytes, environment: str) -> Sealed:
        dek = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(12)
        ciphertext = AESGCM(dek).encrypt(nonce, plaintext, aad)
        kek_id, wrapped = await self.provider.wrap(dek, environment=environment)
        return Sealed(kek_id, wrapped, nonce, ciphertext)

    async def open(self, sealed: Sealed, *, aad: bytes) -> bytes:
        try:
            dek = await self.provider.unwrap(sealed.kek_id, sealed.wrapped_key)
            return AESGCM(dek).decrypt(sealed.nonce, sealed.ciphertext, aad)
        except (InvalidTag, ValueError, KeyError, OSError) as exc:
            raise DecryptionError("record failed authentication") from exc
