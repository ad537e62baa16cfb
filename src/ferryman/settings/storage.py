"""What is stored, where, how it is encrypted and how long it is kept."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator

from ferryman.settings.base import Section as _Section
from ferryman.settings.base import check_upstream_url

__all__ = [
    "AuditSettings",
    "CacheSettings",
    "EncryptionSettings",
    "StorageSettings",
    "VaultTransitSettings",
]


class StorageSettings(_Section):
    url: Annotated[str, Field(description="SQLAlchemy URL (used by keys/audit).")] = (
        "sqlite+aiosqlite:///./.ferryman/ferryman.db"
    )


class VaultTransitSettings(_Section):
    """HashiCorp Vault's transit engine as the key-encryption-key provider."""

    url: Annotated[str, Field(description="Vault address, e.g. https://vault.internal:8200.")]
    token: Annotated[SecretStr, Field(description="Vault token (${VAULT_TOKEN} or a file).")]
    mount: Annotated[str, Field(description="Transit mount path.")] = "transit"
    key_prefix: Annotated[
        str, Field(description="Transit key name prefix; the key is <prefix>-<environment>.")
    ] = "ferryman"
    allow_insecure_http: Annotated[bool, Field(description="Allow http:// beyond loopback.")] = (
        False
    )

    @model_validator(mode="after")
    def _check(self) -> VaultTransitSettings:
        check_upstream_url(self.url, allow_insecure_http=self.allow_insecure_http)
        return self


class EncryptionSettings(_Section):
    """Envelope encryption of stored content (AES-256-GCM data keys wrapped by a KEK)."""

    provider: Annotated[
        Literal["local", "vault"], Field(description="Who holds the key-encryption keys.")
    ] = "local"
    local_dir: Annotated[
        str, Field(description="Folder of the local keyfiles (created 0700, files 0600).")
    ] = ".ferryman/keys"
    vault: Annotated[
        VaultTransitSettings | None, Field(description="Vault transit settings (provider: vault).")
    ] = None

    @model_validator(mode="after")
    def _check(self) -> EncryptionSettings:
        if self.provider == "vault" and self.vault is None:
            raise ValueError("provider 'vault' needs the vault section")
        return self


class AuditSettings(_Section):
    """What is kept, and for how long (the admin audit trail today; request events later)."""

    retention_days: Annotated[
        int, Field(ge=1, le=3650, description="Audit events older than this are purged.")
    ] = 30


class CacheSettings(_Section):
    url: Annotated[str | None, Field(description="redis:// URL for shared state.")] = None
