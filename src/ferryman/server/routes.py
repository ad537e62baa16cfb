"""Data-plane endpoints: OpenAI's and Anthropic's, sharing one inference path.

Each handler reads and validates the body (listener duties), builds the RequestContext, runs the
stage chain and relays the reply. Paths are also served without the ``/v1`` prefix, for clients
whose base URL omits it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel

from ferryman.audit.event import AuditEvent
from ferryman.audit.recorder import Pending, Recorder
from ferryman.core.context import Endpoint, RequestContext
from ferryman.errors import FerrymanError, Forbidden, NotFound
from ferryman.identity.access import usable_aliases
from ferryman.identity.model import Identity
from ferryman.protocol.anthropic import MessagesRequest
from ferryman.protocol.openai import ChatCompletionRequest, EmbeddingsRequest
from ferryman.protocol.validation import validate
from ferryman.server.credentials import credential_from_headers
from ferryman.server.http import Headers, read_body, read_json_object, send_bytes
from ferryman.server.relay import send_reply

if TYPE_CHECKING:
    from ferryman.runtime import Runtime

__all__ = ["HANDLERS", "Handler", "Request"]

log = logging.getLogger("ferryman.server")

_JSON = (b"content-type", b"application/json")
# headers stages read (ctx.headers); only a fixed subset of them is ever sent upstream
_FORWARDED_HEADERS = frozenset(
    {
        b"anthropic-version",
        b"anthropic-beta",
        b"origin",
        b"x-ferryman-conversation",
        b"x-ferryman-user",
        b"idempotency-key",
    }
)


class Request:
    """What the listener knows about one HTTP request before the handler runs."""

    __slots__ = ("headers", "method", "path", "receive", "request_id", "runtime", "scope", "send")

    def __init__(
        self, scope: dict[str, Any], receive: Any, send: Any, request_id: str, runtime: Runtime
    ) -> None:
        self.scope = scope
        self.receive = receive
        self.send = send
        self.request_id = request_id
        self.runtime = runtime
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.headers: Headers = []  # response headers every answer carries (set by the listener)


Handler = Callable[[Request], Awaitable[int]]


def client_certificate(scope: Mapping[str, Any]) -> dict[str, Any] | None:
    """The verified client certificate of this connection, if any (see server.tls)."""
    tls = scope.get("extensions", {}).get("tls")
    if not tls or not (tls.get("client_cert_name") or tls.get("client_cert_sans")):
        return None  # no verified certificate (a SAN-only certificate counts)
    return dict(tls)


def _client(scope: dict[str, Any]) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


async def _inference(req: Request, endpoint: Endpoint, model: type[BaseModel]) -> int:
    """One data-plane request: listener checks, the stage chain, the relay - and its audit
    event, emitted whatever the path (rejected body, refused caller, upstream failure, client
    gone). The event's room in the audit queue is reserved first (503 when the trail is full)."""
    runtime = req.runtime
    audit = runtime.services.audit
    await audit.admit()
    recorder = runtime.recorder
    pending = recorder.start(_client(req.scope), req.scope["headers"])
    ctx: RequestContext | None = None
    status, error = 500, None
    try:
        ctx = await _prepare(req, endpoint, model, pending)
        reply = await runtime.chain.run(ctx)
        req.headers.extend(cors_headers(ctx))
        req.headers.extend((k.encode(), v.encode()) for k, v in ctx.response_headers.items())
        status = await send_reply(ctx, reply, req.receive, req.send, req.headers)
        return status
    except BaseException as exc:
        error = exc
        if ctx is not None and ctx.response_headers:  # e.g. x-ratelimit-* on a 429 or a 502 too
            req.headers.extend((k.encode(), v.encode()) for k, v in ctx.response_headers.items())
        status = exc.http_status if isinstance(exc, FerrymanError) else 499
        if not isinstance(exc, FerrymanError | asyncio.CancelledError):
            status = 500
        raise
    finally:
        event = _event(recorder, pending, req.request_id, endpoint, ctx, status, error)
        audit.emit(event)
        runtime.services.monitor.observe(event)
        if ctx is not None:
            # the redact and guard stages' closures over ctx: without these cycles the
            # request's objects are freed by reference counting when it ends, not left to the
            # cycle collector
            ctx.state.pop("reinspect", None)
            ctx.state.pop("reguard", None)


async def _prepare(
    req: Request, endpoint: Endpoint, model: type[BaseModel], pending: Pending
) -> RequestContext:
    server = req.runtime.settings.server
    raw = await read_body(
        req.receive, req.scope, limit=server.max_body_bytes, deadline_s=server.body_timeout_s
    )
    pending.bytes_in = len(raw)
    body = read_json_object(raw)
    validate(model, body)
    pending.fingerprint = req.runtime.recorder.fingerprint(body)
    headers = {
        k.decode("latin-1"): v.decode("latin-1")
        for k, v in req.scope["headers"]
        if k in _FORWARDED_HEADERS
    }
    ctx = RequestContext(
        request_id=req.request_id,
        endpoint=endpoint,
        body=body,
        client_addr=_client(req.scope),
        headers=headers,
        credential=credential_from_headers(req.scope["headers"]),
        peer=client_certificate(req.scope),
    )
    req.scope["ferryman.ctx"] = ctx
    ctx.state["body_bytes"] = len(raw)  # an upper bound of its text (redact: inline or thread)
    ctx.alias = body["model"]
    ctx.stream = endpoint is not Endpoint.EMBEDDINGS and body.get("stream") is True
    user = body.get("user")
    if isinstance(user, str) and user:
        ctx.state["end_user"] = user[:256]  # kept raw only to be hashed into the event
    return ctx


def _event(
    recorder: Recorder,
    pending: Pending,
    request_id: str,
    endpoint: Endpoint,
    ctx: RequestContext | None,
    status: int,
    error: BaseException | None,
) -> AuditEvent:
    try:
        return recorder.finish(pending, request_id, endpoint.value, ctx, status, error)
    except Exception as exc:  # never lose the event: fall back to the bare facts
        log.error("audit event assembly failed", extra={"code": type(exc).__name__})
        return AuditEvent(
            request_id=request_id,
            endpoint=endpoint.value,
            status=status,
            outcome="error" if status >= 400 else "ok",
            latency_ms=0.0,
            bytes_in=pending.bytes_in,
        )


def cors_headers(ctx: RequestContext | None) -> Headers:
    """CORS only for a browser token's own origin; never ``*``."""
    identity = ctx.identity if ctx is not None else None
    if identity is None or identity.origin is None:
        return []
    if ctx is None or ctx.headers.get("origin") != identity.origin:
        return []
    return [(b"access-control-allow-origin", identity.origin.encode()), (b"vary", b"Origin")]


_PREFLIGHT_HEADERS = b"authorization, content-type, x-api-key, anthropic-version, anthropic-beta"


async def preflight(req: Request) -> int:
    """Answer a CORS preflight only for an origin that holds a live browser token."""
    origin = next((v.decode("latin-1") for k, v in req.scope["headers"] if k == b"origin"), None)
    if origin is None or not await req.runtime.services.tokens.origin_allowed(origin):
        raise Forbidden(
            "cross-origin requests are not allowed from this origin", code="cors_denied"
        )
    headers = [
        (b"access-control-allow-origin", origin.encode()),
        (b"access-control-allow-methods", b"POST, OPTIONS"),
        (b"access-control-allow-headers", _PREFLIGHT_HEADERS),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin"),
        *req.headers,
    ]
    await send_bytes(req.send, 204, b"", headers)
    return 204


async def chat_completions(req: Request) -> int:
    return await _inference(req, Endpoint.CHAT, ChatCompletionRequest)


async def embeddings(req: Request) -> int:
    return await _inference(req, Endpoint.EMBEDDINGS, EmbeddingsRequest)


async def messages(req: Request) -> int:
    return await _inference(req, Endpoint.MESSAGES, MessagesRequest)


def _model_entry(runtime: Runtime, alias: str, created: int) -> dict[str, Any]:
    targets = runtime.routes.resolve(alias) or ()
    demo = bool(targets) and targets[0].provider.is_demo
    entry: dict[str, Any] = {
        "id": alias,
        "object": "model",
        "created": created,
        "owned_by": "ferryman-demo" if demo else "ferryman",
        # Anthropic's model-list fields, so both SDKs can list models from the same endpoint
        "type": "model",
        "display_name": ("[DEMO] " if demo else "") + (runtime.routes.description(alias) or alias),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created)),
    }
    if demo:
        entry["demo"] = True
    return entry


async def _caller(req: Request) -> Identity:
    credential = credential_from_headers(req.scope["headers"])
    identity = await req.runtime.auth.authenticate(
        credential, _client(req.scope), peer=client_certificate(req.scope)
    )
    if identity.endpoints is not None and "models" not in identity.endpoints:
        raise Forbidden(
            "this credential may not use the models endpoint", code="endpoint_not_allowed"
        )
    return identity


async def list_models(req: Request) -> int:
    """The aliases this caller may use: its model scopes, in its environment."""
    runtime = req.runtime
    identity = await _caller(req)
    created = int(time.time())
    data = [
        _model_entry(runtime, alias, created)
        for alias in usable_aliases(
            identity, runtime.routes, client_cert=client_certificate(req.scope) is not None
        )
    ]
    body = {
        "object": "list",
        "data": data,
        "has_more": False,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
    }
    await send_bytes(req.send, 200, orjson.dumps(body), [_JSON, *req.headers])
    return 200


async def retrieve_model(req: Request) -> int:
    alias = req.path.split("/models/", 1)[1]
    identity = await _caller(req)
    has_cert = client_certificate(req.scope) is not None
    if alias in usable_aliases(identity, req.runtime.routes, client_cert=has_cert):
        entry = _model_entry(req.runtime, alias, int(time.time()))
        await send_bytes(req.send, 200, orjson.dumps(entry), [_JSON, *req.headers])
        return 200
    raise NotFound(
        "model does not exist or is not available", code="model_not_found", param="model"
    )


HANDLERS: dict[str, tuple[str, Handler]] = {}
for _prefix in ("/v1", ""):
    HANDLERS[f"{_prefix}/chat/completions"] = ("POST", chat_completions)
    HANDLERS[f"{_prefix}/embeddings"] = ("POST", embeddings)
    HANDLERS[f"{_prefix}/messages"] = ("POST", messages)
    HANDLERS[f"{_prefix}/models"] = ("GET", list_models)
