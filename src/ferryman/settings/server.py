"""The listener: address, limits, HTTPS and client certificates."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ferryman.settings.base import Section as _Section

__all__ = ["ServerSettings", "TlsSettings"]


class ServerSettings(_Section):
    """The listener: address and the limits enforced before any other work."""

    host: Annotated[str, Field(description="Listen address.")] = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535, description="Listen port.")] = 8080
    workers: Annotated[int, Field(ge=1, le=64, description="Worker processes.")] = 1
    max_body_bytes: Annotated[
        int,
        Field(ge=1024, le=256 * 1024 * 1024, description="Larger request bodies get 413."),
    ] = 16 * 1024 * 1024
    max_header_bytes: Annotated[
        int, Field(ge=1024, le=1024 * 1024, description="Larger request headers get 431.")
    ] = 16 * 1024
    header_timeout_s: Annotated[
        float, Field(gt=0, le=600, description="A client slower to send its headers gets 408.")
    ] = 10.0
    body_timeout_s: Annotated[
        float, Field(gt=0, le=600, description="A client slower to send its body gets 408.")
    ] = 30.0
    inspection_cache: Annotated[
        int,
        Field(
            ge=0,
            le=1_000_000,
            description="Texts whose findings are kept per process (resent system prompts and "
            "chat history are inspected once); 0 turns the cache off.",
        ),
    ] = 4096
    trusted_proxies: Annotated[
        list[str],
        Field(
            description="Addresses/networks of TLS-terminating proxies whose X-Forwarded-For "
            "and X-Forwarded-Proto are honoured (required for plain HTTP on a non-loopback "
            "address)."
        ),
    ] = Field(default_factory=list)
    shutdown_grace_s: Annotated[
        float,
        Field(ge=0, le=3600, description="How long in-flight requests may finish on stop/reload."),
    ] = 30.0
    drain_s: Annotated[
        float,
        Field(
            ge=0,
            le=600,
            description="On SIGTERM, how long /readyz answers 503 (and answers close their "
            "connections) while requests are still served, before the listener stops accepting: "
            "time for a load balancer to take the instance out. A second SIGTERM stops at once.",
        ),
    ] = 0.0

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value


class TlsSettings(_Section):
    """The HTTPS listener. TLS 1.2 is the floor; client certificates enable mTLS callers."""

    cert: Annotated[str, Field(description="PEM certificate chain file.")]
    key: Annotated[str, Field(description="PEM private key file.")]
    min_version: Annotated[Literal["1.2", "1.3"], Field(description="Lowest TLS version.")] = "1.2"
    client_ca: Annotated[
        str | None, Field(description="PEM bundle of CAs whose client certificates are accepted.")
    ] = None
    client_cert: Annotated[
        Literal["none", "optional", "required"],
        Field(
            description="Ask for client certificates (mTLS); 'required' refuses the handshake "
            "without one."
        ),
    ] = "none"
    hsts: Annotated[bool, Field(description="Send Strict-Transport-Security.")] = True
    hsts_max_age_s: Annotated[int, Field(ge=0, le=63_072_000, description="HSTS max-age.")] = (
        31_536_000
    )
    hsts_include_subdomains: Annotated[bool, Field(description="HSTS includeSubDomains.")] = True
    redirect_http_port: Annotated[
        int | None,
        Field(
            ge=1,
            le=65535,
            description="Also listen on this port with plain HTTP that only "
            "redirects to HTTPS (308).",
        ),
    ] = None
    reload_check_s: Annotated[
        float, Field(gt=0, le=3600, description="How often the cert/key files are checked.")
    ] = 10.0

    @model_validator(mode="after")
    def _check(self) -> TlsSettings:
        for name in ("cert", "key", "client_ca"):
            path = getattr(self, name)
            if path is not None and not os.access(path, os.R_OK):
                raise ValueError(f"{name}: cannot read {path!r}")
        if self.client_cert != "none" and self.client_ca is None:
            raise ValueError("client_cert needs client_ca (the CAs to verify client certificates)")
        return self
