"""Streaming translation, checked by feeding the result to the real OpenAI and Anthropic SDKs."""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2
import openai
import orjson
import pytest
from anthropic.types import Message, RawMessageStreamEvent
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from pydantic import TypeAdapter

from ferryman.errors import UpstreamError
from ferryman.protocol.translate import ChatStreamToMessages, MessagesStreamToChat

EVENT = TypeAdapter(RawMessageStreamEvent)
Event = tuple[str, dict[str, Any]]


def _client_transport(body: bytes) -> httpx2.Client:
    def reply(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "text/event-stream"})

    return httpx2.Client(transport=httpx2.MockTransport(reply))


def openai_sdk_reassemble(chunks: list[dict[str, Any]]) -> ChatCompletion:
    """Serve `chunks` as an SSE body to the real OpenAI SDK and let it build the completion."""
    body = b"".join(b"data: " + orjson.dumps(c) + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"
    with (
        openai.OpenAI(
            api_key="k", base_url="http://up/v1", http_client=_client_transport(body)
        ) as client,
        client.chat.completions.stream(
            model="alias", messages=[{"role": "user", "content": "x"}]
        ) as stream,
    ):
        return stream.get_final_completion()


def anthropic_sdk_reassemble(events: list[Event]) -> Message:
    """Serve `events` as an SSE body to the real Anthropic SDK and let it build the message."""
    body = b"".join(
        b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"
        for name, data in events
    )
    with (
        anthropic.Anthropic(
            api_key="k", base_url="http://up", http_client=_client_transport(body)
        ) as client,
        client.messages.stream(
            model="alias", max_tokens=64, messages=[{"role": "user", "content": "x"}]
        ) as stream,
    ):
        return stream.get_final_message()


# A realistic Anthropic stream: thinking, text, two tool calls with chunked arguments, a ping.
ANTHROPIC_EVENTS: list[Event] = [
    (
        "message_start",
        {
            "type": "message_start",
            "message": {
                "id": "msg_01XYZ",
                "type": "message",
                "role": "assistant",
                "model": "claude-sonnet-4-5",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {
                    "input_tokens": 25,
                    "cache_creation_input_tokens": 0,
                    "cache_read_input_tokens": 10,
                    "output_tokens": 1,
                },
            },
        },
    ),
    (
        "content_block_start",
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": "", "signature": ""},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "thinking_delta", "thinking": "The user wants"},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "signature_delta", "signature": "EqQBCg"},
        },
    ),
    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    ("ping", {"type": "ping"}),
    (
        "content_block_start",
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 1,
            "delta": {"type": "text_delta", "text": "Let me "},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 1,
            "delta": {"type": "text_delta", "text": "check."},
        },
    ),
    ("content_block_stop", {"type": "content_block_stop", "index": 1}),
    (
        "content_block_start",
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {
                "type": "tool_use",
                "id": "toolu_01A",
                "name": "weather",
                "input": {},
            },
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 2,
            "delta": {"type": "input_json_delta", "partial_json": ""},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 2,
            "delta": {"type": "input_json_delta", "partial_json": '{"city": "Par'},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 2,
            "delta": {"type": "input_json_delta", "partial_json": 'is"}'},
        },
    ),
    ("content_block_stop", {"type": "content_block_stop", "index": 2}),
    (
        "content_block_start",
        {
            "type": "content_block_start",
            "index": 3,
            "content_block": {"type": "tool_use", "id": "toolu_01B", "name": "clock", "input": {}},
        },
    ),
    (
        "content_block_delta",
        {
            "type": "content_block_delta",
            "index": 3,
            "delta": {"type": "input_json_delta", "partial_json": '{"tz": "CET"}'},
        },
    ),
    ("content_block_stop", {"type": "content_block_stop", "index": 3}),
    (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 89},
        },
    ),
    ("message_stop", {"type": "message_stop"}),
]


def run_messages_stream(events: list[Event], *, include_usage: bool = True) -> list[dict[str, Any]]:
    translator = MessagesStreamToChat("my-alias", include_usage=include_usage, created=1700000000)
    chunks = [chunk for name, data in events for chunk in translator.feed(name, data)]
    return chunks + translator.finish()


def test_anthropic_stream_to_openai_chunks() -> None:
    chunks = run_messages_stream(ANTHROPIC_EVENTS)
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk)
        assert chunk["id"] == "chatcmpl-msg_01XYZ"
        assert (chunk["model"], chunk["created"]) == ("my-alias", 1700000000)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"]]
    assert "".join(d.get("content") or "" for d in deltas) == "Let me check."
    assert deltas[3]["tool_calls"] == [
        {
            "index": 0,
            "id": "toolu_01A",
            "type": "function",
            "function": {"name": "weather", "arguments": ""},
        }
    ]
    assert chunks[-2]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "tool_calls",
    }
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == {
        "prompt_tokens": 35,
        "completion_tokens": 89,
        "total_tokens": 124,
        "prompt_tokens_details": {"cached_tokens": 10},
    }


def test_anthropic_stream_reassembles_in_the_openai_sdk() -> None:
    completion = openai_sdk_reassemble(run_messages_stream(ANTHROPIC_EVENTS))
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Let me check."
    calls = choice.message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("toolu_01A", "weather", '{"city": "Paris"}'),
        ("toolu_01B", "clock", '{"tz": "CET"}'),
    ]
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (35, 89)


def test_usage_chunk_is_sent_exactly_once() -> None:
    translator = MessagesStreamToChat("m", include_usage=True, created=1)
    for name, data in ANTHROPIC_EVENTS[:-1]:  # everything but message_stop
        translator.feed(name, data)
    first = translator.feed("message_stop", {"type": "message_stop"})
    assert [c["choices"] for c in first] == [[]]
    assert translator.finish() == []
    # and when the upstream ends without message_stop, finish() still owes it
    cut = MessagesStreamToChat("m", include_usage=True, created=1)
    for name, data in ANTHROPIC_EVENTS[:-1]:
        cut.feed(name, data)
    assert [c["usage"]["completion_tokens"] for c in cut.finish()] == [89]
    assert cut.finish() == []


def test_no_usage_chunk_unless_asked() -> None:
    chunks = run_messages_stream(ANTHROPIC_EVENTS, include_usage=False)
    assert all(chunk["choices"] and "usage" not in chunk for chunk in chunks)
    assert MessagesStreamToChat("m", include_usage=True, created=1).finish() == []  # never started


@pytest.mark.parametrize(
    ("stop_reason", "finish_reason"),
    [("end_turn", "stop"), ("max_tokens", "length"), ("refusal", "content_filter")],
)
def test_stream_stop_reason(stop_reason: str, finish_reason: str) -> None:
    events = [
        *ANTHROPIC_EVENTS[:1],
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason}}),
    ]
    assert run_messages_stream(events)[1]["choices"][0]["finish_reason"] == finish_reason


def test_anthropic_error_event_raises() -> None:
    translator = MessagesStreamToChat("m", include_usage=False, created=1)
    translator.feed(*ANTHROPIC_EVENTS[0])
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    with pytest.raises(UpstreamError) as info:
        translator.feed("error", error)
    assert (info.value.code, info.value.http_status) == ("upstream_stream_error", 502)


# ---------------------------------------------------------------------------------------------
# OpenAI chunks -> Anthropic events


def chunk(
    delta: dict[str, Any] | None = None, finish: str | None = None, **extra: Any
) -> dict[str, Any]:
    choices = (
        []
        if delta is None
        else [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]
    )
    return {
        "id": "chatcmpl-B9x",
        "object": "chat.completion.chunk",
        "created": 1741569952,
        "model": "gpt-4o-2024-08-06",
        "system_fingerprint": "fp_1",
        "choices": choices,
        **extra,
    }


def tool_delta(index: int, arguments: str, call_id: str = "", name: str = "") -> dict[str, Any]:
    call: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if call_id:
        call |= {
            "id": call_id,
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }
    return {"tool_calls": [call]}


OPENAI_CHUNKS: list[dict[str, Any]] = [
    chunk({"role": "assistant", "content": "", "refusal": None}, usage=None),
    chunk({"content": "Checking"}),
    chunk({"content": " now."}),
    chunk(tool_delta(0, "", "call_a", "weather")),
    chunk(tool_delta(0, '{"city"')),
    chunk(tool_delta(0, ': "Paris"}')),
    chunk(tool_delta(1, "", "call_b", "clock")),
    chunk(tool_delta(1, '{"tz": "CET"}')),
    chunk({}, "tool_calls"),
    chunk(
        None,
        usage={
            "prompt_tokens": 30,
            "completion_tokens": 20,
            "total_tokens": 50,
            "prompt_tokens_details": {"cached_tokens": 10},
        },
    ),  # include_usage: after the finish_reason, with no choices
]


def run_chat_stream(chunks: list[dict[str, Any]]) -> list[Event]:
    translator = ChatStreamToMessages("claude-alias")
    events = [event for c in chunks for event in translator.feed(c)] + translator.finish()
    assert translator.finish() == []
    for name, data in events:  # the Anthropic SDK's own event types accept every event
        assert data["type"] == name
        EVENT.validate_python(data)
    return events


def test_openai_stream_to_anthropic_events() -> None:
    events = run_chat_stream(OPENAI_CHUNKS)
    assert [(n, d.get("index")) for n, d in events if n.startswith("content_block_s")] == [
        ("content_block_start", 0),
        ("content_block_stop", 0),
        ("content_block_start", 1),
        ("content_block_stop", 1),
        ("content_block_start", 2),
        ("content_block_stop", 2),
    ]
    assert events[0][1]["message"]["id"] == "msg_B9x"
    assert events[0][1]["message"]["model"] == "claude-alias"
    assert events[-2] == (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {
                "input_tokens": 20,
                "output_tokens": 20,
                "cache_read_input_tokens": 10,
                "cache_creation_input_tokens": 0,
            },
        },
    )
    assert events[-1] == ("message_stop", {"type": "message_stop"})


def test_openai_stream_reassembles_in_the_anthropic_sdk() -> None:
    message = anthropic_sdk_reassemble(run_chat_stream(OPENAI_CHUNKS))
    assert message.stop_reason == "tool_use"
    assert [
        b.model_dump(include={"type", "text", "id", "name", "input"}) for b in message.content
    ] == [
        {"type": "text", "text": "Checking now."},
        {"type": "tool_use", "id": "call_a", "name": "weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "call_b", "name": "clock", "input": {"tz": "CET"}},
    ]
    assert (message.usage.input_tokens, message.usage.output_tokens) == (20, 20)


def test_text_after_a_tool_call_opens_a_new_block() -> None:
    events = run_chat_stream(
        [chunk(tool_delta(0, "{}", "call_a", "f")), chunk({"content": "done"}), chunk({}, "stop")]
    )
    starts = [d["content_block"]["type"] for n, d in events if n == "content_block_start"]
    assert starts == ["tool_use", "text"]
    assert anthropic_sdk_reassemble(events).stop_reason == "tool_use"  # tool calls were made


def test_empty_openai_stream_still_yields_a_valid_message() -> None:
    events = run_chat_stream([])
    assert [n for n, _ in events] == ["message_start", "message_delta", "message_stop"]
    assert events[0][1]["message"]["id"].startswith("msg_")
    message = anthropic_sdk_reassemble(events)
    assert (message.content, message.stop_reason) == ([], "end_turn")


@pytest.mark.parametrize(
    ("finish_reason", "stop_reason"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("content_filter", "refusal"),
        (None, "end_turn"),
    ],
)
def test_openai_stream_finish_reason(finish_reason: Any, stop_reason: str) -> None:
    events = run_chat_stream([chunk({"content": "x"}, finish_reason)])
    assert events[-2][1]["delta"]["stop_reason"] == stop_reason


def test_openai_stream_errors_raise() -> None:
    translator = ChatStreamToMessages("m")
    translator.feed(chunk(tool_delta(0, "{", "call_a", "f")))
    translator.feed(chunk(tool_delta(1, "{}", "call_b", "g")))
    with pytest.raises(UpstreamError) as info:  # arguments for a call whose block is closed
        translator.feed(chunk(tool_delta(0, "}")))
    assert info.value.code == "upstream_stream_error"
    with pytest.raises(UpstreamError):
        ChatStreamToMessages("m").feed({"error": {"message": "overloaded"}})


def test_double_translation_of_a_stream_is_lossless() -> None:
    """Anthropic events -> OpenAI chunks -> Anthropic events: the SDK sees the same answer."""
    message = anthropic_sdk_reassemble(run_chat_stream(run_messages_stream(ANTHROPIC_EVENTS)))
    assert message.stop_reason == "tool_use"
    assert [b.model_dump(include={"type", "text", "id", "input"}) for b in message.content] == [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "toolu_01A", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "toolu_01B", "input": {"tz": "CET"}},
    ]
    assert (message.usage.input_tokens, message.usage.output_tokens) == (25, 89)
    assert message.usage.cache_read_input_tokens == 10
