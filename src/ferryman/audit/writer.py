"""The batched audit writer: events leave the request path through a bounded queue.

Admission control instead of dropping: a request reserves its event's place in the queue before
it runs (:meth:`AuditWriter.admit`), so every accepted request is guaranteed room for its event.
When the sinks fall behind (a database down) and the queue is full, new requests wait up to
``admit_timeout_s`` for room and are then refused with 503 ``audit_unavailable`` - the gateway
stops taking traffic it could not account for, and never drops an event it has accepted.

A background task writes batches (``batch_size`` events or every ``flush_interval_ms``) to every
sink; a sink that fails is retried with backoff, and a batch leaves the queue only when every sink
has it (sinks that already succeeded are not written twice). :meth:`close` (on SIGTERM, after the
server stopped accepting) flushes every queued event before the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from typing import Protocol

from ferryman.audit.event import AuditEvent
from ferryman.errors import ServiceUnavailable
from ferryman.observability.metrics import AUDIT_QUEUE, AUDIT_REFUSED, AUDIT_SINK_ERRORS
from ferryman.util.tasks import spawn

__all__ = ["AuditWriter", "Sink"]

log = logging.getLogger("ferryman.audit")

_MAX_BACKOFF_S = 5.0


class Sink(Protocol):
    name: str

    async def write(self, events: list[AuditEvent]) -> None: ...

    async def close(self) -> None: ...


class AuditWriter:
    def __init__(
        self,
        sinks: list[Sink],
        *,
        queue_size: int = 10_000,
        batch_size: int = 500,
        flush_interval_s: float = 0.2,
        admit_timeout_s: float = 2.0,
    ) -> None:
        self.sinks = sinks
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s
        self.admit_timeout_s = admit_timeout_s
        self._slots = asyncio.Semaphore(queue_size)
        self._queue: deque[AuditEvent] = deque()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.written = 0

    @property
    def depth(self) -> int:
        return len(self._queue)

    def start(self) -> None:
        if self._task is None and self.sinks:
            self._task = spawn(self._run(), name="ferryman-audit-writer")

    async def admit(self) -> None:
        """Reserve room for one event; 503 when the trail cannot take more (fail closed)."""
        if self._closing:
            raise ServiceUnavailable("the gateway is shutting down", code="shutting_down")
        if not self._slots.locked():
            await self._slots.acquire()  # immediate: a permit is free
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), self.admit_timeout_s)
        except TimeoutError:
            AUDIT_REFUSED.inc()
            raise ServiceUnavailable(
                "the audit trail cannot keep up; request refused rather than unaccounted",
                code="audit_unavailable",
                headers={"retry-after": "1"},
            ) from None

    def emit(self, event: AuditEvent) -> None:
        """Queue the event of an admitted request (never blocks, never drops)."""
        if not self.sinks:
            self._slots.release()
            return
        self._queue.append(event)
        AUDIT_QUEUE.set(len(self._queue))
        if len(self._queue) >= self.batch_size:
            self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.flush_interval_s)
            self._wake.clear()
            await self._drain_once()
            if self._closing and not self._queue:
                return

    async def _drain_once(self) -> None:
        while self._queue:
            batch = [self._queue[i] for i in range(min(self.batch_size, len(self._queue)))]
            await self._deliver(batch)
            for _ in batch:
                self._queue.popleft()
                self._slots.release()
            self.written += len(batch)
            AUDIT_QUEUE.set(len(self._queue))

    async def _deliver(self, batch: list[AuditEvent]) -> None:
        pending = list(self.sinks)
        backoff = 0.05
        while pending:
            failed = []
            for sink in pending:
                try:
                    await sink.write(batch)
                except Exception as exc:  # a sink is down: keep the batch, retry it later
                    AUDIT_SINK_ERRORS.labels(sink.name).inc()
                    log.warning(
                        "audit sink write failed; retrying",
                        extra={"code": type(exc).__name__, "action": sink.name},
                    )
                    failed.append(sink)
            pending = failed
            if pending:
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_S)

    async def close(self, timeout_s: float = 30.0) -> int:
        """Stop admitting, write every queued event (bounded by ``timeout_s``); return how many
        events could not be written (0 unless a sink stayed down until the deadline)."""
        self._closing = True
        self._wake.set()
        deadline = time.monotonic() + timeout_s
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout_s)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
        elif self._queue:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drain_once(), max(deadline - time.monotonic(), 0))
        left = len(self._queue)
        if left:
            log.error("audit events could not be written before exit", extra={"status": left})
        for sink in self.sinks:
            with contextlib.suppress(Exception):
                await sink.close()
        return left
