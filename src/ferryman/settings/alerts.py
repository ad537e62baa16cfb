"""Alerts: rules evaluated in-process over the requests' audit events, delivered to the log and
an optional webhook (Slack-compatible)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator

from ferryman.settings.base import Section as _Section
from ferryman.settings.base import is_loopback

__all__ = ["AlertSettings", "AlertThresholds"]


class AlertThresholds(_Section):
    """When the built-in rules fire (the defaults follow the security checklists)."""

    upstream_error_rate: Annotated[
        float,
        Field(gt=0, le=1, description="Share of requests failing upstream over 5 minutes."),
    ] = 0.05
    upstream_min_requests: Annotated[
        int,
        Field(ge=1, description="Requests in the 5 minutes before the error rate counts."),
    ] = 20
    auth_failures_per_minute: Annotated[
        int, Field(ge=1, description="Authentication failures in one minute.")
    ] = 20
    redaction_spike_factor: Annotated[
        float,
        Field(gt=1, description="Redactions in a minute above this many times the hourly average."),
    ] = 5.0
    redaction_spike_min: Annotated[
        int, Field(ge=1, description="...and at least this many in the minute.")
    ] = 50
    redactions_per_minute: Annotated[
        int | None,
        Field(ge=1, description="Fire at this many redactions a minute, whatever the average."),
    ] = None
    block_spike_factor: Annotated[
        float,
        Field(
            gt=1, description="Policy blocks in a minute above this many times the hourly average."
        ),
    ] = 5.0
    block_spike_min: Annotated[
        int, Field(ge=1, description="...and at least this many in the minute.")
    ] = 10
    blocks_per_minute: Annotated[
        int | None,
        Field(ge=1, description="Fire at this many blocks a minute, whatever the average."),
    ] = None
    audit_queue_ratio: Annotated[
        float, Field(gt=0, le=1, description="Audit queue filled beyond this share of its size.")
    ] = 0.8


class AlertSettings(_Section):
    """In-process alerting; Prometheus rules for the same conditions are in deploy/prometheus/."""

    enabled: Annotated[bool, Field(description="Evaluate the alert rules.")] = True
    webhook_url: Annotated[
        SecretStr | None,
        Field(
            description="POST alerts here as Slack-compatible JSON (a secret: ${ALERT_WEBHOOK} "
            "or ${file:/path}); none: log only."
        ),
    ] = None
    webhook_timeout_s: Annotated[
        float, Field(gt=0, le=60, description="Timeout of one webhook POST.")
    ] = 5.0
    webhook_retries: Annotated[
        int, Field(ge=0, le=10, description="Retries of a failed POST (with backoff).")
    ] = 3
    renotify_s: Annotated[
        float, Field(ge=60, description="Repeat a still-active alert after this many seconds.")
    ] = 3600.0
    evaluate_every_s: Annotated[
        float, Field(gt=0, le=60, description="How often the rules are evaluated.")
    ] = 10.0
    thresholds: Annotated[
        AlertThresholds, Field(description="When the built-in rules fire (below).")
    ] = AlertThresholds()

    @field_validator("webhook_url")
    @classmethod
    def _https(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        parts = urlsplit(value.get_secret_value())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("webhook_url must be an absolute http(s) URL")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ValueError("webhook_url must use https (plain http only to loopback)")
        return value
