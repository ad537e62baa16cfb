"""Shared pieces of the settings models: the strict base class and URL/host checks."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

__all__ = ["Section", "check_upstream_url", "is_loopback"]


class Section(BaseModel):
    """Every section: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def check_upstream_url(url: str, *, allow_insecure_http: bool) -> None:
    """Allow https everywhere, http only for loopback unless the provider explicitly allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http(s) URL")
    if parts.username or parts.password:
        raise ValueError("base_url must not carry credentials; use api_key")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not have a query string or fragment")
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise ValueError(
            "plain http is only allowed to loopback hosts; "
            "set allow_insecure_http: true to override"
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
