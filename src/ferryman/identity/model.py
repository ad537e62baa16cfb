"""The identity every authenticated caller maps to, whatever the credential (key, JWT, token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["ENDPOINTS", "Identity", "Role", "scope"]

ENDPOINTS = frozenset({"chat", "embeddings", "messages", "models"})


class Role(StrEnum):
    """Deny by default: each role grants only what is listed in ``identity.access``."""

    ADMIN = "admin"  # everything under /admin
    AUDITOR = "auditor"  # read-only: keys, usage, audit metadata, flows
    SERVICE = "service"  # inference only, within its scopes


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str  # "key" | "jwt" | "token" | "bootstrap"
    id: str
    name: str
    role: Role
    environment: str | None
    team: str | None = None
    models: frozenset[str] | None = None  # None: every alias of the environment
    endpoints: frozenset[str] | None = None  # None: every data-plane endpoint
    policy: str | None = None
    prefix: str | None = None
    expires_at: datetime | None = None
    created_at: datetime | None = None  # keys: for the stricter limits of new keys
    budget_usd: float | None = None  # keys: their own monthly budget cap
    rpm: int | None = None
    tpm: int | None = None
    # browser tokens: the one model, the max_tokens cap and the allowed origin
    max_tokens: int | None = None
    origin: str | None = None

    @property
    def label(self) -> str:
        """Safe to log: the key prefix or the subject id, never a secret."""
        return self.prefix or self.id


def scope(values: list[str] | None) -> frozenset[str] | None:
    """A scope list as stored or configured -> the identity's set (None stays "unrestricted")."""
    return frozenset(values) if values is not None else None
