"""Alert rules over the requests' audit events: per-minute counts, the built-in rules, and the
book that de-duplicates notifications.

Pure logic with an injected clock (``now`` in seconds): :class:`Counts` keeps per-minute buckets
of what the events say, :func:`evaluate` turns them into the alerts firing now, and
:class:`AlertBook` decides what to notify - an alert (name + labels) is sent once, again only
after it resolved or after the re-notify interval, and a resolved notice when it clears.

An alert carries numbers only: its summary is built here from counts and thresholds, its labels
come from closed sets (a sink name, a provider that is configured), never content, keys or text
a caller sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ferryman.audit.event import AuditEvent
from ferryman.settings.alerts import AlertThresholds

__all__ = [
    "RULE_NAMES",
    "Alert",
    "AlertBook",
    "AuditSample",
    "Counts",
    "MinuteSeries",
    "evaluate",
]

Labels = tuple[tuple[str, str], ...]

#: the alerts the rules below raise (other subsystems raise theirs through Monitor.alert)
RULE_NAMES = (
    "upstream_error_rate",
    "auth_failure_spike",
    "redaction_spike",
    "block_spike",
    "audit_queue_full",
    "audit_sink_failing",
    "audit_refusing",
)
_HOUR = 60  # minutes of history kept (the trailing average of the spike rules)
_ERROR_WINDOW = 5  # minutes


@dataclass(frozen=True, slots=True)
class Alert:
    name: str
    severity: str  # warning | critical
    summary: str
    labels: Labels = ()
    state: str = "firing"  # firing | resolved
    value: float | None = None
    threshold: float | None = None
    repeat: bool = False  # a re-notification of an alert still active

    @property
    def key(self) -> tuple[str, Labels]:
        return self.name, self.labels

    @staticmethod
    def labels_of(labels: Mapping[str, str] | None) -> Labels:
        return tuple(sorted((labels or {}).items()))


class MinuteSeries:
    """Counts per minute for the last hour (and the current minute)."""

    def __init__(self) -> None:
        self._buckets: dict[int, float] = {}

    def add(self, now: float, n: float = 1.0) -> None:
        minute = int(now // 60)
        self._buckets[minute] = self._buckets.get(minute, 0.0) + n
        if len(self._buckets) > _HOUR + 2:
            oldest = minute - _HOUR - 1
            for m in [m for m in self._buckets if m < oldest]:
                del self._buckets[m]

    def total(self, now: float, minutes: int, *, skip: int = 0) -> float:
        """The sum over ``minutes`` whole minutes, the current one included unless ``skip``."""
        last = int(now // 60) - skip
        return sum(n for m, n in self._buckets.items() if last - minutes < m <= last)


@dataclass(slots=True)
class Counts:
    """What the alert rules need from the events, per minute."""

    requests: MinuteSeries = field(default_factory=MinuteSeries)
    upstream_errors: MinuteSeries = field(default_factory=MinuteSeries)
    auth_failures: MinuteSeries = field(default_factory=MinuteSeries)
    redactions: MinuteSeries = field(default_factory=MinuteSeries)
    blocks: MinuteSeries = field(default_factory=MinuteSeries)

    def record(self, event: AuditEvent, now: float) -> None:
        self.requests.add(now)
        if event.error_type == "upstream_error":
            self.upstream_errors.add(now)
        elif event.error_type == "authentication_error":
            self.auth_failures.add(now)
        found = sum(event.redactions.values())
        if found:
            self.redactions.add(now, found)
        if is_block(event):
            self.blocks.add(now)


def is_block(event: AuditEvent) -> bool:
    """A request or answer refused by a data policy or the injection check."""
    injection = event.injection or {}
    return (
        event.outcome == "blocked"
        or event.error_type == "policy_violation"
        or injection.get("action") == "block"
    )


@dataclass(frozen=True, slots=True)
class AuditSample:
    """The audit writer's state, read from its metrics by the monitor."""

    depth: float = 0.0
    capacity: float = 0.0
    sink_errors: Mapping[str, float] = field(default_factory=dict)  # sink -> errors in 5 min
    refused: float = 0.0  # requests refused in 5 min


def evaluate(
    counts: Counts, now: float, limits: AlertThresholds, audit: AuditSample | None = None
) -> list[Alert]:
    """The alerts whose condition holds at ``now``."""
    out = [
        *_error_rate(counts, now, limits),
        *_auth(counts, now, limits),
        *_spike(
            "redaction_spike",
            "redactions",
            counts.redactions,
            now,
            limits.redaction_spike_factor,
            limits.redaction_spike_min,
            limits.redactions_per_minute,
        ),
        *_spike(
            "block_spike",
            "policy blocks",
            counts.blocks,
            now,
            limits.block_spike_factor,
            limits.block_spike_min,
            limits.blocks_per_minute,
        ),
    ]
    if audit is not None:
        out.extend(_audit(audit, limits))
    return out


def _error_rate(counts: Counts, now: float, limits: AlertThresholds) -> Iterable[Alert]:
    total = counts.requests.total(now, _ERROR_WINDOW)
    failed = counts.upstream_errors.total(now, _ERROR_WINDOW)
    if total < limits.upstream_min_requests or failed / total <= limits.upstream_error_rate:
        return
    rate = failed / total
    yield Alert(
        "upstream_error_rate",
        "critical",
        f"{failed:.0f} of {total:.0f} requests failed upstream in the last {_ERROR_WINDOW} min "
        f"({rate:.1%}, threshold {limits.upstream_error_rate:.1%})",
        value=round(rate, 4),
        threshold=limits.upstream_error_rate,
    )


def _auth(counts: Counts, now: float, limits: AlertThresholds) -> Iterable[Alert]:
    failed = counts.auth_failures.total(now, 1)
    if failed > limits.auth_failures_per_minute:
        yield Alert(
            "auth_failure_spike",
            "warning",
            f"{failed:.0f} authentication failures in the last minute "
            f"(threshold {limits.auth_failures_per_minute})",
            value=failed,
            threshold=limits.auth_failures_per_minute,
        )


def _spike(
    name: str,
    what: str,
    series: MinuteSeries,
    now: float,
    factor: float,
    floor: int,
    absolute: int | None,
) -> Iterable[Alert]:
    """This minute against the trailing hour's per-minute average (the current minute excluded),
    or against an absolute ceiling."""
    current = series.total(now, 1)
    average = series.total(now, _HOUR, skip=1) / _HOUR
    if absolute is not None and current >= absolute:
        yield Alert(
            name,
            "warning",
            f"{current:.0f} {what} in the last minute (threshold {absolute} a minute)",
            value=current,
            threshold=absolute,
        )
    elif current >= floor and current > factor * average:
        yield Alert(
            name,
            "warning",
            f"{current:.0f} {what} in the last minute, {current / max(average, 1e-9):.1f}x "
            f"the hourly average of {average:.1f} a minute (threshold {factor:g}x, "
            f"at least {floor})",
            value=current,
            threshold=max(factor * average, floor),
        )


def _audit(audit: AuditSample, limits: AlertThresholds) -> Iterable[Alert]:
    if audit.capacity > 0 and audit.depth / audit.capacity > limits.audit_queue_ratio:
        yield Alert(
            "audit_queue_full",
            "critical",
            f"audit queue {audit.depth:.0f} of {audit.capacity:.0f} "
            f"({audit.depth / audit.capacity:.0%}, threshold {limits.audit_queue_ratio:.0%})",
            value=round(audit.depth / audit.capacity, 4),
            threshold=limits.audit_queue_ratio,
        )
    for sink, errors in sorted(audit.sink_errors.items()):
        if errors > 0:
            yield Alert(
                "audit_sink_failing",
                "critical",
                f"{errors:.0f} failed writes to the audit sink in the last {_ERROR_WINDOW} min",
                labels=(("sink", sink),),
                value=errors,
                threshold=0,
            )
    if audit.refused > 0:
        yield Alert(
            "audit_refusing",
            "critical",
            f"{audit.refused:.0f} requests refused (503) in the last {_ERROR_WINDOW} min: "
            "the audit queue stayed full",
            value=audit.refused,
            threshold=0,
        )


@dataclass(slots=True)
class _Active:
    alert: Alert
    sent: float


class AlertBook:
    """The active alerts and what to notify: a new alert once, a still-active one again after
    ``renotify_s``, a resolved notice when it clears."""

    def __init__(self, renotify_s: float) -> None:
        self.renotify_s = renotify_s
        self._active: dict[tuple[str, Labels], _Active] = {}

    def active(self) -> list[Alert]:
        return [a.alert for a in self._active.values()]

    def fire(self, alert: Alert, now: float) -> Alert | None:
        """``alert`` holds at ``now``: the notification to send, if any."""
        held = self._active.get(alert.key)
        if held is None or now - held.sent >= self.renotify_s:
            self._active[alert.key] = _Active(alert, now)
            return alert if held is None else replace(alert, repeat=True)
        held.alert = alert  # the latest numbers, for the resolved notice
        return None

    def resolve(self, key: tuple[str, Labels]) -> Alert | None:
        held = self._active.pop(key, None)
        if held is None:
            return None
        return replace(held.alert, state="resolved", summary="resolved: " + held.alert.summary)

    def sync(self, firing: Iterable[Alert], now: float, names: Iterable[str]) -> list[Alert]:
        """The rules' verdict: ``firing`` is every alert of ``names`` that holds now; the
        notifications (new, repeated, resolved) to send."""
        out: list[Alert] = []
        holding = set()
        for alert in firing:
            holding.add(alert.key)
            sent = self.fire(alert, now)
            if sent is not None:
                out.append(sent)
        owned = set(names)
        for key in [k for k in self._active if k[0] in owned and k not in holding]:
            resolved = self.resolve(key)
            if resolved is not None:
                out.append(resolved)
        return out
