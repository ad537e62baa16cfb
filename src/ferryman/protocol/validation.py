"""Shared request checks: typed validation errors and the fields a caller may never set.

A caller must never choose where the gateway sends its provider key. LiteLLM accepted ``api_base``
in the request body and sent the provider key to an attacker's server (CVE-2024-6587); ferryman
refuses every such field with 400 rather than silently dropping it, so the mistake is visible.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ferryman.errors import BadRequest

__all__ = ["FORBIDDEN_FIELDS", "check_forbidden", "validate"]

FORBIDDEN_FIELDS = frozenset(
    {
        "api_base",
        "base_url",
        "api_key",
        "api_version",
        "api_type",
        "azure_endpoint",
        "azure_ad_token",
        "azure_deployment",
        "deployment_id",
        "custom_llm_provider",
        "endpoint",
        "extra_headers",
        "extra_query",
        "headers",
        "litellm_params",
        "organization",
        "proxy",
        "upstream",
        "url",
    }
)


def check_forbidden(body: dict[str, Any]) -> None:
    for name in body:
        if name in FORBIDDEN_FIELDS:
            raise BadRequest(
                f"field '{name}' is not allowed: "
                "the gateway chooses the upstream and its credentials",
                code="forbidden_field",
                param=name,
            )


def validate(model: type[BaseModel], body: dict[str, Any]) -> None:
    """Validate ``body``; the error names the field and the rule, never the value."""
    check_forbidden(body)
    try:
        model.model_validate(body)
    except ValidationError as exc:
        err = exc.errors(include_input=False, include_url=False, include_context=False)[0]
        loc = _path(err["loc"])
        raise BadRequest(f"{loc}: {err['msg']}", code="invalid_request", param=loc) from None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("str", "list[...]", "function-after") or "[" in part:
            continue  # union branch names pydantic inserts
        else:
            out += f".{part}" if out else part
    return out or "body"
