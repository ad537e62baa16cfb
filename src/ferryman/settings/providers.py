"""Providers (upstream AI APIs) and the model routes that use them."""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from ferryman.settings.base import Section as _Section
from ferryman.settings.base import check_upstream_url

__all__ = ["ModelRoute", "ProviderKind", "ProviderSettings", "TimeoutSettings", "UpstreamTls"]

ProviderKind = Literal["openai", "anthropic", "azure", "demo"]

_PIN = re.compile(r"[A-Za-z0-9+/]{43}=")
_DEFAULT_BASE_URLS: dict[str, str] = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}


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
    policy: Annotated[
        str | None,
        Field(
            description="Data policy for calls through this route (a key's own policy is also "
            "applied: the stricter action wins)."
        ),
    ] = None
