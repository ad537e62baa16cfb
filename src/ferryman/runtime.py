"""Runtime: everything built from one configuration - providers, routing table, stage chain.

The app holds one runtime at a time. A reload (SIGHUP) builds a new runtime from the re-read config
and secrets, swaps it in atomically, and closes the old one only once the requests that started on
it have finished (bounded by ``server.shutdown_grace_s``): no in-flight request is dropped.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

from ferryman.audit.recorder import Recorder
from ferryman.budgets.ledger import Ledger
from ferryman.core.chain import Chain
from ferryman.identity.authenticator import Authenticator
from ferryman.identity.jwt import JwtVerifier
from ferryman.identity.secrets import pepper_of
from ferryman.limits import build_limiter
from ferryman.observability.tracing import build_tracing
from ferryman.pipeline import default_chain
from ferryman.pipeline.budget import Budget
from ferryman.pipeline.idempotency import Idempotency
from ferryman.pipeline.limit import Limit
from ferryman.services import Services
from ferryman.settings.model import Settings
from ferryman.transform.inspector import Inspector
from ferryman.upstream.dispatch import Dispatcher
from ferryman.upstream.keys import alert_on_refused
from ferryman.upstream.providers import Provider, build_provider
from ferryman.upstream.routes import RouteTable

__all__ = ["Runtime"]

log = logging.getLogger("ferryman.runtime")


class Runtime:
    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        auth = settings.auth
        self.jwt = JwtVerifier(auth.jwt, auth.environments) if auth.jwt else None
        self.auth = Authenticator(
            services.keys,
            cache_ttl_s=auth.key_cache_ttl_s,
            max_failures_per_minute=auth.max_failures_per_minute,
            admin_key=os.environ.get("FERRYMAN_ADMIN_KEY") or None,
            jwt=self.jwt,
            mtls=auth.mtls,
            tokens=services.tokens,
        )
        key_refused = alert_on_refused(services.monitor)
        self.providers: dict[str, Provider] = {
            name: build_provider(name, spec, on_key_refused=key_refused)
            for name, spec in settings.providers.items()
            if spec.enabled
        }
        self.dispatcher = Dispatcher.of(settings, services.redis)
        self.routes = RouteTable(settings, self.providers)
        pepper = pepper_of(settings)
        self.inspector = Inspector(settings, pepper, services.sealed)
        self.recorder = Recorder(settings.audit, pepper)
        self.tracing = build_tracing(settings.observability.tracing, settings.models)
        self.budgets = Ledger(services.db.engine)
        self.chain: Chain = default_chain(
            settings,
            self.routes,
            self.auth,
            self.inspector,
            services.suspensions,
            wrap=self.tracing,
            limit=Limit(settings.limits, build_limiter(settings.limits, services.redis), pepper),
            budget=Budget(settings.budgets, self.budgets, services.monitor),
            idempotency=Idempotency(pepper, services.sealed, services.redis),
            dispatcher=self.dispatcher,
            kill_switches=services.kill_switches,
        )
        self.inflight = 0
        self.started = False

    async def start(self) -> None:
        for provider in self.providers.values():
            await provider.start()
        self.started = True
        demo = sorted(n for n, p in self.providers.items() if p.is_demo)
        log.info(
            "runtime ready",
            extra={"providers": sorted(self.providers), "aliases": self.routes.aliases()},
        )
        recognizers = self.inspector.redactor.engine.recognizers
        log.info(
            "data protection ready",
            extra={
                "policies": sorted({"default", *self.inspector.policies}),
                "entity_types": len(self.inspector.redactor.engine.types),
                "recognizers": [r.name for r in recognizers],
            },
        )
        if demo:
            log.warning(
                "DEMO provider enabled: its aliases answer with a local echo, not an AI model",
                extra={"demo": demo},
            )

    def longest_request_s(self) -> float:
        """The longest a request may still run on this runtime (its providers' total timeout)."""
        totals = [spec.timeouts.total for spec in self.settings.providers.values() if spec.enabled]
        return max([self.settings.server.shutdown_grace_s, *totals])

    async def aclose(self, *, grace: float = 0.0) -> None:
        """Close provider pools once in-flight requests are done (or ``grace`` seconds passed)."""
        deadline = time.monotonic() + grace
        while self.inflight > 0 and time.monotonic() < deadline:  # noqa: ASYNC110 - a counter, polled
            await asyncio.sleep(0.05)
        for provider in self.providers.values():
            await provider.aclose()
        await self.budgets.drain()  # settlements of streams that ended
        if self.jwt is not None:
            await self.jwt.aclose()
        if self.tracing is not None:
            await self.tracing.aclose()
        self.started = False
