"""Translate what a provider answered into the gateway's exception tree, with no secret in it.

A provider's 4xx message is useful to the caller (e.g. "max_tokens is too large"), so it is relayed,
but first scrubbed of anything that looks like a credential (some providers echo the key prefix) and
bounded in length. Provider authentication failures become 502: the caller's own key is fine, the
gateway's provider key is not, and telling the caller "401" would point them at the wrong secret.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import orjson

from ferryman.errors import (
    FerrymanError,
    PayloadTooLarge,
    RateLimited,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
)

__all__ = [
    "ProviderFailed",
    "ProviderRateLimited",
    "ProviderTimedOut",
    "from_status",
    "parse_retry_after",
    "sanitize_message",
]


class ProviderFailed(UpstreamError):
    """The provider answered 5xx (rendered 502); the retry policy reads its status."""

    def __init__(self, message: str, *, provider_status: int, retry_after_s: float | None) -> None:
        super().__init__(message, code="upstream_error")
        self.provider_status = provider_status
        self.retry_after_s = retry_after_s


class ProviderTimedOut(UpstreamTimeout):
    """The provider answered 408 or 504 (rendered 504)."""

    def __init__(self, message: str, *, provider_status: int) -> None:
        super().__init__(message)
        self.provider_status = provider_status
        self.retry_after_s: float | None = None


class ProviderRateLimited(RateLimited):
    """The provider answered 429; its Retry-After is relayed (in seconds) and read by retries."""

    def __init__(self, message: str, *, retry_after_s: float | None) -> None:
        headers = (
            {"retry-after": str(math.ceil(retry_after_s))} if retry_after_s is not None else {}
        )
        super().__init__(message, code="upstream_rate_limited", headers=headers)
        self.provider_status = 429
        self.retry_after_s = retry_after_s


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_MAX_MESSAGE = 512
_CREDENTIAL = re.compile(
    r"(?i)(?:bearer\s+\S+|\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}|\bsk-ant-[A-Za-z0-9_\-]{6,}"
    r"|\bAIza[0-9A-Za-z_\-]{20,}|\bfm_[A-Za-z0-9_\-]{8,}|\b[A-Fa-f0-9]{32}\b"
    r"|\bx-api-key\S*|\bapi[-_]?key\s*[:=]\s*\S+)"
)


def sanitize_message(message: str, secrets: Iterable[str]) -> str:
    """Remove the provider's own keys and anything key-shaped; bound the length."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "[REDACTED]")
    message = _CREDENTIAL.sub("[REDACTED]", message)
    message = " ".join(message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "..."
    return message


def _provider_message(body: bytes) -> str | None:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return str(err["message"])
        if isinstance(err, str):
            return err
        if isinstance(data.get("message"), str):
            return str(data["message"])
    return None


def from_status(
    status: int, body: bytes, *, provider: str, retry_after: str | None, secrets: Iterable[str]
) -> FerrymanError:
    """The error to raise for a non-2xx provider answer."""
    if status in (401, 403, 407):
        return UpstreamError(
            f"provider '{provider}' rejected the gateway's credentials", code="upstream_auth_failed"
        )
    if status == 429:
        return ProviderRateLimited(
            f"provider '{provider}' is rate limiting; retry later",
            retry_after_s=parse_retry_after(retry_after),
        )
    if status in (408, 504):
        return ProviderTimedOut(f"provider '{provider}' timed out", provider_status=status)
    if status == 413:
        return PayloadTooLarge(f"provider '{provider}' refused the request as too large")
    if status == 404:
        return UpstreamError(
            f"provider '{provider}' does not know the configured model or path",
            code="upstream_not_found",
        )
    if 400 <= status < 500:
        detail = _provider_message(body)
        text = f"provider '{provider}' rejected the request"
        if detail:
            text += ": " + sanitize_message(detail, secrets)
        return UpstreamRejected(text, status=status)
    return ProviderFailed(
        f"provider '{provider}' failed (HTTP {status})",
        provider_status=status,
        retry_after_s=parse_retry_after(retry_after),
    )
