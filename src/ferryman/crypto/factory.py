"""Build the configured key provider."""

from __future__ import annotations

from ferryman.crypto.providers import KeyProvider, LocalKeyProvider, VaultTransitProvider
from ferryman.settings.model import EncryptionSettings

__all__ = ["build_key_provider"]


def build_key_provider(settings: EncryptionSettings) -> KeyProvider:
    if settings.provider == "vault" and settings.vault is not None:
        vault = settings.vault
        return VaultTransitProvider(
            vault.url,
            vault.token.get_secret_value(),
            key_prefix=vault.key_prefix,
            mount=vault.mount,
        )
    return LocalKeyProvider(settings.local_dir)
