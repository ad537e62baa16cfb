"""The typed settings tree: one pydantic model per config section, ``extra="forbid"`` everywhere.

A wrong field is a :class:`~ferryman.errors.ConfigError` naming the field and the reason;
secrets are ``SecretStr`` so they never print. Sections that later versions will enforce
(``tls``, ``policies``, ...)
are rejected rather than silently ignored: a security control that is configured but not applied
would be worse than a clear error.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

ProviderKind = Literal["openai", "anthropic", "azure", "demo"]

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
    body_timeout_s: Annotated[
        float, Field(gt=0, le=600, description="A client slower to send its body gets 408.")
    ] = 30.0
    shutdown_grace_s: Annotated[
        float,
        Field(ge=0, le=3600, description="How long in-flight requests may finish on stop/reload."),
    ] = 30.0


class TimeoutSettings(_Section):
    """Upstream timeouts, in seconds. ``read`` bounds the wait for each chunk of a stream."""

    connect: Annotated[float, Field(gt=0, le=120, description="TCP + TLS connect.")] = 5.0
    read: Annotated[
        float, Field(gt=0, le=3600, description="Wait for the answer / each stream chunk.")
    ] = 120.0
    total: Annotated[float, Field(gt=0, le=7200, description="Whole exchange.")] = 600.0


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
    timeouts: TimeoutSettings = TimeoutSettings()
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


class StorageSettings(_Section):
    url: Annotated[str, Field(description="SQLAlchemy URL (used by keys/audit).")] = (
        "sqlite+aiosqlite:///./.ferryman/ferryman.db"
    )


class CacheSettings(_Section):
    url: Annotated[str | None, Field(description="redis:// URL for shared state.")] = None


class Settings(_Section):
    """The root of the configuration file."""

    server: ServerSettings = ServerSettings()
    storage: StorageSettings = StorageSettings()
    cache: CacheSettings = CacheSettings()
    providers: dict[str, ProviderSettings] = Field(default_factory=dict)
    models: dict[str, ModelRoute] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
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
