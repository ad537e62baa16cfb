"""RequestContext: everything one request carries through the stages.

It holds metadata and the (mutable) request body; stages read and change it. Nothing here is ever
logged wholesale: logging picks named metadata fields only (see observability.logging).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ferryman.identity.model import Identity
    from ferryman.upstream.routes import Target

__all__ = ["Attempt", "Endpoint", "RequestContext", "Wire"]


class Wire(StrEnum):
    """A wire format: how a client or a provider speaks."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"


class Endpoint(StrEnum):
    """The data-plane operation a request asks for (closed set: safe as a metric label)."""

    CHAT = "chat"
    EMBEDDINGS = "embeddings"
    MESSAGES = "messages"

    @property
    def wire(self) -> Wire:
        return Wire.ANTHROPIC if self is Endpoint.MESSAGES else Wire.OPENAI


@dataclass(slots=True)
class Attempt:
    """One try against one provider, for the audit record and logs (metadata only)."""

    alias: str
    provider: str
    status: int | None
    error: str | None
    elapsed_ms: float


@dataclass(slots=True)
class RequestContext:
    request_id: str
    endpoint: Endpoint
    body: dict[str, Any]
    client_addr: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    # the presented credential: a secret, never logged or stored (repr hides it)
    credential: str | None = field(default=None, repr=False)
    # set by authenticate / authorize
    identity: Identity | None = None
    # the verified client certificate of the connection (mTLS), from the ASGI tls extension
    peer: dict[str, Any] | None = None
    targets: tuple[Target, ...] | None = None
    # set by the route stage
    alias: str = ""
    stream: bool = False
    # set by dispatch
    provider: str | None = None
    upstream_model: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    usage: dict[str, int] | None = None
    # set by the relay (for the audit event): time to the first streamed byte, bytes sent
    ttft_ms: float | None = None
    bytes_out: int = 0
    stream_outcome: str | None = None  # "complete" | "client_disconnect" | "upstream_error"
    # headers stages add to the answer (e.g. x-ratelimit-*), whatever its shape (JSON or stream)
    response_headers: dict[str, str] = field(default_factory=dict)
    # private per-stage state, keyed by stage name (e.g. the pseudonym vault of the redact stage)
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def client_wire(self) -> Wire:
        return self.endpoint.wire
