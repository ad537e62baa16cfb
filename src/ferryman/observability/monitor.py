"""Request monitoring: metrics and alerts derived from each finished request's audit event.

One place observes every request (the handler calls :meth:`Monitor.observe` with the event it
emits), so metrics and alert rules see exactly what the audit trail records - metadata only.
``observe`` is synchronous and cheap (no I/O); alert delivery runs in a background task.
"""

from __future__ import annotations

from ferryman.audit.event import AuditEvent

__all__ = ["Monitor"]


class Monitor:
    def observe(self, event: AuditEvent) -> None:
        """Record one finished request."""

    def start(self) -> None:
        """Start background work (alert evaluation and delivery)."""

    async def aclose(self) -> None:
        """Stop background work, delivering pending alerts."""
