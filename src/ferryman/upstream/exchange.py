"""One exchange with one target, in the client's wire format.

When client and provider speak the same wire format, the body goes through untouched except for the
model name, and the answer comes back as the provider's bytes. Otherwise the request and the answer
(streamed events included) are translated between OpenAI and Anthropic formats, which is what lets
a company switch provider without touching its apps.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import orjson

from ferryman.core.context import Endpoint, RequestContext, Wire
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.errors import UpstreamError
from ferryman.protocol import translate
from ferryman.protocol.translate import ChatStreamToMessages, MessagesStreamToChat
from ferryman.upstream.providers import Op, UpstreamResponse
from ferryman.upstream.routes import Target

__all__ = ["exchange"]

_PASSTHROUGH_HEADERS = ("anthropic-version", "anthropic-beta")


def _op(ctx: RequestContext, wire: Wire) -> Op:
    if ctx.endpoint is Endpoint.EMBEDDINGS:
        return Op.EMBEDDINGS
    return Op.CHAT if wire is Wire.OPENAI else Op.MESSAGES


def _client_wants_usage(ctx: RequestContext) -> bool:
    options = ctx.body.get("stream_options")
    return isinstance(options, dict) and bool(options.get("include_usage"))


def _usage_only(ctx: RequestContext, event: StreamEvent) -> bool:
    """True for OpenAI's usage-only chunk (``choices: []``), after noting its usage."""
    if '"usage"' not in event.data:
        return False
    chunk = event.json()
    usage = chunk.get("usage")
    if chunk.get("choices") or not isinstance(usage, dict):
        return False
    ctx.usage = {**(ctx.usage or {}), **{k: v for k, v in usage.items() if isinstance(v, int)}}
    return True


def _upstream_body(ctx: RequestContext, target: Target) -> dict[str, Any]:
    wire = target.provider.wire
    if ctx.endpoint is Endpoint.EMBEDDINGS or wire is ctx.client_wire:
        body = {**ctx.body, "model": target.model}
        if ctx.stream and wire is Wire.OPENAI and not _client_wants_usage(ctx):
            # ask for usage (cost accounting); the extra chunk is dropped again in _native
            options = ctx.body.get("stream_options")
            body["stream_options"] = {**(options or {}), "include_usage": True}
        return body
    if wire is Wire.ANTHROPIC:
        return translate.chat_request_to_messages(ctx.body, target.model)
    return translate.messages_request_to_chat(ctx.body, target.model)


def _parse(raw: bytes, provider: str) -> dict[str, Any]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UpstreamError(f"provider '{provider}' answered with invalid JSON") from exc
    if not isinstance(value, dict):
        raise UpstreamError(f"provider '{provider}' answered with an unexpected shape")
    return dict(value)


async def exchange(ctx: RequestContext, target: Target) -> JsonReply | StreamReply:
    """Send the request to ``target``; return once the provider has answered 2xx (headers)."""
    provider = target.provider
    body = _upstream_body(ctx, target)
    headers = {h: ctx.headers[h] for h in _PASSTHROUGH_HEADERS if h in ctx.headers}
    response = await provider.send(
        _op(ctx, provider.wire), body, stream=ctx.stream, headers=headers
    )
    same_wire = ctx.endpoint is Endpoint.EMBEDDINGS or provider.wire is ctx.client_wire
    if not ctx.stream:
        raw = await response.read()
        if same_wire:
            if not raw.startswith(b"{"):
                _parse(raw, provider.name)  # raises a clear error for garbage
            return JsonReply(200, raw=raw)
        parsed = _parse(raw, provider.name)
        if provider.wire is Wire.ANTHROPIC:
            model = str(parsed.get("model") or target.model)
            return JsonReply(200, body=translate.messages_response_to_chat(parsed, model))
        model = str(parsed.get("model") or target.model)
        return JsonReply(200, body=translate.chat_response_to_messages(parsed, model))
    if same_wire:
        drop_usage = provider.wire is Wire.OPENAI and not _client_wants_usage(ctx)
        return StreamReply(_native(ctx, response, provider.name, provider.wire, drop_usage))
    if provider.wire is Wire.ANTHROPIC:
        return StreamReply(_anthropic_to_openai(ctx, response, target))
    return StreamReply(_openai_to_anthropic(response, target))


def _ended_early(provider: str) -> UpstreamError:
    return UpstreamError(
        f"provider '{provider}' stream ended before completion", code="upstream_stream_truncated"
    )


async def _native(
    ctx: RequestContext, response: UpstreamResponse, provider: str, wire: Wire, drop_usage: bool
) -> AsyncIterator[StreamEvent]:
    """Relay events as they are; a stream that stops without its end marker is an error.
    ``drop_usage``: the usage chunk the client did not ask for is noted, not relayed."""
    complete = False
    async for event in response.events():
        if wire is Wire.OPENAI:
            if event.data == "[DONE]":
                complete = True
            elif drop_usage and _usage_only(ctx, event):
                continue
        elif event.event == "message_stop":
            complete = True
        yield event
    if not complete:
        raise _ended_early(provider)


async def _anthropic_to_openai(
    ctx: RequestContext, response: UpstreamResponse, target: Target
) -> AsyncIterator[StreamEvent]:
    wanted = _client_wants_usage(ctx)  # usage is always noted; relayed only when asked for
    converter = MessagesStreamToChat(target.model, include_usage=True, created=int(time.time()))
    complete = False
    async for event in response.events():
        if not event.event or event.event == "ping":
            continue
        for chunk in converter.feed(event.event, event.json()):
            out = StreamEvent.of(chunk)
            if wanted or not _usage_only(ctx, out):
                yield out
        if event.event == "message_stop":
            complete = True
            break
    if not complete:
        raise _ended_early(target.provider.name)
    for chunk in converter.finish():
        out = StreamEvent.of(chunk)
        if wanted or not _usage_only(ctx, out):
            yield out
    yield StreamEvent(data="[DONE]")


async def _openai_to_anthropic(
    response: UpstreamResponse, target: Target
) -> AsyncIterator[StreamEvent]:
    converter = ChatStreamToMessages(target.model)
    complete = False
    async for event in response.events():
        if event.data == "[DONE]":
            complete = True
            break
        chunk = event.json()
        if "error" in chunk:
            raise UpstreamError(
                f"provider '{target.provider.name}' reported an error mid-stream",
                code="upstream_stream_error",
            )
        for name, data in converter.feed(chunk):
            yield StreamEvent.of(data, event=name)
    if not complete:
        raise _ended_early(target.provider.name)
    for name, data in converter.finish():
        yield StreamEvent.of(data, event=name)
