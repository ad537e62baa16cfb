"""The routing table: model alias -> ordered targets (the alias's provider, then its fallbacks).

Built once per configuration. Providers that are disabled (``enabled: false``, or ``optional`` with
a missing secret) are left out of every chain, so the example config serves ``gpt-4o-mini`` from
OpenAI when ``OPENAI_API_KEY`` is set and from the demo provider when it is not. An alias whose
chain is empty is not served at all (unknown model, 404): deny by default.

A route with its own ``timeouts`` gets its provider scoped to them (same pool and keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from ferryman.settings.model import Settings
from ferryman.upstream.providers import Provider

__all__ = ["ANY", "RouteTable", "Target"]

ANY = object()  # resolve() without an environment filter


def _open_to(environments: frozenset[str] | None, environment: object) -> bool:
    return environments is None or environment in environments


@dataclass(frozen=True, slots=True)
class Target:
    alias: str
    provider: Provider
    model: str
    policy: str | None = None  # the route's data policy (models.<alias>.policy)


class RouteTable:
    def __init__(self, settings: Settings, providers: dict[str, Provider]) -> None:
        self._chains: dict[str, tuple[Target, ...]] = {}
        self._descriptions: dict[str, str | None] = {}
        self._mtls = {alias for alias, route in settings.models.items() if route.require_mtls}
        self._policies = {alias: route.policy for alias, route in settings.models.items()}
        for alias in settings.models:
            chain = tuple(self._flatten(settings, providers, alias))
            if chain:
                self._chains[alias] = chain
                self._descriptions[alias] = settings.models[alias].description

    @staticmethod
    def _flatten(settings: Settings, providers: dict[str, Provider], alias: str) -> list[Target]:
        out: list[Target] = []
        seen: set[str] = set()
        todo = [alias]
        while todo:  # depth-first, in declared order, each alias once (cycles are harmless)
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            route = settings.models[current]
            provider = providers.get(route.provider)
            if provider is not None:
                if route.timeouts is not None:
                    provider = provider.scoped(route.timeouts)
                out.append(Target(current, provider, route.model, route.policy))
            todo[0:0] = route.fallbacks
        return out

    def resolve(
        self, alias: str, environment: str | object | None = ANY
    ) -> tuple[Target, ...] | None:
        """The alias's targets; with ``environment``, only providers open to it (an identity
        without an environment gets only providers not reserved to any)."""
        chain = self._chains.get(alias)
        if chain is None or environment is ANY:
            return chain
        return tuple(t for t in chain if _open_to(t.provider.environments, environment))

    def policy(self, alias: str) -> str | None:
        """The data policy the alias's route names (None: the caller's own only)."""
        return self._policies.get(alias)

    def requires_mtls(self, alias: str) -> bool:
        return alias in self._mtls

    def aliases(self) -> list[str]:
        return list(self._chains)

    def description(self, alias: str) -> str | None:
        return self._descriptions.get(alias)
