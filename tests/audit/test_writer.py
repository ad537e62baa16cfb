"""The batched writer: nothing accepted is lost; a full queue refuses new requests (503)."""

from __future__ import annotations

import asyncio

import pytest

from ferryman.audit.event import AuditEvent
from ferryman.audit.writer import AuditWriter
from ferryman.errors import ServiceUnavailable


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        request_id=f"r{i}", endpoint="chat", status=200, outcome="ok", latency_ms=1.0, bytes_in=1
    )


class Flaky:
    """Fails its first ``failures`` writes, then records everything."""

    name = "database"

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.events: list[AuditEvent] = []
        self.calls = 0

    async def write(self, events: list[AuditEvent]) -> None:
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("down")
        self.events.extend(events)

    async def close(self) -> None:
        return None


def test_events_are_batched_and_all_written() -> None:
    async def main() -> Flaky:
        sink = Flaky()
        w = AuditWriter([sink], batch_size=10, flush_interval_s=0.01)
        w.start()
        for i in range(95):
            await w.admit()
            w.emit(_event(i))
        assert await w.close() == 0
        return sink

    sink = asyncio.run(main())
    assert [e.request_id for e in sink.events] == [f"r{i}" for i in range(95)]
    assert sink.calls <= 20  # batched, not one write per event


def test_a_failing_sink_is_retried_and_others_are_not_written_twice() -> None:
    async def main() -> tuple[Flaky, Flaky]:
        good, flaky = Flaky(), Flaky(failures=3)
        flaky.name = "jsonl"
        w = AuditWriter([good, flaky], batch_size=5, flush_interval_s=0.01)
        w.start()
        for i in range(12):
            await w.admit()
            w.emit(_event(i))
        assert await w.close(timeout_s=10) == 0
        return good, flaky

    good, flaky = asyncio.run(main())
    assert len(good.events) == 12 and len(flaky.events) == 12


def test_a_full_queue_refuses_new_requests_instead_of_dropping() -> None:
    async def main() -> None:
        sink = Flaky(failures=10_000)  # a sink that stays down
        w = AuditWriter(
            [sink], queue_size=100, batch_size=10, flush_interval_s=0.01, admit_timeout_s=0.05
        )
        w.start()
        for i in range(100):
            await w.admit()
            w.emit(_event(i))
        with pytest.raises(ServiceUnavailable) as err:
            await w.admit()
        assert err.value.code == "audit_unavailable"
        assert w.depth == 100  # all kept
        assert await w.close(timeout_s=0.2) == 100  # reported, not silently dropped

    asyncio.run(main())


def test_closing_stops_admission() -> None:
    async def main() -> None:
        w = AuditWriter([Flaky()], flush_interval_s=0.01)
        w.start()
        await w.close()
        with pytest.raises(ServiceUnavailable):
            await w.admit()

    asyncio.run(main())
