"""Request monitoring: metrics and alerts derived from each finished request's audit event.

One place observes every request (the handler calls :meth:`Monitor.observe` with the event it
emits), so metrics and alert rules see exactly what the audit trail records - metadata only.
``observe`` is synchronous and cheap (no I/O); the rules are evaluated and alerts delivered (the
log, and a webhook when configured) by background tasks, never on the request path.

Every label is bounded: endpoints, status classes, error types and outcomes come from closed
lists; a provider label is a provider configured at startup, else ``other``. With several
workers each process evaluates the rules over its own share of the traffic; the Prometheus rules
in deploy/prometheus/ see the sum.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp
from prometheus_client import REGISTRY

from ferryman.audit.event import AuditEvent
from ferryman.observability import metrics as m
from ferryman.observability.alerts import (
    RULE_NAMES,
    Alert,
    AlertBook,
    AuditSample,
    Counts,
    MinuteSeries,
    evaluate,
)
from ferryman.observability.metrics import Counter, Histogram
from ferryman.settings.alerts import AlertSettings
from ferryman.util.tasks import spawn

__all__ = ["ALERT_NAMES", "Monitor"]

log = logging.getLogger("ferryman.alerts")

#: alert names with their own metric label; other subsystems' kinds beyond these count as "other"
ALERT_NAMES = (*RULE_NAMES, "budget_warning", "budget_exhausted")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SEVERITIES = ("info", "warning", "critical")
_SINKS = ("database", "jsonl", "otel")
_QUEUE = 1000  # notifications waiting for the webhook
_MAX_SUMMARY = 300
# a provider's children: upstream duration, TTFT, prompt and completion tokens, cost
_ProviderMetrics = tuple[Histogram, Histogram, Counter, Counter, Counter]
_STATUS_CLASSES = {status: m.status_class(status) for status in range(100, 600)}


def _status_class(status: int) -> str:
    return _STATUS_CLASSES.get(status) or m.status_class(status)


class Monitor:
    def __init__(
        self,
        settings: AlertSettings | None = None,
        *,
        providers: Iterable[str] = (),
        audit_queue_size: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or AlertSettings()
        self._providers = frozenset(providers)
        self._clock = clock
        self.counts = Counts()
        self.book = AlertBook(self.settings.renotify_s)
        self._capacity = float(audit_queue_size)
        self._audit_totals: dict[str, float] = {}
        self._audit_series = {name: MinuteSeries() for name in (*_SINKS, "refused")}
        self._outbox: asyncio.Queue[Alert | None] = asyncio.Queue(_QUEUE)
        self._evaluator: asyncio.Task[None] | None = None
        self._sender: asyncio.Task[None] | None = None
        self._children: dict[str, _ProviderMetrics] = {}
        for provider in (*self._providers, "other"):
            m.UPSTREAM_DURATION.labels(provider)
            m.TTFT.labels(provider)
            m.COST.labels(provider)
            for direction in ("prompt", "completion"):
                m.TOKENS.labels(direction, provider)
        for name in (*ALERT_NAMES, "other"):
            m.ALERTS.labels(name)
            m.ALERT_ACTIVE.labels(name).set(0)
        if audit_queue_size:
            m.AUDIT_CAPACITY.set(audit_queue_size)

    # --- the request path -----------------------------------------------------------------

    def observe(self, event: AuditEvent) -> None:
        """Record one finished request (metrics now, alert counts for the next evaluation)."""
        endpoint = event.endpoint if event.endpoint in m.DATA_ENDPOINTS else "other"
        upstream, ttft, prompt, completion, cost = self._per_provider(event.provider)
        m.REQUEST_DURATION.labels(endpoint, _status_class(event.status)).observe(
            event.latency_ms / 1000
        )
        if event.upstream_ms is not None:
            upstream.observe(event.upstream_ms / 1000)
        if event.ttft_ms is not None:
            ttft.observe(event.ttft_ms / 1000)
        if event.overhead_ms is not None:
            m.OVERHEAD.labels(endpoint).observe(event.overhead_ms / 1000)
        if event.prompt_tokens:
            prompt.inc(event.prompt_tokens)
        if event.completion_tokens:
            completion.inc(event.completion_tokens)
        if event.cost_usd:
            cost.inc(event.cost_usd)
        if event.error_type is not None:
            kind = event.error_type if event.error_type in m.ERROR_TYPES else "other"
            m.ERRORS.labels(kind).inc()
        m.OUTCOMES_TOTAL.labels(event.outcome if event.outcome in m.OUTCOMES else "other").inc()
        if self.settings.enabled:
            self.counts.record(event, self._clock())

    def _per_provider(self, name: str | None) -> _ProviderMetrics:
        """A provider's metric children, looked up once (the providers are a closed set)."""
        found = self._children.get(self._provider(name))
        if found is None:
            p = self._provider(name)
            found = self._children[p] = (
                m.UPSTREAM_DURATION.labels(p),
                m.TTFT.labels(p),
                m.TOKENS.labels("prompt", p),
                m.TOKENS.labels("completion", p),
                m.COST.labels(p),
            )
        return found

    def _provider(self, name: str | None) -> str:
        return name if name is not None and name in self._providers else "other"

    # --- alerts -----------------------------------------------------------------------------

    def alert(
        self,
        kind: str,
        severity: str,
        summary: str,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Raise an alert from another subsystem (budgets, ...). ``kind`` is a fixed name,
        ``summary`` numbers only (no content, keys or caller text), ``labels`` from closed sets
        (a configured budget's name, say). Repeats are de-duplicated until :meth:`resolve`."""
        if not self.settings.enabled:
            return
        if not _NAME.fullmatch(kind) or severity not in _SEVERITIES:
            raise ValueError(
                "alert kind must be a lower_snake name, severity info|warning|critical"
            )
        sent = self.book.fire(
            Alert(kind, severity, summary[:_MAX_SUMMARY], Alert.labels_of(labels)), self._clock()
        )
        if sent is not None:
            self._notify(sent)

    def resolve(self, kind: str, labels: Mapping[str, str] | None = None) -> None:
        """The condition behind an alert raised with :meth:`alert` has cleared."""
        resolved = self.book.resolve((kind, Alert.labels_of(labels)))
        if resolved is not None:
            self._notify(resolved)

    def evaluate(self) -> list[Alert]:
        """Run the rules now; returns (and delivers) the notifications."""
        now = self._clock()
        firing = evaluate(self.counts, now, self.settings.thresholds, self._audit_sample(now))
        sent = self.book.sync(firing, now, RULE_NAMES)
        for alert in sent:
            self._notify(alert)
        return sent

    def _audit_sample(self, now: float) -> AuditSample:
        """The audit writer's state from its metrics (this process's values)."""
        errors = {}
        for sink in _SINKS:
            total = REGISTRY.get_sample_value("ferryman_audit_sink_errors_total", {"sink": sink})
            errors[sink] = self._increase(sink, total or 0.0, now)
        refused = REGISTRY.get_sample_value("ferryman_audit_refused_total") or 0.0
        depth = REGISTRY.get_sample_value("ferryman_audit_queue_depth") or 0.0
        return AuditSample(depth, self._capacity, errors, self._increase("refused", refused, now))

    def _increase(self, name: str, total: float, now: float) -> float:
        """A counter's increase over the alert window, kept as per-minute deltas."""
        delta = total - self._audit_totals.get(name, total)
        self._audit_totals[name] = total
        if delta > 0:
            self._audit_series[name].add(now, delta)
        return self._audit_series[name].total(now, 5)

    def _notify(self, alert: Alert) -> None:
        metric_name = alert.name if alert.name in ALERT_NAMES else "other"
        if alert.state == "firing" and not alert.repeat:
            m.ALERTS.labels(metric_name).inc()
        active = sum(
            1
            for a in self.book.active()
            if (a.name if a.name in ALERT_NAMES else "other") == metric_name
        )
        m.ALERT_ACTIVE.labels(metric_name).set(active)
        fields = {
            "alert": alert.name,
            "severity": alert.severity,
            "state": alert.state,
            "summary": alert.summary,
            "labels": dict(alert.labels),
            "value": alert.value,
            "threshold": alert.threshold,
        }
        if alert.state == "firing":
            log.warning("alert firing", extra=fields)
        else:
            log.info("alert resolved", extra=fields)
        if self.settings.webhook_url is not None:
            try:
                self._outbox.put_nowait(alert)
            except asyncio.QueueFull:
                log.warning("alert webhook queue full", extra={"alert": alert.name})

    # --- background work ------------------------------------------------------------------

    def start(self) -> None:
        """Start background work (alert evaluation and delivery)."""
        if not self.settings.enabled or self._evaluator is not None:
            return
        self._evaluator = spawn(self._evaluate_loop(), name="ferryman-alerts")
        if self.settings.webhook_url is not None:
            url = self.settings.webhook_url.get_secret_value()
            self._sender = spawn(self._send_loop(url), name="ferryman-alert-webhook")

    async def aclose(self) -> None:
        """Stop background work, delivering pending alerts."""
        if self._evaluator is not None:
            self._evaluator.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._evaluator
            self._evaluator = None
        if self._sender is not None:
            # the pending notifications go out first (bounded: shutdown must not hang on a
            # webhook that does not answer)
            budget = min(
                30.0, (self.settings.webhook_retries + 1) * (self.settings.webhook_timeout_s + 1)
            )
            try:
                async with asyncio.timeout(budget):
                    await self._outbox.put(None)
                    await asyncio.shield(self._sender)
            except TimeoutError:
                self._sender.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._sender
            self._sender = None

    async def _evaluate_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.evaluate_every_s)
            try:
                self.evaluate()
            except Exception as exc:  # a broken rule must not stop the others next time
                log.error("alert evaluation failed", extra={"code": type(exc).__name__})

    async def _send_loop(self, url: str) -> None:
        timeout = aiohttp.ClientTimeout(total=self.settings.webhook_timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while True:
                alert = await self._outbox.get()
                if alert is None:
                    return
                await self._post(session, url, alert)

    async def _post(self, session: aiohttp.ClientSession, url: str, alert: Alert) -> None:
        """POST one notification, retrying with backoff (a 4xx other than 408/429 is final)."""
        body = webhook_body(alert)
        attempts = self.settings.webhook_retries + 1
        for attempt in range(1, attempts + 1):
            problem: dict[str, Any]
            final = attempt == attempts
            try:
                async with session.post(url, json=body) as resp:
                    if resp.status < 300:
                        return
                    problem = {"status": resp.status}
                    final = final or (400 <= resp.status < 500 and resp.status not in (408, 429))
            except (aiohttp.ClientError, TimeoutError) as exc:
                problem = {"code": type(exc).__name__}
            if final:
                log.warning(
                    "alert webhook failed",
                    extra={"alert": alert.name, "attempts": attempt, **problem},
                )
                return
            await asyncio.sleep(min(0.5 * 2 ** (attempt - 1), 10.0))


def webhook_body(alert: Alert) -> dict[str, Any]:
    """Slack-compatible (``text``) with the structured fields beside it."""
    mark = "RESOLVED" if alert.state == "resolved" else "FIRING"
    labels = ", ".join(f"{k}={v}" for k, v in alert.labels)
    text = f"[{mark}] ferryman {alert.name} ({alert.severity}): {alert.summary}"
    return {
        "text": text + (f" [{labels}]" if labels else ""),
        "alert": alert.name,
        "state": alert.state,
        "severity": alert.severity,
        "summary": alert.summary,
        "labels": dict(alert.labels),
        "value": alert.value,
        "threshold": alert.threshold,
        "repeat": alert.repeat,
        "ts": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "service": "ferryman",
    }
