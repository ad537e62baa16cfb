"""The demo provider: a deterministic local echo model, so a first run needs no account.

It is not an AI and says so: every answer starts with ``[demo]``, ``/v1/models`` labels its aliases,
and the gateway logs a notice at startup. It speaks the OpenAI wire format (chat, streaming,
embeddings), so every path of the gateway - including translation for Anthropic clients - runs
exactly as it would with a real provider.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import math
import struct
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson

from ferryman.core.context import Wire
from ferryman.core.reply import StreamEvent
from ferryman.errors import BadRequest
from ferryman.upstream.providers.base import Op, Provider, UpstreamResponse

__all__ = ["DemoProvider", "demo_reply_text"]

_DEFAULT_DIMENSIONS = 64


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text", ""))
            for p in content
            if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def demo_reply_text(messages: list[Any]) -> str:
    """Echo the last user or tool message - the visible proof of what reached the provider."""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") in ("user", "tool"):
            return "[demo] You said: " + _text_of(message.get("content"))
    return "[demo] Hello from the ferryman demo provider."


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _vector(text: str, dimensions: int) -> list[float]:
    digest = b""
    counter = 0
    while len(digest) < dimensions * 4:
        digest += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    raw = struct.unpack(f"<{dimensions}I", digest[: dimensions * 4])
    values = [(v / 0xFFFFFFFF) * 2 - 1 for v in raw]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


class _DemoResponse(UpstreamResponse):
    def __init__(self, body: bytes | None, events: list[StreamEvent] | None) -> None:
        self._body = body
        self._events = events or []

    async def read(self) -> bytes:
        return self._body or b"{}"

    async def events(self) -> AsyncIterator[StreamEvent]:
        for event in self._events:
            await asyncio.sleep(0)  # yield to the loop like a network read would
            yield event

    async def close(self) -> None:
        return None


class DemoProvider(Provider):
    wire = Wire.OPENAI
    ops = frozenset({Op.CHAT, Op.EMBEDDINGS})
    is_demo = True

    async def send(
        self, op: Op, body: dict[str, Any], *, stream: bool, headers: Mapping[str, str]
    ) -> UpstreamResponse:
        model = str(body.get("model", "demo-echo"))
        if op is Op.EMBEDDINGS:
            return _DemoResponse(orjson.dumps(self._embeddings(body, model)), None)
        messages = body.get("messages") or []
        text = demo_reply_text(messages)
        prompt_tokens = sum(
            _tokens(_text_of(m.get("content"))) for m in messages if isinstance(m, dict)
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": _tokens(text),
            "total_tokens": prompt_tokens + _tokens(text),
        }
        ident = "chatcmpl-demo" + hashlib.sha256(text.encode()).hexdigest()[:24]
        created = int(time.time())
        if not stream:
            return _DemoResponse(
                orjson.dumps(self._completion(ident, created, model, text, usage)), None
            )
        return _DemoResponse(None, self._chunks(ident, created, model, text, usage, body))

    @staticmethod
    def _completion(
        ident: str, created: int, model: str, text: str, usage: dict[str, int]
    ) -> dict[str, Any]:
        return {
            "id": ident,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_ferryman_demo",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": usage,
        }

    @staticmethod
    def _chunks(
        ident: str, created: int, model: str, text: str, usage: dict[str, int], body: dict[str, Any]
    ) -> list[StreamEvent]:
        base = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}

        def chunk(delta: dict[str, Any], finish: str | None = None) -> StreamEvent:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return StreamEvent.of({**base, "choices": [choice]})

        words = text.split(" ")
        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": (" " if i else "") + w}) for i, w in enumerate(words)]
        events.append(chunk({}, "stop"))
        options = body.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            events.append(StreamEvent.of({**base, "choices": [], "usage": usage}))
        events.append(StreamEvent(data="[DONE]"))
        return events

    @staticmethod
    def _embeddings(body: dict[str, Any], model: str) -> dict[str, Any]:
        raw = body.get("input")
        inputs = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        dims = body.get("dimensions", _DEFAULT_DIMENSIONS)
        if not isinstance(dims, int) or not 1 <= dims <= 4096:
            raise BadRequest("dimensions must be an integer between 1 and 4096", param="dimensions")
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        total = 0
        for i, item in enumerate(inputs):
            text = item if isinstance(item, str) else orjson.dumps(item).decode()
            total += _tokens(text)
            vector = _vector(text, dims)
            embedding: list[float] | str = (
                base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
                if as_base64
                else vector
            )
            data.append({"object": "embedding", "index": i, "embedding": embedding})
        return {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": total, "total_tokens": total},
        }
