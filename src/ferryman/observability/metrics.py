"""Prometheus metrics with closed label sets: a label value is always one of a fixed list, never
a caller-supplied string (no key, alias, path or content can reach a metric label).

With several worker processes, ``ferryman serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh
folder so every worker writes its samples there and ``/metrics`` on any worker reports the sum.
"""

from __future__ import annotations

import os
from typing import Self

import prometheus_client
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess

__all__ = ["AUTH_FAILURES", "AUTH_REASONS", "CONTENT_TYPE", "REQUESTS", "render", "status_class"]

CONTENT_TYPE = CONTENT_TYPE_LATEST


# ``labels()`` validates, stringifies and locks on every call (~12 calls per request). Every label
# value here comes from a closed list of strings, so a child that exists is found by one dict
# read of the metric's own table; the first use of a label set (or anything unusual: keyword
# labels, non-string values, a metric without labels) takes prometheus_client's path.
class Counter(prometheus_client.Counter):
    def labels(self, *labelvalues: object, **labelkwargs: object) -> Self:
        child = None if labelkwargs else getattr(self, "_metrics", {}).get(labelvalues)
        return child if child is not None else super().labels(*labelvalues, **labelkwargs)


class Gauge(prometheus_client.Gauge):
    def labels(self, *labelvalues: object, **labelkwargs: object) -> Self:
        child = None if labelkwargs else getattr(self, "_metrics", {}).get(labelvalues)
        return child if child is not None else super().labels(*labelvalues, **labelkwargs)


class Histogram(prometheus_client.Histogram):
    def labels(self, *labelvalues: object, **labelkwargs: object) -> Self:
        child = None if labelkwargs else getattr(self, "_metrics", {}).get(labelvalues)
        return child if child is not None else super().labels(*labelvalues, **labelkwargs)


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
INJECTIONS = Counter(
    "ferryman_injections_total",
    "Prompt-injection detections by the action taken and the source kind.",
    ["action", "source"],
)
for _action in ("block", "strip", "flag"):
    for _src in ("direct", "indirect"):
        INJECTIONS.labels(_action, _src)
BLOCK_REASONS = (
    "restricted_data", "non_text", "response_data", "prompt_injection", "canary_leak",
    "text_too_large",
)  # fmt: skip
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


# --- request metrics from the audit events (observability/monitor.py) ---------------------
# endpoint: the data-plane endpoints; provider: a configured provider name, else "other"
# (providers come from the config, a bounded set); type/outcome: closed lists below.
ERROR_TYPES = (
    "authentication_error",
    "permission_error",
    "invalid_request_error",
    "policy_violation",
    "rate_limit_error",
    "upstream_error",
    "config_error",
    "internal_error",
    "internal",
    "other",
)
OUTCOMES = ("ok", "error", "blocked", "client_disconnect", "stream_error", "other")
DATA_ENDPOINTS = ("chat", "embeddings", "messages", "other")
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)
_TTFT_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0)
_OVERHEAD_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    1.0,
)

REQUEST_DURATION = Histogram(
    "ferryman_request_duration_seconds",
    "Data-plane request latency as the client saw it (to the last byte), by endpoint and "
    "status class.",
    ["endpoint", "status_class"],
    buckets=_LATENCY_BUCKETS,
)
UPSTREAM_DURATION = Histogram(
    "ferryman_upstream_duration_seconds",
    "Time spent in upstream attempts per request (all attempts), by the provider that answered.",
    ["provider"],
    buckets=_LATENCY_BUCKETS,
)
TTFT = Histogram(
    "ferryman_ttft_seconds",
    "Time to the first streamed token, by provider.",
    ["provider"],
    buckets=_TTFT_BUCKETS,
)
OVERHEAD = Histogram(
    "ferryman_gateway_overhead_seconds",
    "Time the gateway itself added to a non-streamed request (latency minus upstream time).",
    ["endpoint"],
    buckets=_OVERHEAD_BUCKETS,
)
TOKENS = Counter(
    "ferryman_tokens_total",
    "Tokens by direction (prompt/completion) and provider.",
    ["direction", "provider"],
)
COST = Counter(
    "ferryman_cost_usd_total", "Estimated spend in US dollars by provider.", ["provider"]
)
ERRORS = Counter("ferryman_errors_total", "Failed data-plane requests by error type.", ["type"])
OUTCOMES_TOTAL = Counter("ferryman_outcomes_total", "Data-plane requests by outcome.", ["outcome"])
ALERTS = Counter("ferryman_alerts_total", "Alerts fired (new, not repeats), by name.", ["name"])
ALERT_ACTIVE = Gauge(
    "ferryman_alert_active",
    "Active alerts by name (labels of one name summed).",
    ["name"],
    multiprocess_mode="livemax",
)
AUDIT_CAPACITY = Gauge(
    "ferryman_audit_queue_capacity",
    "Size of the audit queue (ferryman_audit_queue_depth over this is how full it is).",
    multiprocess_mode="livesum",
)
for _type in ERROR_TYPES:
    ERRORS.labels(_type)
for _outcome in OUTCOMES:
    OUTCOMES_TOTAL.labels(_outcome)
for _endpoint in DATA_ENDPOINTS:
    OVERHEAD.labels(_endpoint)
    for _status in _STATUS:
        REQUEST_DURATION.labels(_endpoint, _status)

# --- limits (pipeline/limit.py) ------------------------------------------------------------
LIMIT_SCOPES = ("key", "user", "team", "environment", "concurrency")
RATE_LIMITED = Counter(
    "ferryman_rate_limited_total",
    "Requests refused with 429 by a rate, token or concurrency limit, by the scope that refused.",
    ["scope"],
)
for _scope in LIMIT_SCOPES:
    RATE_LIMITED.labels(_scope)

# --- upstream resilience (upstream/dispatch.py, upstream/breaker.py) ------------------------
CIRCUIT_STATE = Gauge(
    "ferryman_circuit_state",
    "Circuit breaker of each configured provider: 0 closed, 1 half-open, 2 open.",
    ["provider"],
    multiprocess_mode="livemax",
)
