"""The exception tree renders in both wire formats with a stable code, and carries no detail."""

from __future__ import annotations

import pytest

from ferryman import errors
from ferryman.errors import (
    BadRequest,
    FerrymanError,
    InternalError,
    NotFound,
    RateLimited,
    UpstreamRejected,
    UpstreamTimeout,
)


@pytest.mark.parametrize(
    ("exc", "status", "anthropic_type"),
    [
        (BadRequest("x"), 400, "invalid_request_error"),
        (NotFound("x"), 404, "not_found_error"),
        (RateLimited("x"), 429, "rate_limit_error"),
        (UpstreamTimeout("x"), 504, "timeout_error"),
        (UpstreamRejected("x", status=422), 422, "invalid_request_error"),
        (InternalError("x"), 500, "api_error"),
    ],
)
def test_both_shapes(exc: FerrymanError, status: int, anthropic_type: str) -> None:
    assert exc.http_status == status
    openai = exc.to_openai()["error"]
    assert set(openai) == {"message", "type", "param", "code"} and openai["code"]
    anthropic = exc.to_anthropic()
    assert anthropic["type"] == "error" and anthropic["error"]["type"] == anthropic_type


def test_every_public_error_is_a_ferryman_error() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), FerrymanError)


def test_code_param_and_headers() -> None:
    exc = RateLimited("slow down", code="auth_throttled", headers={"retry-after": "3"}, param="p")
    assert exc.to_openai()["error"] == {
        "message": "slow down",
        "type": "rate_limit_error",
        "param": "p",
        "code": "auth_throttled",
    }
    assert exc.headers == {"retry-after": "3"}
