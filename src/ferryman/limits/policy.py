"""Which limits apply to a request: the scopes (key, end user, team, environment) and their
meters and slots, from the settings and the caller's identity.

A key's own ``rpm``/``tpm`` replace the default for that key. An end user is counted per key
(the ``user`` an application sends is its own name space) and only under a keyed hash: no user
id reaches Redis.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
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
    token_meters: tuple[Meter, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "token_meters", tuple(m for m in self.meters if m.kind == "tokens")
        )

    @property
    def empty(self) -> bool:
        return not self.meters and not self.slots


# One caller's limits, built once: request meters and slots are reused as they are; a token
# meter (its cost is the request's estimate) is (key, scope, rate) until the request is known.
_Entry = Meter | tuple[str, Scope, Rate]
_TEMPLATES = 4096  # callers remembered (the cache is emptied when it is full)


def _age(created: datetime) -> float:
    """Days since ``created``."""
    return (datetime.now(UTC) - created) / timedelta(days=1)


def _lower(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


class Policy:
    def __init__(self, settings: LimitSettings, pepper: bytes) -> None:
        self.settings = settings
        self._pepper = pepper
        # (id(identity), young) -> (identity, entries, slots) for requests without an end user
        # (end user ids are not kept); the identity is held so its id cannot be reused while
        # the entry lives (identities are immutable)
        self._templates: dict[
            tuple[int, bool], tuple[Identity, tuple[_Entry, ...], tuple[Slot, ...]]
        ] = {}

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
        new = self.settings.new_keys
        created = identity.created_at
        young = new is not None and created is not None and _age(created) < new.age_days
        if user is None or self.settings.per_user is None:
            key = (id(identity), young)
            hit = self._templates.get(key)
            if hit is None or hit[0] is not identity:
                if len(self._templates) >= _TEMPLATES:
                    self._templates.clear()
                hit = self._templates[key] = (identity, *self._template(identity, None))
            _, entries, slots = hit
        else:
            entries, slots = self._template(identity, user)
        meters = tuple(
            e if isinstance(e, Meter) else Meter(e[0], e[1], "tokens", e[2], tokens)
            for e in entries
        )
        return Plan(meters, slots)

    def _template(
        self, identity: Identity, user: str | None
    ) -> tuple[tuple[_Entry, ...], tuple[Slot, ...]]:
        burst = self.settings.burst
        entries: list[_Entry] = []
        slots: list[Slot] = []
        for scope, ident, spec in self.scopes(identity, user):
            if spec.rpm:
                entries.append(Meter(f"{ident}:rpm", scope, "requests", Rate(spec.rpm, burst), 1))
            if spec.tpm:
                entries.append((f"{ident}:tpm", scope, Rate(spec.tpm, burst)))
            if spec.concurrency:
                slots.append(Slot(f"{ident}:conc", scope, spec.concurrency))
        return tuple(entries), tuple(slots)
