"""Provider answers map to the gateway's errors, with secrets scrubbed from relayed messages."""

from __future__ import annotations

import pytest

from ferryman.errors import (
    PayloadTooLarge,
    RateLimited,
    UpstreamError,
    UpstreamRejected,
    UpstreamTimeout,
)
from ferryman.upstream.errors import from_status, sanitize_message


@pytest.mark.parametrize(
    ("status", "kind", "http"),
    [
        (400, UpstreamRejected, 400),
        (422, UpstreamRejected, 422),
        (401, UpstreamError, 502),
        (403, UpstreamError, 502),
        (404, UpstreamError, 502),
        (408, UpstreamTimeout, 504),
        (413, PayloadTooLarge, 413),
        (429, RateLimited, 429),
        (500, UpstreamError, 502),
        (503, UpstreamError, 502),
        (504, UpstreamTimeout, 504),
    ],
)
def test_status_mapping(status: int, kind: type, http: int) -> None:
    err = from_status(status, b"{}", provider="p", retry_after="3", secrets=[])
    assert isinstance(err, kind)
    assert err.http_status == http


def test_retry_after_is_kept_only_when_numeric() -> None:
    assert from_status(429, b"", provider="p", retry_after="12", secrets=[]).headers == {
        "retry-after": "12"
    }
    assert (
        from_status(429, b"", provider="p", retry_after="x\r\nSet-Cookie: a", secrets=[]).headers
        == {}
    )


@pytest.mark.parametrize(
    "leak",
    [
        "sk-proj-abcdefghijklmnop",
        "sk-ant-api03-abcdefghijkl",
        "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
        "AIzaSyA1234567890abcdefghijklmnop",
        "0123456789abcdef0123456789abcdef",
        "api_key=hunter2hunter2",
        "fm_prod_abcdefghijklmnop",
    ],
)
def test_key_shapes_are_scrubbed(leak: str) -> None:
    assert leak not in sanitize_message(f"Incorrect API key provided: {leak}.", [])


def test_own_secrets_are_scrubbed_even_if_unusual() -> None:
    assert "weird-secret-value" not in sanitize_message(
        "got weird-secret-value", ["weird-secret-value"]
    )


def test_message_is_bounded() -> None:
    assert len(sanitize_message("x " * 2000, [])) < 600


def test_relayed_4xx_message_is_sanitized() -> None:
    body = b'{"error": {"message": "bad max_tokens for key sk-live-1234567890abcdef"}}'
    err = from_status(400, body, provider="p", retry_after=None, secrets=[])
    assert "max_tokens" in err.message and "sk-live" not in err.message
