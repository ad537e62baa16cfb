"""Observability: OpenTelemetry tracing of the stage chain (needs the ``otel`` extra)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from ferryman.settings.base import Section as _Section

__all__ = ["ObservabilitySettings", "TracingSettings"]


class TracingSettings(_Section):
    """A span per request and per stage hook, exported over OTLP/HTTP; metadata only."""

    enabled: Annotated[
        bool, Field(description="Export traces (needs `pip install 'ferryman[otel]'`).")
    ] = False
    endpoint: Annotated[
        str | None,
        Field(
            description="OTLP/HTTP base URL, e.g. http://collector:4318 (none: "
            "OTEL_EXPORTER_OTLP_ENDPOINT); headers come from OTEL_EXPORTER_OTLP_HEADERS."
        ),
    ] = None
    service_name: Annotated[
        str, Field(min_length=1, max_length=128, description="The service.name resource.")
    ] = "ferryman"
    sample_ratio: Annotated[
        float, Field(ge=0.0, le=1.0, description="Share of requests traced (1.0: all).")
    ] = 1.0

    @field_validator("endpoint")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("endpoint must be an absolute http(s) URL")
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ValueError(
                "endpoint must not carry credentials, a query or a fragment; "
                "put headers in OTEL_EXPORTER_OTLP_HEADERS"
            )
        return value.rstrip("/")


class ObservabilitySettings(_Section):
    """Telemetry beyond logs and /metrics."""

    tracing: Annotated[
        TracingSettings, Field(description="Spans per request and stage hook (below).")
    ] = TracingSettings()
