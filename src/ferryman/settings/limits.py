"""Rate, token and concurrency limits (``limits``): defaults, and limits per end user, team and
environment. A key's own ``rpm``/``tpm`` (``ferryman keys create --rpm``) override the default
for that key. Enforced by the ``limit`` stage (see ``ferryman.limits``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ferryman.settings.base import Section as _Section

__all__ = ["LimitSettings", "LimitSpec", "NewKeyLimits"]


class LimitSpec(_Section):
    """One set of limits; a field left out (null) is not limited."""

    rpm: Annotated[int | None, Field(ge=1, description="Requests per minute.")] = None
    tpm: Annotated[
        int | None,
        Field(ge=1, description="Tokens per minute (estimated before the call, then corrected)."),
    ] = None
    concurrency: Annotated[
        int | None, Field(ge=1, description="Requests in flight at the same time.")
    ] = None


class NewKeyLimits(_Section):
    """Limits of keys in their first days (a leaked or misconfigured new key burns less)."""

    age_days: Annotated[int, Field(ge=1, le=365, description="A key is new this long.")] = 7
    rpm: Annotated[int | None, Field(ge=1, description="Requests per minute.")] = 20
    tpm: Annotated[int | None, Field(ge=1, description="Tokens per minute.")] = 40_000


class LimitSettings(_Section):
    """Limits per key (``default``, overridden by a key's own rpm/tpm), per end user, per team
    and per environment. Every scope that applies must admit a request."""

    enabled: Annotated[
        bool,
        Field(
            description="Enforce limits; refusals are counted in "
            "`ferryman_rate_limited_total{scope}` (key, user, team, environment, concurrency)."
        ),
    ] = True
    default: Annotated[
        LimitSpec, Field(description="Per key (or other credential), unless the key says more.")
    ] = LimitSpec(rpm=60, tpm=100_000, concurrency=8)
    new_keys: Annotated[
        NewKeyLimits | None,
        Field(
            description="Stricter defaults for keys younger than age_days (the checklists: lower "
            "limits for new keys); a key's own rpm/tpm still win. null: off."
        ),
    ] = Field(default_factory=lambda: NewKeyLimits())
    per_user: Annotated[
        LimitSpec | None,
        Field(description="Per end user of a key (body `user`, or the `user_header`)."),
    ] = None
    per_team: Annotated[LimitSpec | None, Field(description="Per team (all its keys).")] = None
    per_environment: Annotated[
        dict[str, LimitSpec],
        Field(description="Per environment (all its keys), by environment name."),
    ] = Field(default_factory=dict)
    user_header: Annotated[
        str,
        Field(description="Request header naming the end user when the body has no `user`."),
    ] = "x-ferryman-user"
    burst: Annotated[
        float,
        Field(
            gt=0,
            le=1,
            description="Share of a minute's allowance a quiet caller may spend at once (GCRA "
            "burst); any 60 s admit at most (1 + burst) x the limit.",
        ),
    ] = 0.5
    backend: Annotated[
        Literal["auto", "memory", "redis"],
        Field(description="Where counters live: `auto` is redis when `cache.url` is set."),
    ] = "auto"
    redis_prefix: Annotated[
        str, Field(min_length=1, description="Prefix of every Redis key the limits use.")
    ] = "ferryman:limits:"
    lease_s: Annotated[
        float,
        Field(
            gt=0,
            description="A concurrency slot is freed after this long even if never released "
            "(a crashed instance leaks nothing).",
        ),
    ] = 600.0
    fail_open: Annotated[
        bool,
        Field(description="Admit requests when the Redis backend is unreachable (else 503)."),
    ] = False
