"""The typed settings tree: one pydantic model per config section, ``extra="forbid"`` everywhere.

A wrong field is a :class:`~ferryman.errors.ConfigError` naming the field and the reason;
secrets are ``SecretStr`` so they never print. Sections that later versions will enforce
(``tls``, ``policies``, ...)
are rejected rather than silently ignored: a security control that is configured but not applied
would be worse than a clear error.
"""

from __future__ import annotations

import ipaddress
import os
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

ProviderKind = Literal["openai", "anthropic", "azure", "demo"]

_ENV_NAME = re.compile(r"[a-z][a-z0-9-]{0,15}")
_PIN = re.compile(r"[A-Za-z0-9+/]{43}=")
_DEFAULT_BASE_URLS: dict[str, str] = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSettings(_Section):
    """The listener: address and the limits enforced before any other work."""

    host: Annotated[str, Field(description="Listen address.")] = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535, description="Listen port.")] = 8080
    workers: Annotated[int, Field(ge=1, le=64, description="Worker processes.")] = 1
    max_body_bytes: Annotated[
        int,
        Field(ge=1024, le=256 * 1024 * 1024, description="Larger request bodies get 413."),
    ] = 16 * 1024 * 1024
    max_header_bytes: Annotated[
        int, Field(ge=1024, le=1024 * 1024, description="Larger request headers get 431.")
    ] = 16 * 1024
    header_timeout_s: Annotated[
        float, Field(gt=0, le=600, description="A client slower to send its headers gets 408.")
    ] = 10.0
    body_timeout_s: Annotated[
        float, Field(gt=0, le=600, description="A client slower to send its body gets 408.")
    ] = 30.0
    trusted_proxies: Annotated[
        list[str],
        Field(
            description="Addresses/networks of TLS-terminating proxies whose X-Forwarded-For "
            "and X-Forwarded-Proto are honoured (required for plain HTTP on a non-loopback "
            "address)."
        ),
    ] = Field(default_factory=list)
    shutdown_grace_s: Annotated[
        float,
        Field(ge=0, le=3600, description="How long in-flight requests may finish on stop/reload."),
    ] = 30.0

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value


class TimeoutSettings(_Section):
    """Upstream timeouts, in seconds. ``read`` bounds the wait for each chunk of a stream."""

    connect: Annotated[float, Field(gt=0, le=120, description="TCP + TLS connect.")] = 5.0
    read: Annotated[
        float, Field(gt=0, le=3600, description="Wait for the answer / each stream chunk.")
    ] = 120.0
    total: Annotated[float, Field(gt=0, le=7200, description="Whole exchange.")] = 600.0


class UpstreamTls(_Section):
    """TLS towards one provider: verification is always on; these narrow or extend it."""

    ca_bundle: Annotated[
        str | None, Field(description="PEM CA bundle to trust instead of the system store.")
    ] = None
    spki_pins: Annotated[
        list[str],
        Field(description="Accepted base64 SHA-256 hashes of the server's public key (SPKI)."),
    ] = Field(default_factory=list)
    client_cert: Annotated[
        str | None, Field(description="PEM client certificate (mTLS to private endpoints).")
    ] = None
    client_key: Annotated[str | None, Field(description="PEM key of the client certificate.")] = (
        None
    )

    @model_validator(mode="after")
    def _check(self) -> UpstreamTls:
        for name in ("ca_bundle", "client_cert", "client_key"):
            path = getattr(self, name)
            if path is not None and not os.access(path, os.R_OK):
                raise ValueError(f"{name}: cannot read {path!r}")
        if (self.client_cert is None) != (self.client_key is None):
            raise ValueError("client_cert and client_key go together")
        for pin in self.spki_pins:
            if not _PIN.fullmatch(pin):
                raise ValueError("spki_pins: each pin is a base64 SHA-256 (44 characters)")
        return self


class ProviderSettings(_Section):
    """One upstream AI provider. Its secrets live only here and in the adapter built from it."""

    kind: Annotated[ProviderKind, Field(description="openai | anthropic | azure | demo.")]
    base_url: Annotated[
        str | None, Field(description="API root; defaults per kind (OpenAI, Anthropic).")
    ] = None
    api_key: Annotated[
        SecretStr | list[SecretStr] | None,
        Field(description="${ENV} or ${file:/path} reference, or a list of them (rotated)."),
    ] = None
    api_version: Annotated[str | None, Field(description="Azure api-version.")] = None
    region: Annotated[str | None, Field(description="Where the provider processes data.")] = None
    enabled: Annotated[bool, Field(description="false takes the provider out of every route.")] = (
        True
    )
    optional: Annotated[
        bool, Field(description="A missing secret disables the provider instead of failing.")
    ] = False
    allow_insecure_http: Annotated[
        bool, Field(description="Allow http:// to a non-loopback host (not recommended).")
    ] = False
    max_connections: Annotated[int, Field(ge=1, le=10_000, description="Connection pool size.")] = (
        256
    )
    environments: Annotated[
        list[str] | None,
        Field(description="Environments whose callers may use this provider (none: all)."),
    ] = None
    timeouts: Annotated[TimeoutSettings, Field(description="Upstream timeouts (below).")] = (
        TimeoutSettings()
    )
    tls: Annotated[UpstreamTls, Field(description="TLS towards this provider (below).")] = (
        UpstreamTls()
    )
    headers: Annotated[
        dict[str, str], Field(description="Extra static headers (never credentials).")
    ] = Field(default_factory=dict)

    @field_validator("headers")
    @classmethod
    def _no_credential_headers(cls, value: dict[str, str]) -> dict[str, str]:
        banned = {"authorization", "x-api-key", "api-key", "host", "content-length"}
        for name in value:
            if name.lower() in banned:
                raise ValueError(f"header {name!r} is set by the gateway, not by config")
        return value

    @model_validator(mode="after")
    def _check(self) -> ProviderSettings:
        if self.kind == "demo":
            return self
        if self.kind == "azure":
            if not self.base_url:
                raise ValueError(
                    "an azure provider needs base_url (https://<resource>.openai.azure.com)"
                )
            if not self.api_version:
                raise ValueError("an azure provider needs api_version (e.g. 2024-10-21)")
        if self.base_url is not None:
            check_upstream_url(self.base_url, allow_insecure_http=self.allow_insecure_http)
        return self

    def resolved_base_url(self) -> str:
        return (self.base_url or _DEFAULT_BASE_URLS.get(self.kind, "")).rstrip("/")

    def keys(self) -> list[str]:
        if self.api_key is None:
            return []
        if isinstance(self.api_key, list):
            return [k.get_secret_value() for k in self.api_key]
        return [self.api_key.get_secret_value()]


def check_upstream_url(url: str, *, allow_insecure_http: bool) -> None:
    """Allow https everywhere, http only for loopback unless the provider explicitly allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http(s) URL")
    if parts.username or parts.password:
        raise ValueError("base_url must not carry credentials; use api_key")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not have a query string or fragment")
    if parts.scheme == "http" and not allow_insecure_http and not _is_loopback(parts.hostname):
        raise ValueError(
            "plain http is only allowed to loopback hosts; "
            "set allow_insecure_http: true to override"
        )


def plain_http_problem(settings: Settings, host: str) -> str | None:
    """Why serving ``host`` would be unsafe: plain HTTP beyond loopback without a trusted
    TLS-terminating proxy in front (None when fine)."""
    if settings.tls is None and not settings.server.trusted_proxies and not _is_loopback(host):
        return (
            f"server.host: plain HTTP on {host!r} would expose the gateway unencrypted; "
            "configure tls, or server.trusted_proxies when a TLS-terminating proxy is in front"
        )
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ModelRoute(_Section):
    """An alias callers use, mapped to a provider's model, with fallbacks (other aliases)."""

    provider: Annotated[str, Field(description="Name of a provider in providers.")]
    model: Annotated[str, Field(description="The provider's model (Azure: deployment).")]
    fallbacks: Annotated[
        list[str], Field(description="Other aliases to try, in order, when this one fails.")
    ] = Field(default_factory=list)
    description: Annotated[str | None, Field(description="Shown in /v1/models.")] = None
    require_mtls: Annotated[
        bool, Field(description="Only callers with a verified client certificate may use it.")
    ] = False


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


class TlsSettings(_Section):
    """The HTTPS listener. TLS 1.2 is the floor; client certificates enable mTLS callers."""

    cert: Annotated[str, Field(description="PEM certificate chain file.")]
    key: Annotated[str, Field(description="PEM private key file.")]
    min_version: Annotated[Literal["1.2", "1.3"], Field(description="Lowest TLS version.")] = "1.2"
    client_ca: Annotated[
        str | None, Field(description="PEM bundle of CAs whose client certificates are accepted.")
    ] = None
    client_cert: Annotated[
        Literal["none", "optional", "required"],
        Field(
            description="Ask for client certificates (mTLS); 'required' refuses the handshake "
            "without one."
        ),
    ] = "none"
    hsts: Annotated[bool, Field(description="Send Strict-Transport-Security.")] = True
    hsts_max_age_s: Annotated[int, Field(ge=0, le=63_072_000, description="HSTS max-age.")] = (
        31_536_000
    )
    hsts_include_subdomains: Annotated[bool, Field(description="HSTS includeSubDomains.")] = True
    redirect_http_port: Annotated[
        int | None,
        Field(
            ge=1,
            le=65535,
            description="Also listen on this port with plain HTTP that only "
            "redirects to HTTPS (308).",
        ),
    ] = None
    reload_check_s: Annotated[
        float, Field(gt=0, le=3600, description="How often the cert/key files are checked.")
    ] = 10.0

    @model_validator(mode="after")
    def _check(self) -> TlsSettings:
        for name in ("cert", "key", "client_ca"):
            path = getattr(self, name)
            if path is not None and not os.access(path, os.R_OK):
                raise ValueError(f"{name}: cannot read {path!r}")
        if self.client_cert != "none" and self.client_ca is None:
            raise ValueError("client_cert needs client_ca (the CAs to verify client certificates)")
        return self


class MtlsIdentity(_Section):
    """Maps a verified client certificate (subject CN or a SAN) to an identity."""

    subject_cn: Annotated[str | None, Field(description="Match the subject common name.")] = None
    san: Annotated[str | None, Field(description="Match a DNS, URI or email SAN exactly.")] = None
    name: Annotated[str, Field(description="Identity name (for logs and audit).")]
    role: Annotated[Literal["service", "auditor", "admin"], Field(description="Role.")] = "service"
    environment: Annotated[str, Field(description="Environment of the caller.")] = "dev"
    team: Annotated[str | None, Field(description="Owning team.")] = None
    models: Annotated[list[str] | None, Field(description="Allowed aliases (none: all).")] = None
    endpoints: Annotated[list[str] | None, Field(description="Allowed endpoints (none: all).")] = (
        None
    )

    @model_validator(mode="after")
    def _one_match(self) -> MtlsIdentity:
        if (self.subject_cn is None) == (self.san is None):
            raise ValueError("set exactly one of subject_cn or san")
        return self


class JwtIssuer(_Section):
    """An OAuth2 / OIDC issuer whose bearer JWTs are accepted (client-credentials callers)."""

    issuer: Annotated[str, Field(description="Expected iss claim.")]
    audience: Annotated[str, Field(description="Expected aud claim.")]
    jwks_url: Annotated[
        str | None, Field(description="JWKS endpoint (cached; refreshed on unknown kid).")
    ] = None
    public_key: Annotated[
        SecretStr | None, Field(description="Static PEM public key instead of a JWKS URL.")
    ] = None
    algorithms: Annotated[
        list[Literal["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]],
        Field(description="Accepted signature algorithms (never 'none' or HMAC)."),
    ] = Field(default_factory=lambda: ["RS256", "ES256"])  # type: ignore[arg-type]
    leeway_s: Annotated[float, Field(ge=0, le=300, description="Clock skew allowed.")] = 30.0
    role_claim: Annotated[str, Field(description="Claim holding the role.")] = "role"
    environment_claim: Annotated[str, Field(description="Claim holding the environment.")] = (
        "environment"
    )
    team_claim: Annotated[str, Field(description="Claim holding the team.")] = "team"
    models_claim: Annotated[
        str, Field(description="Claim with allowed model aliases (list or space-separated).")
    ] = "models"
    default_role: Annotated[
        Literal["service", "auditor", "admin"], Field(description="Role when the claim is absent.")
    ] = "service"
    allow_insecure_http: Annotated[
        bool, Field(description="Allow an http:// JWKS URL to a non-loopback host.")
    ] = False

    @model_validator(mode="after")
    def _one_key_source(self) -> JwtIssuer:
        if (self.jwks_url is None) == (self.public_key is None):
            raise ValueError("set exactly one of jwks_url or public_key")
        if self.jwks_url is not None:
            check_upstream_url(self.jwks_url, allow_insecure_http=self.allow_insecure_http)
        return self


class AuthSettings(_Section):
    """Who may call: virtual keys (stored hashed), JWT issuers, and the rules around them."""

    pepper: Annotated[
        SecretStr | None,
        Field(
            description="Server-side secret keyed into key hashes (required with PostgreSQL; "
            "else generated under .ferryman/)."
        ),
    ] = None
    environments: Annotated[
        list[str], Field(description="Environment names keys may belong to.")
    ] = Field(default_factory=lambda: ["dev", "staging", "prod"])
    key_cache_ttl_s: Annotated[
        float,
        Field(
            ge=0,
            le=5,
            description="Key look-ups cached this long (revocations reach "
            "other instances within it).",
        ),
    ] = 2.0
    rotation_grace: Annotated[
        str, Field(description="How long a rotated key's old secret keeps working.")
    ] = "24h"
    max_failures_per_minute: Annotated[
        int, Field(ge=1, le=100_000, description="Auth failures per client address before 429.")
    ] = 20
    jwt: Annotated[list[JwtIssuer], Field(description="Accepted JWT issuers.")] = Field(
        default_factory=list
    )
    mtls: Annotated[
        list[MtlsIdentity], Field(description="Client certificates mapped to identities.")
    ] = Field(default_factory=list)

    @field_validator("rotation_grace")
    @classmethod
    def _grace(cls, value: str) -> str:
        from ferryman.identity.durations import parse_duration

        parse_duration(value)
        return value

    @field_validator("environments")
    @classmethod
    def _env_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not _ENV_NAME.fullmatch(name):
                raise ValueError(f"environment {name!r}: use 1-16 lowercase letters, digits or '-'")
        return value


class Settings(_Section):
    """The root of the configuration file."""

    server: ServerSettings = ServerSettings()
    tls: TlsSettings | None = None
    storage: StorageSettings = StorageSettings()
    cache: CacheSettings = CacheSettings()
    auth: AuthSettings = AuthSettings()
    audit: AuditSettings = AuditSettings()
    encryption: EncryptionSettings = EncryptionSettings()
    providers: dict[str, ProviderSettings] = Field(default_factory=dict)
    models: dict[str, ModelRoute] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_listener(self) -> Settings:
        problem = plain_http_problem(self, self.server.host)
        if problem:
            raise ValueError(problem)
        return self

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
        known = set(self.auth.environments)
        for i, ident in enumerate(self.auth.mtls):
            if ident.environment not in known:
                raise ValueError(f"auth.mtls[{i}].environment: unknown environment")
        for name, spec in self.providers.items():
            for env in spec.environments or []:
                if env not in known:
                    raise ValueError(f"providers.{name}.environments: unknown environment {env!r}")
        if self.auth.pepper is None and not self.storage.url.startswith("sqlite"):
            raise ValueError(
                "auth.pepper: required with a shared database (every instance must hash keys "
                "with the same secret); use ${FERRYMAN_PEPPER} or ${file:/path}"
            )
        for alias, route in self.models.items():
            if route.provider not in self.providers:
                raise ValueError(f"models.{alias}.provider: unknown provider {route.provider!r}")
            for fb in route.fallbacks:
                if fb not in self.models:
                    raise ValueError(f"models.{alias}.fallbacks: unknown model alias {fb!r}")
                if fb == alias:
                    raise ValueError(
                        f"models.{alias}.fallbacks: an alias cannot fall back to itself"
                    )
        return self
