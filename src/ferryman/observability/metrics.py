"""Prometheus metrics with closed label sets: a label value is always one of a fixed list, never
a caller-supplied string (no key, alias, path or content can reach a metric label).

With several worker processes, ``ferryman serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh
folder so every worker writes its samples there and ``/metrics`` on any worker reports the sum.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
)

__all__ = ["AUTH_FAILURES", "AUTH_REASONS", "CONTENT_TYPE", "REQUESTS", "render", "status_class"]

CONTENT_TYPE = CONTENT_TYPE_LATEST

AUTH_REASONS = (
    "missing",
    "malformed",
    "unknown",
    "revoked",
    "expired",
    "rotated",
    "token",
    "unmapped_certificate",
    "jwt",
    "throttled",
)
_ENDPOINTS = ("chat", "embeddings", "messages", "models", "admin", "health", "other")
_STATUS = ("2xx", "3xx", "4xx", "5xx")

AUTH_FAILURES = Counter(
    "ferryman_auth_failures_total", "Authentication failures by reason.", ["reason"]
)
REQUESTS = Counter(
    "ferryman_requests_total", "Requests by endpoint and status class.", ["endpoint", "status"]
)
REDACTIONS = Counter(
    "ferryman_redactions_total",
    "Findings acted on, by direction (request/response), entity type and action.",
    ["direction", "type", "action"],
)
BLOCKS = Counter(
    "ferryman_blocked_total", "Requests or answers refused by a data policy.", ["reason"]
)
AUDIT_QUEUE = Gauge(
    "ferryman_audit_queue_depth",
    "Audit events accepted but not yet written.",
    multiprocess_mode="livesum",
)
AUDIT_REFUSED = Counter(
    "ferryman_audit_refused_total",
    "Requests refused (503) because the audit queue stayed full: events are never dropped.",
)
AUDIT_SINK_ERRORS = Counter(
    "ferryman_audit_sink_errors_total", "Failed audit sink writes (retried).", ["sink"]
)
for _sink in ("database", "jsonl", "otel"):
    AUDIT_SINK_ERRORS.labels(_sink)
BLOCK_REASONS = ("restricted_data", "non_text", "response_data")
for _reason in BLOCK_REASONS:
    BLOCKS.labels(_reason)
for _reason in AUTH_REASONS:
    AUTH_FAILURES.labels(_reason)
for _endpoint in _ENDPOINTS:
    for _status in _STATUS:
        REQUESTS.labels(_endpoint, _status)


def endpoint_label(path: str) -> str:
    if path.endswith("/chat/completions"):
        return "chat"
    for name in ("embeddings", "messages", "models"):
        if path.endswith(f"/{name}") or f"/{name}/" in path:
            return name
    if path.startswith("/admin"):
        return "admin"
    if path in ("/healthz", "/readyz", "/metrics"):
        return "health"
    return "other"


def status_class(status: int) -> str:
    return f"{min(max(status // 100, 2), 5)}xx"


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return bytes(generate_latest(registry))
    return bytes(generate_latest())
