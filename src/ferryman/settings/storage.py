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
    "JsonlSinkSettings",
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


AuditSink = Literal["database", "jsonl", "otel"]
_DEFAULT_SINKS: tuple[AuditSink, ...] = ("database",)


class JsonlSinkSettings(_Section):
    """Audit events as JSON lines: one file per day in ``path`` (a directory), or stdout."""

    path: Annotated[
        str | None, Field(description="Directory for audit-YYYY-MM-DD.jsonl (none: stdout).")
    ] = None
    retention_days: Annotated[
        int | None,
        Field(
            ge=1,
            le=3650,
            description="Daily files older than this are deleted (default: audit.retention_days).",
        ),
    ] = None


class AuditSettings(_Section):
    """The audit trail: one metadata-only event per request, and the admin trail."""

    sinks: Annotated[
        list[AuditSink],
        Field(description="Where request events go (otel needs the `otel` extra)."),
    ] = Field(default_factory=lambda: list(_DEFAULT_SINKS))
    retention_days: Annotated[
        int, Field(ge=1, le=3650, description="Audit events older than this are purged.")
    ] = 30
    retention_by_environment: Annotated[
        dict[str, int],
        Field(description="Per-environment retention in days, e.g. {prod: 90}."),
    ] = Field(default_factory=dict)
    jsonl: Annotated[JsonlSinkSettings, Field(description="The jsonl sink (below).")] = (
        JsonlSinkSettings()
    )
    queue_size: Annotated[
        int,
        Field(ge=100, le=1_000_000, description="Events accepted but not yet written (bound)."),
    ] = 10_000
    batch_size: Annotated[int, Field(ge=1, le=10_000, description="Events per write.")] = 500
    flush_interval_ms: Annotated[
        int, Field(ge=10, le=60_000, description="Longest an event waits for its batch.")
    ] = 200
    admit_timeout_s: Annotated[
        float,
        Field(
            ge=0,
            le=60,
            description="When the queue is full, how long a new request waits for room before "
            "it is refused with 503 (events are never dropped).",
        ),
    ] = 2.0
    truncate_client_ip: Annotated[
        bool, Field(description="Store client addresses as /24 (IPv4) or /48 (IPv6).")
    ] = False
    subject_header: Annotated[
        str | None,
        Field(
            description="Header naming the end user (else the body's `user` field); stored only "
            "as a keyed hash."
        ),
    ] = "x-ferryman-user"
    signing_key: Annotated[
        SecretStr | None,
        Field(
            description="Ed25519 private key (PEM) for signed exports, e.g. ${file:/run/key.pem}; "
            "default: generated once under .ferryman/."
        ),
    ] = None

    @model_validator(mode="after")
    def _check(self) -> AuditSettings:
        for env, days in self.retention_by_environment.items():
            if not 1 <= days <= 3650:
                raise ValueError(f"retention_by_environment.{env}: use 1..3650 days")
        if len(set(self.sinks)) != len(self.sinks):
            raise ValueError("sinks: each sink at most once")
        return self

    def retention_for(self, environment: str | None) -> int:
        return self.retention_by_environment.get(environment or "", self.retention_days)


class CacheSettings(_Section):
    url: Annotated[str | None, Field(description="redis:// URL for shared state.")] = None
