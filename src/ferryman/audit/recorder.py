"""Assemble the audit event of a request from what the listener and the stages left behind.

The handler calls :meth:`Recorder.start` before anything can fail (so even a rejected body is
recorded) and :meth:`Recorder.finish` in a ``finally``: one event per request, whatever the path.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

import orjson

from ferryman.audit.event import AuditEvent, truncate_ip
from ferryman.core.context import RequestContext
from ferryman.errors import FerrymanError
from ferryman.settings.storage import AuditSettings

__all__ = ["Pending", "Recorder"]

# the request fields that carry content (the fingerprint is taken over these, normalized)
_CONTENT_KEYS = ("messages", "system", "input", "tools", "prompt")


@dataclass(slots=True)
class Pending:
    """What is known when the request arrives (before the chain runs)."""

    started: float
    client: str | None
    user_agent: str | None
    subject_raw: str | None = None
    bytes_in: int = 0
    fingerprint: str | None = None


class Recorder:
    def __init__(self, settings: AuditSettings, pepper: bytes) -> None:
        self.settings = settings
        self._fp_key = hmac.new(pepper, b"ferryman.audit.fingerprint.v1", hashlib.sha256).digest()
        self._subject_key = hmac.new(pepper, b"ferryman.audit.subject.v1", hashlib.sha256).digest()
        self.subject_header = (settings.subject_header or "").lower().encode() or None

    def subject_hash(self, subject: str) -> str:
        """The keyed hash an end-user id is stored as (also what ``audit forget`` looks for)."""
        return hmac.new(self._subject_key, subject.encode(), hashlib.sha256).hexdigest()

    def fingerprint(self, body: dict[str, Any]) -> str:
        """Keyed HMAC-SHA256 of the request's content fields, in a canonical JSON form."""
        content = {k: body[k] for k in _CONTENT_KEYS if k in body}
        canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
        return hmac.new(self._fp_key, canonical, hashlib.sha256).hexdigest()

    def start(self, client: str | None, headers: list[tuple[bytes, bytes]]) -> Pending:
        ua = subject = None
        for k, v in headers:
            if k == b"user-agent":
                ua = v.decode("latin-1")[:256]
            elif self.subject_header is not None and k == self.subject_header:
                subject = v.decode("latin-1")[:256]
        if self.settings.truncate_client_ip:
            client = truncate_ip(client)
        return Pending(time.perf_counter(), client, ua, subject)

    def finish(
        self,
        pending: Pending,
        request_id: str,
        endpoint: str,
        ctx: RequestContext | None,
        status: int,
        error: BaseException | None,
    ) -> AuditEvent:
        now = time.perf_counter()
        event = AuditEvent(
            request_id=request_id,
            endpoint=endpoint,
            status=status,
            outcome="ok",
            latency_ms=round((now - pending.started) * 1000, 3),
            bytes_in=pending.bytes_in,
            client=pending.client,
            user_agent=pending.user_agent,
            fingerprint=pending.fingerprint,
        )
        if isinstance(error, FerrymanError):
            event.error_type, event.error_code = error.error_type, error.code
        elif error is not None:
            event.error_type, event.error_code = "internal", type(error).__name__[:64]
        if ctx is not None:
            self._from_context(event, ctx, pending)
        event.outcome = _outcome(event, ctx, error)
        return event

    def _from_context(self, event: AuditEvent, ctx: RequestContext, pending: Pending) -> None:
        ident = ctx.identity
        if ident is not None:
            event.environment = ident.environment
            event.identity_kind = ident.kind
            event.key_id = ident.id[:32]
            event.key_prefix = ident.prefix
            event.key_name = ident.name[:128]
            event.team = ident.team
        event.alias = ctx.alias[:128] or None
        event.requested_model = event.alias
        event.provider = ctx.provider
        event.upstream_model = (ctx.upstream_model or None) and str(ctx.upstream_model)[:128]
        event.stream = ctx.stream
        event.bytes_out = ctx.bytes_out or None
        event.ttft_ms = None if ctx.ttft_ms is None else round(ctx.ttft_ms, 3)
        if ctx.attempts:
            event.attempts = [
                {
                    "alias": a.alias,
                    "provider": a.provider,
                    "status": a.status,
                    "error": a.error,
                    "ms": round(a.elapsed_ms, 3),
                }
                for a in ctx.attempts
            ]
            event.upstream_ms = round(sum(a.elapsed_ms for a in ctx.attempts), 3)
            if event.ttft_ms is None:
                event.overhead_ms = round(max(event.latency_ms - event.upstream_ms, 0.0), 3)
        if ctx.usage:
            event.prompt_tokens = ctx.usage.get("prompt_tokens", ctx.usage.get("input_tokens"))
            event.completion_tokens = ctx.usage.get(
                "completion_tokens", ctx.usage.get("output_tokens")
            )
        protected = ctx.state.get("redact")
        if protected is not None:
            event.policy = protected.policy.name[:64]
            counts = {f"{t}:{a}": n for (t, a), n in protected.report.counts.items()}
            for (t, a), n in protected.response.counts.items():
                counts[f"{t}:{a}:response"] = n
            event.redactions = counts
        subject = pending.subject_raw or _body_user(ctx)
        if subject:
            event.subject = self.subject_hash(subject)
        cost = ctx.state.get("cost_usd")
        if isinstance(cost, float):
            event.cost_usd = cost
        injection = ctx.state.get("injection")
        if isinstance(injection, dict):
            event.injection = injection


_BLOCKED = ("sensitive_data_blocked", "non_text_blocked", "response_blocked", "text_too_large")


def _body_user(ctx: RequestContext) -> str | None:
    user = ctx.state.get("end_user")
    return user if isinstance(user, str) else None


def _outcome(event: AuditEvent, ctx: RequestContext | None, error: BaseException | None) -> str:
    if event.error_code in _BLOCKED:
        event.blocked = event.error_code
        return "blocked"
    if ctx is not None and ctx.stream_outcome == "client_disconnect":
        return "client_disconnect"
    if ctx is not None and (ctx.stream_outcome or "").startswith("error:"):
        event.error_code = event.error_code or (ctx.stream_outcome or "")[6:][:64]
        return "stream_error"
    if error is not None or event.status >= 400:
        return "error"
    return "ok"
