"""Admin API request bodies: validated strictly, errors name the field (never echo a value)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from ferryman.identity.durations import parse_duration, parse_expiry
from ferryman.identity.model import ENDPOINTS

__all__ = ["KeyCreate", "KeyRotate", "TokenMint"]

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]{1,253}(:\d{1,5})?")
MAX_TOKEN_TTL_S = 15 * 60

_NAME = re.compile(r"[A-Za-z0-9 ._:@/\-]{1,128}")
_ALIAS = re.compile(r"[A-Za-z0-9._:/\-*]{1,256}")


def check_name(value: str, what: str = "name") -> str:
    if not _NAME.fullmatch(value):
        raise ValueError(f"{what}: 1-128 letters, digits, spaces or . _ : @ / -")
    return value


def check_models(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    for alias in value:
        if not _ALIAS.fullmatch(alias):
            raise ValueError("each model must be an alias: letters, digits and . _ : / - *")
    return sorted(set(value))


def check_endpoints(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    unknown = set(value) - ENDPOINTS
    if unknown:
        raise ValueError(f"unknown endpoints; choose from {sorted(ENDPOINTS)}")
    return sorted(set(value))


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str
    role: Literal["admin", "auditor", "service"]
    environment: Annotated[
        str,
        Field(min_length=1, max_length=16, validation_alias=AliasChoices("environment", "env")),
    ] = "dev"
    team: str | None = None
    models: list[str] | None = None
    endpoints: list[str] | None = None
    policy: Annotated[str | None, Field(max_length=64, pattern=r"^[A-Za-z0-9._\-]+$")] = None
    expires: str | None = None
    rpm: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    tpm: Annotated[int | None, Field(ge=1, le=1_000_000_000)] = None
    budget_usd: Annotated[float | None, Field(ge=0, le=10_000_000)] = None
    metadata: dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=256)]] = (
        Field(default_factory=dict, max_length=32)
    )

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return check_name(v)

    @field_validator("team")
    @classmethod
    def _team(cls, v: str | None) -> str | None:
        return None if v is None else check_name(v, "team")

    @field_validator("models", "endpoints", mode="before")
    @classmethod
    def _comma_list(cls, v: object) -> object:
        """Accept "a,b" as well as ["a", "b"] (what the CLI flags look like)."""
        return [p.strip() for p in v.split(",") if p.strip()] if isinstance(v, str) else v

    @field_validator("models")
    @classmethod
    def _models(cls, v: list[str] | None) -> list[str] | None:
        return check_models(v)

    @field_validator("endpoints")
    @classmethod
    def _endpoints(cls, v: list[str] | None) -> list[str] | None:
        return check_endpoints(v)

    @field_validator("expires")
    @classmethod
    def _expires(cls, v: str | None) -> str | None:
        if v is not None:
            parse_expiry(v)
        return v


class KeyRotate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace: str | None = None

    @field_validator("grace")
    @classmethod
    def _grace(cls, v: str | None) -> str | None:
        if v is not None:
            parse_duration(v)
        return v


class TokenMint(BaseModel):
    """A short-lived browser token: one model, a max_tokens cap, one origin, a request count."""

    model_config = ConfigDict(extra="forbid")

    model: str
    max_tokens: Annotated[int, Field(ge=1, le=200_000)]
    origin: str
    requests: Annotated[int, Field(ge=1, le=1000)] = 20
    ttl: str = "15m"

    @field_validator("model")
    @classmethod
    def _model(cls, v: str) -> str:
        if not _ALIAS.fullmatch(v) or "*" in v:
            raise ValueError("model must be one alias")
        return v

    @field_validator("origin")
    @classmethod
    def _origin(cls, v: str) -> str:
        if not _ORIGIN.fullmatch(v):
            raise ValueError("origin must be scheme://host[:port], e.g. https://app.example.com")
        return v

    @field_validator("ttl")
    @classmethod
    def _ttl(cls, v: str) -> str:
        if parse_duration(v).total_seconds() > MAX_TOKEN_TTL_S:
            raise ValueError("a browser token lives at most 15 minutes")
        return v
