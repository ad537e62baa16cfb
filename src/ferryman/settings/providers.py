"""Providers (upstream AI APIs) and the model routes that use them."""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from ferryman.settings.base import Section as _Section
from ferryman.settings.base import check_upstream_url

__all__ = [
    "CircuitSettings",
    "ModelRoute",
    "ProviderKind",
    "ProviderSettings",
    "RetrySettings",
    "TimeoutSettings",
    "UpstreamTls",
]

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


class RetrySettings(_Section):
    """Retries against one target before falling back: exponential backoff with full jitter.

    Only failures that are worth repeating are retried (connection refused or reset, 429, 500,
    502, 503, 504, 529; read timeouts only with ``on_timeout``), and only before anything has
    reached the client. While the route has a fallback left, a failure moves on to it at once
    unless ``before_fallback`` is set."""

    attempts: Annotated[
        int, Field(ge=1, le=10, description="Tries per target, the first included (1: none).")
    ] = 3
    base_delay_ms: Annotated[
        int, Field(ge=1, le=60_000, description="Backoff base: a retry waits up to base * 2^n.")
    ] = 200
    max_delay_ms: Annotated[
        int, Field(ge=1, le=300_000, description="Cap of one backoff wait.")
    ] = 5_000
    max_total_s: Annotated[
        float, Field(gt=0, le=3600, description="No retry starts after this long (per request).")
    ] = 20.0
    max_retry_after_s: Annotated[
        float,
        Field(
            ge=0,
            le=3600,
            description="Longest provider Retry-After waited for; longer: fall back or answer "
            "429 with it.",
        ),
    ] = 5.0
    on_timeout: Annotated[
        bool, Field(description="Also retry read timeouts (the provider may have done the work).")
    ] = False
    before_fallback: Annotated[
        bool,
        Field(
            description="Retry this provider even when the route has a fallback left (default: "
            "the fallback is the retry; only the last target is retried)."
        ),
    ] = False

    @model_validator(mode="after")
    def _check(self) -> RetrySettings:
        if self.max_delay_ms < self.base_delay_ms:
            raise ValueError("max_delay_ms must be at least base_delay_ms")
        return self


class CircuitSettings(_Section):
    """The circuit breaker of one provider (and of each of its keys).

    It opens when ``failure_ratio`` of at least ``min_requests`` calls in the last ``window_s``
    failed, or after ``consecutive_failures`` failures in a row; while open the provider is
    skipped (fallback, else 503); after ``open_s`` one probe call is let through (half-open),
    whose outcome closes or re-opens it. Shared across instances through Redis (``cache.url``)."""

    enabled: Annotated[bool, Field(description="false: never open.")] = True
    failure_ratio: Annotated[
        float, Field(gt=0, le=1, description="Share of failed calls in the window that opens.")
    ] = 0.5
    window_s: Annotated[float, Field(ge=1, le=3600, description="The rolling window.")] = 10.0
    min_requests: Annotated[
        int, Field(ge=1, le=100_000, description="Calls in the window before the ratio counts.")
    ] = 20
    consecutive_failures: Annotated[
        int | None, Field(ge=1, le=10_000, description="Failures in a row that open (none: off).")
    ] = None
    open_s: Annotated[
        float, Field(gt=0, le=3600, description="How long it stays open before a probe.")
    ] = 10.0


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
    retry: Annotated[RetrySettings, Field(description="Retries with backoff (below).")] = (
        RetrySettings()
    )
    circuit: Annotated[CircuitSettings, Field(description="Circuit breaker (below).")] = (
        CircuitSettings()
    )
    key_strategy: Annotated[
        Literal["round_robin", "weighted"],
        Field(description="How calls are spread over several api keys."),
    ] = "round_robin"
    key_weights: Annotated[
        list[int] | None,
        Field(description="weighted: one positive weight per api_key entry, in order."),
    ] = None
    key_cooldown_s: Annotated[
        float,
        Field(
            gt=0,
            le=86_400,
            description="A key the provider refused (401/403) leaves the rotation this long.",
        ),
    ] = 300.0

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
        if self.key_weights is not None:
            count = len(self.api_key) if isinstance(self.api_key, list) else 1
            if len(self.key_weights) != count or min(self.key_weights) < 1:
                raise ValueError("key_weights: one positive integer per api_key entry")
        elif self.key_strategy == "weighted":
            raise ValueError("key_strategy weighted needs key_weights")
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
            "applied: the stricter action wins). Before a fallback to a route with another "
            "policy, the request is inspected again for it (redaction and injection guard); a "
            "route whose policy refuses the request is skipped."
        ),
    ] = None
    timeouts: Annotated[
        TimeoutSettings | None,
        Field(description="Timeouts for this route, instead of its provider's."),
    ] = None
