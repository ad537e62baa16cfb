"""The data-flow inventory: the declared map (``flows:``) beside what the audit trail shows.

"Map your data flows" is the checklist's single most effective control. The declared side says,
per flow, what may leave, to which provider and region, who answers for it and how long it is
kept; the observed side is read from request audit events (metadata only: which key sent which
entity types through which route to which provider, and what the policy did with each). Every
place where the two disagree is a :class:`Mismatch`.

A request belongs to the first flow whose bindings it matches: a flow with key bindings (``keys``
by name or prefix, ``teams``) needs the caller's key to match one, a flow with ``routes`` needs
the alias to be one; a flow with no bindings carries no traffic. A type *left* when its action
was ``allow`` and the request reached a provider; any other action means it was redacted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ferryman.detection.entities import GROUPS, DataClass, default_class
from ferryman.settings.flows import FlowSettings
from ferryman.settings.model import Settings
from ferryman.storage.audit_events import AuditEventStore, AuditQuery
from ferryman.storage.keys import KeyStore
from ferryman.transform.policy import compile_policy

__all__ = [
    "KINDS",
    "FlowInventory",
    "KeyRef",
    "Mismatch",
    "Observed",
    "build_inventory",
    "collect_inventory",
    "region_allowed",
]

#: every mismatch kind, in the order reports list them
KINDS: dict[str, str] = {
    "restricted_left": "a restricted type left in clear",
    "undeclared_type": "a type left in clear that the flow does not declare",
    "cross_border": "a provider region outside the flow's allowed regions",
    "undeclared_provider": "a provider the flow does not declare",
    "no_owner": "a flow without an owner",
    "no_retention": "a flow without a retention period",
    "unbound_key": "a key bound to no flow",
    "unbound_route": "a route (model alias) bound to no flow",
    "unmapped_traffic": "requests that match no flow",
}
UNMAPPED = "(no flow)"


@dataclass(frozen=True, slots=True)
class KeyRef:
    """What the inventory needs to know about a virtual key (never its secret)."""

    name: str
    prefix: str
    team: str | None = None
    environment: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class Mismatch:
    kind: str
    flow: str | None
    subject: str  # the type, provider, key or route concerned
    detail: str

    def public(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "flow": self.flow,
            "subject": self.subject,
            "detail": self.detail,
        }


@dataclass(slots=True)
class Observed:
    """Traffic of one flow, caller, route, provider and environment over the period."""

    flow: str | None
    caller: str  # key name, else prefix, else team, else identity kind
    key_prefix: str | None
    team: str | None
    alias: str | None
    provider: str | None
    region: str | None
    environment: str | None
    requests: int = 0
    first: datetime | None = None
    last: datetime | None = None
    left: Counter[str] = field(default_factory=Counter)  # type -> values that left in clear
    redacted: Counter[str] = field(default_factory=Counter)  # "TYPE:action" -> n
    answered: Counter[str] = field(default_factory=Counter)  # answer side: "TYPE:action" -> n
    classes: dict[str, DataClass] = field(default_factory=dict)  # class of each type that left

    def public(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "caller": self.caller,
            "key_prefix": self.key_prefix,
            "team": self.team,
            "route": self.alias,
            "provider": self.provider,
            "region": self.region,
            "environment": self.environment,
            "requests": self.requests,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "left": {
                t: {"count": n, "class": self.classes[t].value}
                for t, n in sorted(self.left.items())
            },
            "redacted": dict(sorted(self.redacted.items())),
            "answers": dict(sorted(self.answered.items())),
        }


@dataclass(slots=True)
class FlowInventory:
    since: datetime
    until: datetime
    declared: list[dict[str, Any]]
    observed: list[Observed]
    mismatches: list[Mismatch]

    def public(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "declared": self.declared,
            "observed": [o.public() for o in self.observed],
            "mismatches": [m.public() for m in self.mismatches],
            "summary": dict(Counter(m.kind for m in self.mismatches)),
        }


def region_allowed(region: str | None, allowed: Iterable[str]) -> bool:
    """``eu`` allows ``eu`` and ``eu-west-1``; an unknown region is never allowed."""
    if region is None:
        return False
    r = region.lower()
    return any(r == a.lower() or r.startswith(a.lower() + "-") for a in allowed)


def _declares(flow: FlowSettings, entity: str, cls: DataClass) -> bool:
    for item in flow.data:
        if item == entity or item == cls.value or entity in GROUPS.get(item, ()):
            return True
    return False


def _route_providers(settings: Settings, alias: str) -> list[str]:
    """The providers a route may reach: its own, then its fallbacks' (in order, once each)."""
    out: list[str] = []
    todo, seen = [alias], set()
    while todo:
        name = todo.pop(0)
        if name in seen or name not in settings.models:
            continue
        seen.add(name)
        route = settings.models[name]
        if route.provider not in out:
            out.append(route.provider)
        todo.extend(route.fallbacks)
    return out


def _matches(
    flow: FlowSettings, name: str | None, prefix: str | None, team: str | None, alias: str | None
) -> bool:
    keyed, routed = bool(flow.keys or flow.teams), bool(flow.routes)
    if not keyed and not routed:
        return False
    key_ok = (name in flow.keys or prefix in flow.keys) or (team is not None and team in flow.teams)
    return (not keyed or key_ok) and (not routed or alias in flow.routes)


class _Classes:
    """The class of a type under the policy an event names (``a+b``: the stricter of both)."""

    ORDER = (DataClass.PUBLIC, DataClass.INTERNAL, DataClass.SENSITIVE, DataClass.RESTRICTED)

    def __init__(self, settings: Settings) -> None:
        self._policies = {n: compile_policy(n, p).classes for n, p in settings.policies.items()}

    def of(self, entity: str, policy: str | None) -> DataClass:
        found = [
            self._policies[p].get(entity, default_class(entity))
            for p in (policy or "").split("+")
            if p in self._policies
        ]
        return max(found or [default_class(entity)], key=self.ORDER.index)


def _declared(settings: Settings, name: str, flow: FlowSettings) -> dict[str, Any]:
    region = {p: s.region for p, s in settings.providers.items()}
    reached = [p for a in flow.routes for p in _route_providers(settings, a)]
    return {
        "name": name,
        **flow.model_dump(mode="json"),
        "endpoints": [
            {"provider": p, "region": region.get(p)}
            for p in dict.fromkeys(flow.providers + reached)
        ],
    }


def _declared_mismatches(settings: Settings, name: str, flow: FlowSettings) -> list[Mismatch]:
    out: list[Mismatch] = []
    if not flow.owner:
        out.append(Mismatch("no_owner", name, name, "no owner declared"))
    if flow.retention_days is None:
        out.append(Mismatch("no_retention", name, name, "no retention_days declared"))
    reached = {p: a for a in flow.routes for p in _route_providers(settings, a)}
    for provider, alias in reached.items():
        if provider not in flow.providers:
            detail = f"reached by route {alias}, not in providers"
            out.append(Mismatch("undeclared_provider", name, provider, detail))
    for provider in dict.fromkeys([*flow.providers, *reached]):
        out.extend(_region_check(settings, name, flow, provider))
    return out


def _region_check(
    settings: Settings, name: str, flow: FlowSettings, provider: str
) -> list[Mismatch]:
    if not flow.regions:
        return []
    spec = settings.providers.get(provider)
    region = spec.region if spec is not None else None
    if region_allowed(region, flow.regions):
        return []
    where = f"region {region}" if region else "no region configured"
    allowed = ", ".join(flow.regions)
    return [Mismatch("cross_border", name, provider, f"{where}; allowed: {allowed}")]


def _split(redactions: Mapping[str, int] | None) -> tuple[dict[str, int], dict[str, int]]:
    request: dict[str, int] = {}
    answer: dict[str, int] = {}
    for label, n in (redactions or {}).items():
        parts = label.split(":")
        if len(parts) == 2:
            request[label] = request.get(label, 0) + int(n)
        elif len(parts) == 3 and parts[2] == "response":
            key = f"{parts[0]}:{parts[1]}"
            answer[key] = answer.get(key, 0) + int(n)
    return request, answer


def _observe(settings: Settings, events: Iterable[Mapping[str, Any]]) -> list[Observed]:
    rows: dict[tuple[Any, ...], Observed] = {}
    classes = _Classes(settings)
    for e in events:
        provider = e.get("provider")
        if provider is None and not e.get("redactions"):
            continue  # refused before anything was inspected (auth, malformed): nothing to map
        name, prefix, team, alias = (e.get(k) for k in ("key_name", "key_prefix", "team", "alias"))
        flow = next(
            (n for n, f in settings.flows.items() if _matches(f, name, prefix, team, alias)), None
        )
        caller = name or prefix or team or str(e.get("identity_kind") or "-")
        ident = (flow, caller, prefix, team, alias, provider, e.get("environment"))
        row = rows.get(ident)
        if row is None:
            spec = settings.providers.get(provider) if provider else None
            region = spec.region if spec else None
            env = e.get("environment")
            row = rows[ident] = Observed(flow, caller, prefix, team, alias, provider, region, env)
        ts = e.get("ts")
        if isinstance(ts, datetime):
            row.first = ts if row.first is None else min(row.first, ts)
            row.last = ts if row.last is None else max(row.last, ts)
        row.requests += 1
        request, answer = _split(e.get("redactions"))
        for label, n in request.items():
            entity, action = label.split(":")
            if action != "allow":
                row.redacted[label] += n
            elif provider is not None:  # a blocked request sent nothing
                row.left[entity] += n
                cls = classes.of(entity, e.get("policy"))
                old = row.classes.get(entity, DataClass.PUBLIC)
                row.classes[entity] = max(old, cls, key=_Classes.ORDER.index)
        row.answered.update(answer)
    return sorted(
        rows.values(), key=lambda o: (o.flow or "~", o.caller, o.alias or "", o.provider or "")
    )


def _observed_mismatches(settings: Settings, rows: list[Observed]) -> list[Mismatch]:
    out: list[Mismatch] = []
    for row in rows:
        where = f"{row.caller} via {row.alias or '-'} to {row.provider or '-'}"
        for entity, n in row.left.items():
            cls = row.classes.get(entity, default_class(entity))
            if cls is DataClass.RESTRICTED:
                out.append(
                    Mismatch(
                        "restricted_left",
                        row.flow,
                        entity,
                        f"{n} restricted value(s) left in clear: {where}",
                    )
                )
            flow = settings.flows.get(row.flow) if row.flow else None
            if flow is not None and not _declares(flow, entity, cls):
                out.append(
                    Mismatch(
                        "undeclared_type",
                        row.flow,
                        entity,
                        f"{n} {cls.value} value(s) left, not declared: {where}",
                    )
                )
        if row.flow is None:
            out.append(
                Mismatch("unmapped_traffic", None, row.caller, f"{row.requests} request(s) {where}")
            )
            continue
        flow = settings.flows[row.flow]
        if row.provider is not None:
            if row.provider not in flow.providers:
                out.append(
                    Mismatch("undeclared_provider", row.flow, row.provider, f"observed: {where}")
                )
            out.extend(_region_check(settings, row.flow, flow, row.provider))
    return out


def _binding_mismatches(settings: Settings, keys: Iterable[KeyRef]) -> list[Mismatch]:
    out: list[Mismatch] = []
    flows = settings.flows.values()
    for key in keys:
        if not any(
            key.name in f.keys or key.prefix in f.keys or key.team in f.teams for f in flows
        ):
            team = f", team {key.team}" if key.team else ""
            out.append(
                Mismatch(
                    "unbound_key",
                    None,
                    key.name,
                    f"key {key.prefix} ({key.environment or '-'}{team})",
                )
            )
    bound = {a for f in flows for a in f.routes}
    for alias, route in settings.models.items():
        if alias not in bound:
            out.append(
                Mismatch("unbound_route", None, alias, f"route to {route.provider}/{route.model}")
            )
    return out


def build_inventory(
    settings: Settings,
    events: Iterable[Mapping[str, Any]],
    keys: Iterable[KeyRef],
    *,
    since: datetime,
    until: datetime,
) -> FlowInventory:
    """The inventory from values: the settings, the period's audit events and the keys."""
    declared = [_declared(settings, n, f) for n, f in settings.flows.items()]
    observed = _observe(settings, events)
    found: list[Mismatch] = []
    for name, flow in settings.flows.items():
        found += _declared_mismatches(settings, name, flow)
    found += _observed_mismatches(settings, observed)
    found += _binding_mismatches(settings, keys)
    order = list(KINDS)
    unique = sorted(
        set(found), key=lambda m: (order.index(m.kind), m.flow or "", m.subject, m.detail)
    )
    return FlowInventory(since, until, declared, observed, unique)


async def collect_inventory(
    settings: Settings,
    events: AuditEventStore,
    keys: KeyStore,
    *,
    since: datetime,
    until: datetime,
) -> FlowInventory:
    """Read the period's events and the active keys from the database, then build."""
    rows = [e async for e in events.stream(AuditQuery(since=since, until=until))]
    refs = [KeyRef(k.name, k.prefix, k.team, k.environment) for k in await keys.list(limit=100_000)]
    return build_inventory(settings, rows, refs, since=since, until=until)
