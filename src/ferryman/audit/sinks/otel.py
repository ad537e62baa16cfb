"""The OpenTelemetry sink: each audit event as an OTLP log record (needs the ``otel`` extra).

The record's body is the constant ``ferryman.request``; its attributes are the event's fields
under a ``ferryman.`` prefix (None left out, dicts and lists as JSON strings) - the closed
metadata record, nothing more. The endpoint and headers come from the standard variables
(``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``..._LOGS_ENDPOINT``, ``OTEL_EXPORTER_OTLP_HEADERS`` ...)
unless a base URL is given.

:meth:`OtelSink.write` only hands records to the SDK's batch processor (a queue; its own thread
exports them), so it never blocks the event loop; :meth:`OtelSink.close` flushes and stops that
thread off the loop. Delivery is the SDK's: best effort, a record it cannot export after its
retries is dropped - keep the database or JSON lines sink as the trail of record.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import orjson

from ferryman.audit.event import AuditEvent
from ferryman.errors import ConfigError

if TYPE_CHECKING:
    from opentelemetry.sdk._logs import LoggerProvider
    from opentelemetry.util.types import AttributeValue

__all__ = ["BODY", "OtelSink", "attributes"]

#: the body of every record (the attributes carry the event)
BODY = "ferryman.request"


def attributes(event: AuditEvent) -> dict[str, AttributeValue]:
    """The event's fields as OTel attributes: ``ferryman.<field>``; None left out."""
    out: dict[str, AttributeValue] = {}
    for key, value in event.to_json().items():
        if value is None:
            continue
        if isinstance(value, dict | list):
            out[f"ferryman.{key}"] = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        else:
            out[f"ferryman.{key}"] = value
    return out


class OtelSink:
    name = "otel"

    def __init__(self, endpoint: str | None = None, *, service_name: str = "ferryman") -> None:
        try:
            from opentelemetry._logs import SeverityNumber
            from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
            from opentelemetry.sdk._logs import LoggerProvider
            from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
            from opentelemetry.sdk.resources import Resource
        except ImportError:
            raise ConfigError("audit.sinks: otel needs `pip install 'ferryman[otel]'`") from None
        self._severity = SeverityNumber.INFO
        self.provider: LoggerProvider = LoggerProvider(
            resource=Resource.create({"service.name": service_name}), shutdown_on_exit=False
        )
        exporter = OTLPLogExporter(endpoint=f"{endpoint.rstrip('/')}/v1/logs" if endpoint else None)
        self.provider.add_log_record_processor(BatchLogRecordProcessor(exporter))
        self._logger = self.provider.get_logger("ferryman.audit")

    async def write(self, events: list[AuditEvent]) -> None:
        for event in events:
            self._logger.emit(
                timestamp=int(event.ts.timestamp() * 1_000_000) * 1000,
                severity_number=self._severity,
                severity_text="INFO",
                body=BODY,
                attributes=attributes(event),
                event_name=BODY,
            )

    async def close(self) -> None:
        await asyncio.to_thread(self._flush_and_stop)

    def _flush_and_stop(self) -> None:
        self.provider.force_flush()
        self.provider.shutdown()
