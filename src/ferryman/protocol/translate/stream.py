"""Translate streams between Anthropic Messages SSE events and OpenAI chat.completion chunks.

Why stateful classes: both wire formats number things the other does not (Anthropic numbers
content blocks, OpenAI numbers tool calls) and report usage at different moments, so each
direction keeps a little bookkeeping per stream. One instance per stream; nothing is shared.
The reason/usage mappings shared with whole-body translation live in
:mod:`ferryman.protocol.translate.common`.
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson

from ferryman.errors import UpstreamError
from ferryman.protocol.translate.common import (
    anthropic_usage,
    chat_usage,
    finish_reason_for,
    stop_reason_for,
)

__all__ = ["ChatStreamToMessages", "MessagesStreamToChat"]

Event = tuple[str, dict[str, Any]]


def _obj(value: Any) -> dict[str, Any]:
    """Upstream data is trusted for shape only loosely: anything but an object reads as empty."""
    return value if isinstance(value, dict) else {}


def _stream_error() -> UpstreamError:
    return UpstreamError("upstream stream error", code="upstream_stream_error")


class MessagesStreamToChat:
    """Anthropic SSE events -> OpenAI chat.completion.chunk dicts (stateful, one per stream).

    Text and tool-argument deltas are forwarded as they arrive; thinking is dropped. With
    ``include_usage`` a final ``choices: []`` chunk carries the usage, exactly once, at
    ``message_stop`` or at :meth:`finish`, whichever comes first (never for a stream that did
    not even start).
    """

    def __init__(self, model: str, *, include_usage: bool, created: int) -> None:
        self._model = model
        self._include_usage = include_usage
        self._created = created
        self._id = "chatcmpl-"
        self._started = False
        self._usage_sent = False
        self._usage: dict[str, Any] = {}
        self._tool_index: dict[int, int] = {}  # Anthropic block index -> OpenAI tool call index

    def feed(self, event: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Translate one upstream event; returns the chunks to emit now (possibly none)."""
        data = _obj(data)
        kind = event or data.get("type")
        if kind == "error":
            raise _stream_error()
        if kind == "message_start":
            message = _obj(data.get("message"))
            self._id = f"chatcmpl-{message.get('id') or ''}"
            self._started = True
            self._merge_usage(message.get("usage"))
            return [self._chunk({"role": "assistant", "content": ""})]
        index = data.get("index")
        index = index if isinstance(index, int) else -1
        if kind == "content_block_start":
            return self._block_start(index, _obj(data.get("content_block")))
        if kind == "content_block_delta":
            return self._block_delta(index, _obj(data.get("delta")))
        if kind == "message_delta":
            self._merge_usage(data.get("usage"))
            stop_reason = _obj(data.get("delta")).get("stop_reason")
            return [self._chunk({}, finish_reason_for(stop_reason))] if stop_reason else []
        if kind == "message_stop":
            return self._usage_chunk()
        return []  # ping, content_block_stop, and events added to the API later

    def finish(self) -> list[dict[str, Any]]:
        """End of the upstream stream: the usage chunk if it is still owed."""
        return self._usage_chunk()

    def _block_start(self, index: int, block: dict[str, Any]) -> list[dict[str, Any]]:
        if block.get("type") == "text" and isinstance(block.get("text"), str) and block["text"]:
            return [self._chunk({"content": block["text"]})]
        if block.get("type") != "tool_use":
            return []  # thinking, redacted_thinking, server tools: nothing an OpenAI client reads
        tool_index = self._tool_index[index] = len(self._tool_index)
        arguments = block.get("input")
        call = {
            "index": tool_index,
            "id": str(block.get("id") or ""),
            "type": "function",
            "function": {
                "name": str(block.get("name") or ""),
                # Anthropic starts with input {}; a non-empty input means it arrived whole.
                "arguments": orjson.dumps(arguments).decode() if arguments else "",
            },
        }
        return [self._chunk({"tool_calls": [call]})]

    def _block_delta(self, index: int, delta: dict[str, Any]) -> list[dict[str, Any]]:
        kind = delta.get("type")
        if kind == "text_delta" and isinstance(delta.get("text"), str) and delta["text"]:
            return [self._chunk({"content": delta["text"]})]
        partial = delta.get("partial_json")
        if kind == "input_json_delta" and index in self._tool_index and partial:
            call = {"index": self._tool_index[index], "function": {"arguments": str(partial)}}
            return [self._chunk({"tool_calls": [call]})]
        return []  # thinking_delta, signature_delta, citations_delta

    def _merge_usage(self, usage: Any) -> None:
        """message_start carries input counts, message_delta cumulative output (and maybe input)."""
        for key, value in _obj(usage).items():
            if isinstance(value, int) and not isinstance(value, bool):
                self._usage[key] = value

    def _usage_chunk(self) -> list[dict[str, Any]]:
        if not self._include_usage or self._usage_sent or not self._started:
            return []
        self._usage_sent = True
        return [self._envelope([]) | {"usage": chat_usage(self._usage)}]

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return self._envelope([choice])

    def _envelope(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": self._id,
            "object": "chat.completion.chunk",
            "created": self._created,
            "model": self._model,
            "choices": choices,
        }


class ChatStreamToMessages:
    """OpenAI chat.completion.chunk dicts -> Anthropic SSE events (stateful, one per stream).

    Anthropic blocks are strictly sequential, so a tool call's arguments must arrive before the
    next tool call starts (as OpenAI and every compatible server we know send them); a stream
    that interleaves them raises ``UpstreamError`` rather than emit a corrupted call. Usage may
    arrive after the finish_reason (``stream_options.include_usage``), so the closing
    ``message_delta`` waits for :meth:`finish`.
    """

    def __init__(self, model: str) -> None:
        self._model = model
        self._id = ""
        self._started = False
        self._finished = False
        self._blocks = 0  # content blocks opened so far; the open one is self._blocks - 1
        self._open: str | None = None  # "text" or "tool_use"
        self._open_tool: Any = None  # OpenAI tool call index of the open tool_use block
        self._seen_tools: set[Any] = set()
        self._finish_reason: Any = None
        self._usage: dict[str, int] = anthropic_usage(None)

    def feed(self, chunk: dict[str, Any]) -> list[Event]:
        """Translate one upstream chunk; returns (event name, data) pairs to emit now."""
        chunk = _obj(chunk)
        if self._finished:
            return []
        if chunk.get("error"):
            raise _stream_error()
        events = self._start(chunk.get("id"))
        if isinstance(chunk.get("usage"), dict):
            self._usage = anthropic_usage(chunk["usage"])
        choices = chunk.get("choices")
        for choice in map(_obj, choices if isinstance(choices, list) else []):
            if choice.get("index", 0) != 0:
                continue  # n > 1 is never requested by a translated Anthropic request
            delta = _obj(choice.get("delta"))
            for key in ("content", "refusal"):
                if isinstance(delta.get(key), str) and delta[key]:
                    events += self._text(delta[key])
            tool_calls = delta.get("tool_calls")
            for call in map(_obj, tool_calls if isinstance(tool_calls, list) else []):
                events += self._tool_call(call)
            if choice.get("finish_reason"):
                self._finish_reason = choice["finish_reason"]
        return events

    def finish(self) -> list[Event]:
        """At "[DONE]" or end of stream: close the open block, then message_delta, message_stop.

        Always yields a complete, valid event sequence, even for a stream that sent nothing.
        Later calls return nothing.
        """
        if self._finished:
            return []
        events = self._start(None) + self._close()
        self._finished = True
        stop_reason = stop_reason_for(self._finish_reason, has_tool_use=bool(self._seen_tools))
        delta = {"stop_reason": stop_reason, "stop_sequence": None}
        events.append(_event("message_delta", delta=delta, usage=dict(self._usage)))
        events.append(_event("message_stop"))
        return events

    def _start(self, chunk_id: Any) -> list[Event]:
        if self._started:
            return []
        self._started = True
        suffix = str(chunk_id or "").removeprefix("chatcmpl-") or secrets.token_hex(12)
        self._id = f"msg_{suffix}"
        message: dict[str, Any] = {
            "id": self._id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 0, "output_tokens": 0},  # known only at the end
        }
        return [_event("message_start", message=message)]

    def _text(self, text: str) -> list[Event]:
        events = [] if self._open == "text" else self._open_block({"type": "text", "text": ""})
        delta = {"type": "text_delta", "text": text}
        return [*events, _event("content_block_delta", index=self._blocks - 1, delta=delta)]

    def _tool_call(self, call: dict[str, Any]) -> list[Event]:
        index = call.get("index", 0)
        function = _obj(call.get("function"))
        events: list[Event] = []
        if self._open != "tool_use" or self._open_tool != index:
            if index in self._seen_tools:
                raise _stream_error()  # arguments of an already closed tool call
            self._seen_tools.add(index)
            block = {
                "type": "tool_use",
                "id": str(call.get("id") or f"toolu_{self._id}_{index}"),
                "name": str(function.get("name") or ""),
                "input": {},
            }
            events = self._open_block(block)
            self._open_tool = index
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            delta = {"type": "input_json_delta", "partial_json": arguments}
            events.append(_event("content_block_delta", index=self._blocks - 1, delta=delta))
        return events

    def _open_block(self, block: dict[str, Any]) -> list[Event]:
        events = self._close()
        self._open = block["type"]
        self._blocks += 1
        return [*events, _event("content_block_start", index=self._blocks - 1, content_block=block)]

    def _close(self) -> list[Event]:
        if self._open is None:
            return []
        self._open = self._open_tool = None
        return [_event("content_block_stop", index=self._blocks - 1)]


def _event(name: str, **fields: Any) -> Event:
    """Anthropic repeats the event name as the data's "type"."""
    return name, {"type": name, **fields}
