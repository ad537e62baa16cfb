"""The typed settings tree: one pydantic model per config section, ``extra="forbid"`` everywhere.

A wrong field is a :class:`~ferryman.errors.ConfigError` naming the field and the reason;
secrets are ``SecretStr`` so they never print. Unknown sections and fields are rejected rather
than silently ignored: a security control that is configured but not applied would be worse than a
clear error.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from ferryman.settings.alerts import AlertSettings
from ferryman.settings.auth import AuthSettings, JwtIssuer, MtlsIdentity
from ferryman.settings.base import Section as _Section
from ferryman.settings.base import check_upstream_url, is_loopback
from ferryman.settings.budgets import BudgetSettings
from ferryman.settings.flows import FlowSettings, check_flows
from ferryman.settings.limits import LimitSettings
from ferryman.settings.observability import ObservabilitySettings
from ferryman.settings.policies import DetectionSettings, PolicySettings
from ferryman.settings.providers import (
    ModelRoute,
    ProviderKind,
    ProviderSettings,
    TimeoutSettings,
    UpstreamTls,
)
from ferryman.settings.server import ServerSettings, TlsSettings
from ferryman.settings.storage import (
    AuditSettings,
    CacheSettings,
    EncryptionSettings,
    StorageSettings,
    VaultTransitSettings,
)

__all__ = [
    "AuditSettings",
    "AuthSettings",
    "CacheSettings",
    "EncryptionSettings",
    "JwtIssuer",
    "ModelRoute",
    "MtlsIdentity",
    "PolicySettings",
    "ProviderKind",
    "ProviderSettings",
    "ServerSettings",
    "Settings",
    "StorageSettings",
    "TimeoutSettings",
    "TlsSettings",
    "UpstreamTls",
    "VaultTransitSettings",
    "check_upstream_url",
    "plain_http_problem",
]


def plain_http_problem(settings: Settings, host: str) -> str | None:
    """Why serving ``host`` would be unsafe: plain HTTP beyond loopback without a trusted
    TLS-terminating proxy in front (None when fine)."""
    if settings.tls is None and not settings.server.trusted_proxies and not is_loopback(host):
        return (
            f"server.host: plain HTTP on {host!r} would expose the gateway unencrypted; "
            "configure tls, or server.trusted_proxies when a TLS-terminating proxy is in front"
        )
    return None


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
    policies: dict[str, PolicySettings] = Field(default_factory=dict)
    detection: DetectionSettings = DetectionSettings()
    observability: ObservabilitySettings = ObservabilitySettings()
    alerts: AlertSettings = AlertSettings()
    limits: LimitSettings = LimitSettings()
    budgets: BudgetSettings = BudgetSettings()
    flows: dict[str, FlowSettings] = Field(default_factory=dict)

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
            if route.policy is not None and route.policy not in self.policies:
                raise ValueError(f"models.{alias}.policy: unknown policy {route.policy!r}")
            if route.provider not in self.providers:
                raise ValueError(f"models.{alias}.provider: unknown provider {route.provider!r}")
            for fb in route.fallbacks:
                if fb not in self.models:
                    raise ValueError(f"models.{alias}.fallbacks: unknown model alias {fb!r}")
                if fb == alias:
                    raise ValueError(
                        f"models.{alias}.fallbacks: an alias cannot fall back to itself"
                    )
        check_flows(self.flows, self.providers, self.models)
        return self
