"""One exception tree for the whole gateway.

Every error the gateway answers with is a :class:`FerrymanError`: it carries the HTTP status, a
stable machine-readable ``code`` and a human message that never contains request content, PII
or a secret.
The listener renders it in the caller's wire format (OpenAI's shape by default, Anthropic's on
``/v1/messages``). Third-party exceptions are translated into this tree by the module that met them
(``raise ... from``), so nothing else ever reaches the error boundary.

::

    FerrymanError
    ├── ConfigError                    (not an HTTP error: startup / `config check`)
    ├── BadRequest            400      invalid_request_error
    ├── Unauthenticated       401      authentication_error
    ├── Forbidden             403      permission_error
    ├── NotFound              404      not_found_error (unknown route or model)
    ├── MethodNotAllowed      405
    ├── RequestTimeout        408      client too slow to send its request
    ├── Conflict              409      an Idempotency-Key reused with another body
    ├── PayloadTooLarge       413
    ├── PolicyBlocked         422      blocked by policy
    ├── RateLimited           429      (Retry-After)
    ├── HeadersTooLarge       431
    ├── UpstreamRejected      4xx      the provider refused the request (sanitized message relayed)
    ├── UpstreamError         502      provider failed, unreachable, or answered garbage
    ├── ServiceUnavailable    503      no provider available for the route
    └── UpstreamTimeout       504
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "BadRequest",
    "ConfigError",
    "Conflict",
    "FerrymanError",
    "Forbidden",
    "HeadersTooLarge",
    "InternalError",
    "MethodNotAllowed",
    "NotFound",
    "PayloadTooLarge",
    "PolicyBlocked",
    "RateLimited",
    "RequestTimeout",
    "ServiceUnavailable",
    "Unauthenticated",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamTimeout",
]

# Anthropic's error types by status; used to render the same error on /v1/messages.
_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    405: "invalid_request_error",
    408: "timeout_error",
    409: "invalid_request_error",
    413: "request_too_large",
    422: "invalid_request_error",
    429: "rate_limit_error",
    431: "request_too_large",
    502: "api_error",
    503: "overloaded_error",
    504: "timeout_error",
}


class FerrymanError(Exception):
    """Base of every rendered error. ``message`` must never contain content or secrets."""

    status: ClassVar[int] = 500
    error_type: ClassVar[str] = "internal_error"
    default_code: ClassVar[str] = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.param = param
        self.headers = headers or {}
        self.http_status = status or self.status

    def to_openai(self) -> dict[str, Any]:
        """OpenAI's error body: ``{"error": {"message", "type", "param", "code"}}``."""
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": self.param,
                "code": self.code,
            }
        }

    def to_anthropic(self) -> dict[str, Any]:
        """Anthropic's error body: ``{"type": "error", "error": {"type", "message"}}``."""
        kind = _ANTHROPIC_TYPES.get(self.http_status, "api_error")
        return {
            "type": "error",
            "error": {"type": kind, "message": self.message, "code": self.code},
        }


class ConfigError(FerrymanError):
    """The configuration is invalid; the message names the field and the reason."""

    error_type = "config_error"
    default_code = "invalid_config"


class InternalError(FerrymanError):
    """An unexpected failure inside the gateway; rendered without any detail."""


class BadRequest(FerrymanError):
    status = 400
    error_type = "invalid_request_error"
    default_code = "invalid_request"


class Unauthenticated(FerrymanError):
    status = 401
    error_type = "authentication_error"
    default_code = "invalid_api_key"


class Forbidden(FerrymanError):
    status = 403
    error_type = "permission_error"
    default_code = "forbidden"


class NotFound(FerrymanError):
    status = 404
    error_type = "invalid_request_error"
    default_code = "not_found"


class MethodNotAllowed(FerrymanError):
    status = 405
    error_type = "invalid_request_error"
    default_code = "method_not_allowed"


class RequestTimeout(FerrymanError):
    status = 408
    error_type = "invalid_request_error"
    default_code = "request_timeout"


class Conflict(FerrymanError):
    status = 409
    error_type = "invalid_request_error"
    default_code = "idempotency_key_reused"


class PayloadTooLarge(FerrymanError):
    status = 413
    error_type = "invalid_request_error"
    default_code = "request_too_large"


class PolicyBlocked(FerrymanError):
    status = 422
    error_type = "policy_violation"
    default_code = "blocked_by_policy"


class RateLimited(FerrymanError):
    status = 429
    error_type = "rate_limit_error"
    default_code = "rate_limited"


class HeadersTooLarge(FerrymanError):
    status = 431
    error_type = "invalid_request_error"
    default_code = "headers_too_large"


class UpstreamRejected(FerrymanError):
    """The provider answered 4xx; its status is kept and its message relayed after sanitizing."""

    status = 400
    error_type = "invalid_request_error"
    default_code = "upstream_rejected"


class UpstreamError(FerrymanError):
    status = 502
    error_type = "upstream_error"
    default_code = "upstream_error"


class ServiceUnavailable(FerrymanError):
    status = 503
    error_type = "upstream_error"
    default_code = "service_unavailable"


class UpstreamTimeout(FerrymanError):
    status = 504
    error_type = "upstream_error"
    default_code = "upstream_timeout"
