"""The audit event: one closed record of metadata per data-plane request.

Every field is metadata: who called (key id, prefix, name, team, identity kind), where it went
(endpoint, alias, provider, models), how it went (status, outcome, error type and code, latencies,
sizes, token usage, cost), what the protection stages did (policy, redaction counts by type and
action, block reason, injection decision) and which attempts were made. Content never appears:
the request's content is represented only by a keyed HMAC fingerprint (equal prompts correlate,
nothing is readable or brute-forceable without the key), the end user only by a keyed hash.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ferryman.util.ids import unique_id

__all__ = ["FIELDS", "AuditEvent", "truncate_ip"]


@dataclass(slots=True)
class AuditEvent:
    request_id: str
    endpoint: str
    status: int
    outcome: str  # ok | error | blocked | client_disconnect | stream_error
    latency_ms: float
    bytes_in: int
    ts: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: str = field(default_factory=unique_id)
    environment: str | None = None
    identity_kind: str | None = None
    key_id: str | None = None
    key_prefix: str | None = None
    key_name: str | None = None
    team: str | None = None
    alias: str | None = None
    provider: str | None = None
    requested_model: str | None = None
    upstream_model: str | None = None
    stream: bool = False
    error_type: str | None = None
    error_code: str | None = None
    upstream_ms: float | None = None
    ttft_ms: float | None = None
    overhead_ms: float | None = None
    bytes_out: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
    policy: str | None = None
    redactions: dict[str, int] = field(default_factory=dict)  # "TYPE:action[:response]" -> n
    blocked: str | None = None
    injection: dict[str, Any] | None = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    client: str | None = None
    user_agent: str | None = None
    fingerprint: str | None = None
    subject: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-safe values (timestamps as ISO 8601 UTC)."""
        out = {f: getattr(self, f) for f in FIELDS}
        out["ts"] = self.ts.isoformat().replace("+00:00", "Z")
        return out

    def to_row(self) -> dict[str, Any]:
        row = {f: getattr(self, f) for f in FIELDS}
        row["stream"] = int(self.stream)
        return row


#: every field of the event, in order (the docs and the tests list them from here)
FIELDS: tuple[str, ...] = tuple(AuditEvent.__dataclass_fields__)


def truncate_ip(address: str | None) -> str | None:
    """An address reduced to its /24 (IPv4) or /48 (IPv6) network."""
    if not address:
        return address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
