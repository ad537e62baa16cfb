"""Process-wide services that outlive a config reload: the database and the stores on it.

A reload rebuilds providers, routes and the stage chain (``runtime.py``); the database connection
pool and the key store stay. Changing ``storage.url`` needs a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ferryman.audit.sinks.database import DatabaseSink
from ferryman.audit.sinks.jsonl import JsonlSink
from ferryman.audit.writer import AuditWriter, Sink
from ferryman.crypto.envelope import Envelope
from ferryman.crypto.factory import build_key_provider
from ferryman.identity.killswitch import KillSwitches
from ferryman.identity.secrets import pepper_of
from ferryman.identity.suspension import Suspensions
from ferryman.observability.monitor import Monitor
from ferryman.settings.model import AuditSettings, Settings
from ferryman.storage.admin_events import AdminEventStore
from ferryman.storage.audit_events import AuditEventStore
from ferryman.storage.database import Database
from ferryman.storage.keys import KeyStore
from ferryman.storage.kill_switches import KillSwitchStore
from ferryman.storage.redis import build_redis
from ferryman.storage.sealed import SealedStore
from ferryman.storage.tokens import TokenStore
from ferryman.util.tasks import spawn

__all__ = ["Services", "by_env_days"]


def by_env_days(audit: AuditSettings) -> list[int]:
    return list(audit.retention_by_environment.values())


log = logging.getLogger("ferryman.services")

_TOUCH_EVERY_S = 5.0
_RETENTION_EVERY_S = 6 * 3600.0


class Services:
    def __init__(self, settings: Settings) -> None:
        self.db = Database(settings.storage.url)
        peppered = pepper_of(settings)
        self.keys = KeyStore(self.db.engine, peppered)
        self.tokens = TokenStore(self.db.engine, peppered)
        self.admin_events = AdminEventStore(self.db.engine)
        self.key_provider = build_key_provider(settings.encryption)
        self.sealed = SealedStore(self.db.engine, Envelope(self.key_provider))
        self._flusher: asyncio.Task[None] | None = None
        self._retention: asyncio.Task[None] | None = None
        self.audit_settings = settings.audit
        self.retention_days = settings.audit.retention_days
        self.audit_events = AuditEventStore(self.db.engine)
        self.jsonl: JsonlSink | None = None
        self.redis = build_redis(settings)  # shared state across instances (None: per process)
        self.kill_switches = KillSwitches(KillSwitchStore(self.db.engine))
        self.suspensions = Suspensions()  # outlives reloads: a suspension survives SIGHUP
        self.monitor = Monitor(
            settings.alerts,
            providers=settings.providers,
            audit_queue_size=settings.audit.queue_size,
        )
        self.audit = AuditWriter(
            self._sinks(settings),
            queue_size=settings.audit.queue_size,
            batch_size=settings.audit.batch_size,
            flush_interval_s=settings.audit.flush_interval_ms / 1000,
            admit_timeout_s=settings.audit.admit_timeout_s,
        )

    def _sinks(self, settings: Settings) -> list[Sink]:
        sinks: list[Sink] = []
        for name in settings.audit.sinks:
            if name == "database":
                sinks.append(DatabaseSink(self.audit_events))
            elif name == "jsonl":
                self.jsonl = JsonlSink(settings.audit.jsonl.path)
                sinks.append(self.jsonl)
            elif name == "otel":
                from ferryman.audit.sinks.otel import OtelSink

                sinks.append(OtelSink())
        return sinks

    async def start(self, take_used: Callable[[], list[tuple[str, datetime]]]) -> None:
        await self.db.migrate()
        self.audit.start()
        await self.kill_switches.refresh()  # engaged switches hold from the first request
        self.kill_switches.start()
        self.monitor.start()
        self._take_used = take_used
        self._flusher = spawn(self._flush_loop(), name="ferryman-key-last-used")
        self._retention = spawn(self._retention_loop(), name="ferryman-retention")

    async def _retention_loop(self) -> None:
        while True:
            await self.purge_expired()
            await asyncio.sleep(_RETENTION_EVERY_S)

    async def purge_expired(self) -> int:
        """Apply the retention: request events (per environment), JSON lines files, the admin
        trail, expired sealed records."""
        now = datetime.now(UTC)
        cutoff = now - timedelta(days=self.retention_days)
        audit = self.audit_settings
        by_env = {
            env: now - timedelta(days=days) for env, days in audit.retention_by_environment.items()
        }
        try:
            purged = await self.admin_events.purge(cutoff)
            purged += await self.audit_events.purge(by_env, cutoff)
            if self.jsonl is not None:
                days = audit.jsonl.retention_days or max(
                    [audit.retention_days, *by_env_days(audit)]
                )
                purged += await asyncio.to_thread(self.jsonl.purge, days)
            purged += await self.sealed.purge_expired()
        except Exception as exc:
            log.warning("retention purge failed", extra={"code": type(exc).__name__})
            return 0
        if purged:
            log.info("retention purge", extra={"status": purged})
        return purged

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(_TOUCH_EVERY_S)
            await self.flush_used()

    async def flush_used(self) -> None:
        """Write keys' last-used times in one batch, off the request path."""
        used = self._take_used()
        if not used:
            return
        try:
            await self.keys.touch(used)
        except Exception as exc:  # a lost last-used stamp is not worth failing anything for
            log.warning("could not record key usage", extra={"code": type(exc).__name__})

    async def aclose(self) -> None:
        await self.audit.close(timeout_s=30.0)  # every accepted event, before the pool closes
        await self.kill_switches.aclose()
        await self.monitor.aclose()
        if self._retention is not None:
            self._retention.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retention
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            await self.flush_used()
        await self.key_provider.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.aclose()
