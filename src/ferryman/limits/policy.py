"""Which limits apply to a request: the scopes (key, end user, team, environment) and their
meters and slots, from the settings and the caller's identity.

A key's own ``rpm``/``tpm`` replace the default for that key. An end user is counted per key
(the ``user`` an application sends is its own name space) and only under a keyed hash: no user
id reaches Redis.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ferryman.identity.model import Identity
from ferryman.limits.gcra import Rate
from ferryman.limits.model import Meter, Scope, Slot
from ferryman.settings.limits import LimitSettings, LimitSpec

__all__ = ["Plan", "Policy"]


@dataclass(frozen=True, slots=True)
class Plan:
    meters: tuple[Meter, ...]
    slots: tuple[Slot, ...]

    @property
    def empty(self) -> bool:
        return not self.meters and not self.slots

    @property
    def token_meters(self) -> tuple[Meter, ...]:
        return tuple(m for m in self.meters if m.kind == "tokens")


def _age(created: datetime) -> float:
    """Days since ``created``."""
    return (datetime.now(UTC) - created) / timedelta(days=1)


def _lower(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


class Policy:
    def __init__(self, settings: LimitSettings, pepper: bytes) -> None:
        self.settings = settings
        self._pepper = pepper

    def user_id(self, user: str) -> str:
        return hmac.new(self._pepper, user.encode(), hashlib.blake2b).hexdigest()[:32]

    def scopes(self, identity: Identity, user: str | None) -> list[tuple[Scope, str, LimitSpec]]:
        s = self.settings
        base = s.default
        new = s.new_keys
        created = identity.created_at
        if new is not None and created is not None and _age(created) < new.age_days:
            base = LimitSpec(
                rpm=_lower(new.rpm, base.rpm),
                tpm=_lower(new.tpm, base.tpm),
                concurrency=base.concurrency,
            )
        key = LimitSpec(
            rpm=identity.rpm or base.rpm,
            tpm=identity.tpm or base.tpm,
            concurrency=base.concurrency,
        )
        found: list[tuple[Scope, str, LimitSpec]] = [
            ("key", f"key:{identity.kind}:{identity.id}", key)
        ]
        if s.per_user is not None and user:
            found.append(
                ("user", f"user:{identity.kind}:{identity.id}:{self.user_id(user)}", s.per_user)
            )
        if s.per_team is not None and identity.team:
            found.append(("team", f"team:{identity.team}", s.per_team))
        env = s.per_environment.get(identity.environment or "")
        if env is not None:
            found.append(("environment", f"env:{identity.environment}", env))
        return found

    def plan(self, identity: Identity, user: str | None, tokens: int) -> Plan:
        burst = self.settings.burst
        meters: list[Meter] = []
        slots: list[Slot] = []
        for scope, ident, spec in self.scopes(identity, user):
            if spec.rpm:
                meters.append(Meter(f"{ident}:rpm", scope, "requests", Rate(spec.rpm, burst), 1))
            if spec.tpm:
                meters.append(Meter(f"{ident}:tpm", scope, "tokens", Rate(spec.tpm, burst), tokens))
            if spec.concurrency:
                slots.append(Slot(f"{ident}:conc", scope, spec.concurrency))
        return Plan(tuple(meters), tuple(slots))
