"""Who may call: keys (hashed), JWT issuers, mTLS identities."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from ferryman.settings.base import Section as _Section
from ferryman.settings.base import check_upstream_url
from ferryman.settings.names import ENV_NAME as _ENV_NAME

__all__ = ["AuthSettings", "JwtIssuer", "MtlsIdentity"]


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
