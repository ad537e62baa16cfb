"""The library surface behind ``ferryman.redact``: the gateway's redaction for batch jobs.

The same engine and the same policy semantics as the gateway's request stage; each call gets its
own pseudonym vault (use :class:`BatchRedactor` to share one across texts, e.g. a whole file).
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from typing import Any

from ferryman.core.finding import Finding
from ferryman.detection.registry import default_engine
from ferryman.settings.policies import PolicySettings
from ferryman.transform.policy import DEFAULT_POLICY, Policy, compile_policy
from ferryman.transform.redactor import Hasher, Redactor, Report
from ferryman.transform.vault import Vault

__all__ = ["BatchRedactor", "redact_text", "resolve_policy"]


@cache
def _settings_from_env() -> Any:
    from ferryman.settings.loader import load_settings

    path = os.environ.get("FERRYMAN_CONFIG")
    return load_settings(path) if path else None


def _hash_key() -> bytes:
    configured = os.environ.get("FERRYMAN_HASH_KEY")
    if configured:
        return configured.encode()
    settings = _settings_from_env()
    if settings is not None and settings.auth.pepper is not None:
        return bytes(settings.auth.pepper.get_secret_value().encode())
    return _process_key()


@cache
def _process_key() -> bytes:
    # no configured key: hash tokens are stable within this process only
    return secrets.token_bytes(32)


def resolve_policy(policy: Any = None) -> Policy:
    """A :class:`Policy` from ``None`` (the config's ``default`` policy when ``$FERRYMAN_CONFIG``
    names one, else the built-in default), a policy name, settings, a mapping or a Policy."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, PolicySettings):
        return compile_policy("custom", policy)
    if isinstance(policy, dict):
        return compile_policy("custom", PolicySettings.model_validate(policy))
    settings = _settings_from_env()
    name = policy or "default"
    if settings is not None and name in settings.policies:
        return compile_policy(name, settings.policies[name])
    if policy is None:
        return DEFAULT_POLICY
    raise KeyError(f"unknown policy {name!r} (set FERRYMAN_CONFIG to a config that defines it)")


@cache
def _redactor() -> Redactor:
    return Redactor(default_engine(), Hasher(_hash_key()))


class BatchRedactor:
    """Redacts many texts with one policy and one vault (same value, same token, everywhere)."""

    def __init__(self, policy: Any = None) -> None:
        self.policy = resolve_policy(policy)
        self.vault = Vault(max_entries=1_000_000)
        self.report = Report()
        self._redactor = _redactor()

    def redact(self, text: str) -> str:
        return self._redactor.redact(text, self.policy, self.vault, self.report)

    def findings(self, text: str) -> list[Finding]:
        return self._redactor.findings(text, self.policy)


def redact_text(text: str, policy: Any = None) -> str:
    return _redactor().redact(text, resolve_policy(policy), Vault(), Report())
