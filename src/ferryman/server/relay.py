"""Write a reply to the client: a whole JSON body, or SSE events relayed as they arrive.

Streaming: the first event is awaited before the response starts, so a failure before any content
still gets a proper status and JSON error. After that, events go out one by one with no buffering.
A client that disconnects cancels the relay, which closes the upstream connection (the provider
stops generating and billing). An upstream that dies mid-stream ends the stream with an error event
in the client's format - the client SDK raises it - instead of a silent truncation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from ferryman.core.context import RequestContext, Wire
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.errors import FerrymanError, UpstreamError
from ferryman.server.http import Headers, send_bytes
from ferryman.util.tasks import spawn

__all__ = ["error_event", "send_reply"]

log = logging.getLogger("ferryman.relay")

_JSON = (b"content-type", b"application/json")
_SSE_HEADERS: Headers = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]


def error_event(exc: FerrymanError, wire: Wire) -> bytes:
    if wire is Wire.ANTHROPIC:
        return StreamEvent.of(exc.to_anthropic(), event="error").encode()
    return StreamEvent.of(exc.to_openai()).encode()


async def send_reply(
    ctx: RequestContext,
    reply: JsonReply | StreamReply,
    receive: Any,
    send: Any,
    headers: Headers,
) -> int:
    """Send ``reply``; returns the HTTP status sent."""
    if isinstance(reply, JsonReply):
        extra = [(k.encode(), v.encode()) for k, v in reply.headers.items()]
        if reply.status < 400:
            _note_usage(ctx, reply.body)
        payload = reply.render()
        ctx.bytes_out = len(payload)
        await send_bytes(send, reply.status, payload, [_JSON, *headers, *extra])
        return reply.status
    events = reply.events
    try:
        first = await anext(events)
    except StopAsyncIteration:
        raise UpstreamError(
            "provider sent an empty stream", code="upstream_stream_truncated"
        ) from None
    extra = [(k.encode(), v.encode()) for k, v in reply.headers.items()]
    await send(
        {"type": "http.response.start", "status": 200, "headers": [*_SSE_HEADERS, *headers, *extra]}
    )
    relay = spawn(_relay(ctx, first, events, send), name="ferryman-relay")
    watch = spawn(_wait_disconnect(receive), name="ferryman-disconnect-watch")
    try:
        await asyncio.wait({relay, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not relay.done():
            relay.cancel()  # client left: stop reading upstream, which closes that connection
            ctx.stream_outcome = "client_disconnect"
            log.info("client disconnected mid-stream", extra={"request_id": ctx.request_id})
        watch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay
        with contextlib.suppress(asyncio.CancelledError):
            await watch
    return 200


async def _relay(
    ctx: RequestContext, first: StreamEvent, events: AsyncIterator[StreamEvent], send: Any
) -> None:
    try:
        chunk = first.encode()
        ctx.ttft_ms = (time.perf_counter() - ctx.started) * 1000
        _note_event(ctx, first)
        ctx.bytes_out += len(chunk)
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
        async for event in events:
            _note_event(ctx, event)
            chunk = event.encode()
            ctx.bytes_out += len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        ctx.stream_outcome = "complete"
    except FerrymanError as exc:
        ctx.stream_outcome = f"error:{exc.code}"
        log.warning(
            "stream ended with an error",
            extra={"request_id": ctx.request_id, "code": exc.code, "status": exc.http_status},
        )
        await send(
            {
                "type": "http.response.body",
                "body": error_event(exc, ctx.client_wire),
                "more_body": True,
            }
        )
    except OSError:
        return  # the client socket is gone; nothing more to send
    except Exception as exc:  # e.g. an upstream event that is not valid JSON
        ctx.stream_outcome = "error:stream_failed"
        log.warning(
            "stream failed", extra={"request_id": ctx.request_id, "code": type(exc).__name__}
        )
        failure = UpstreamError("the stream failed", code="stream_failed")
        await send(
            {
                "type": "http.response.body",
                "body": error_event(failure, ctx.client_wire),
                "more_body": True,
            }
        )
    finally:
        with contextlib.suppress(Exception):
            await events.aclose()  # type: ignore[attr-defined]
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _note_usage(ctx: RequestContext, body: dict[str, Any]) -> None:
    """Token usage and the model the provider reports, for the audit event and accounting."""
    usage = body.get("usage")
    if isinstance(usage, dict):
        merged = dict(ctx.usage or {})
        merged.update({k: v for k, v in usage.items() if isinstance(v, int)})
        ctx.usage = merged
    model = body.get("model")
    if isinstance(model, str) and model:
        ctx.upstream_model = model[:128]


def _note_event(ctx: RequestContext, event: StreamEvent) -> None:
    if '"usage"' not in event.data and '"model"' not in event.data:
        return
    try:
        payload = event.json()
    except ValueError:
        return
    message = payload.get("message")  # Anthropic message_start nests it
    _note_usage(ctx, message if isinstance(message, dict) else payload)
    if isinstance(message, dict) and isinstance(payload.get("usage"), dict):
        _note_usage(ctx, payload)


async def _wait_disconnect(receive: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
