"""Switching provider is a config change: each SDK works against a model of the other format."""

from __future__ import annotations

import json

import openai

from tests.conftest import ANT_KEY, OAI_KEY, Gateway
from tests.e2e.clients import ant, oai
from tests.fakes.upstream import FakeUpstream

TOOLS_OAI = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]
TOOLS_ANT = [
    {
        "name": "get_weather",
        "description": "Weather for a city",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
    }
]


def test_openai_client_on_anthropic_model(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).chat.completions.create(
        model="claude",
        messages=[
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hello claude"},
        ],
        max_tokens=50,
        stop=["END"],
    )
    assert resp.choices[0].message.content == "echo: hello claude"
    assert resp.choices[0].finish_reason == "stop"
    assert resp.usage is not None and resp.usage.prompt_tokens == 11
    sent = fake.requests[0]
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == ANT_KEY
    assert sent.body["system"] == "be brief"
    assert sent.body["max_tokens"] == 50
    assert sent.body["stop_sequences"] == ["END"]
    assert (
        sent.body["messages"]
        == [{"role": "user", "content": [{"type": "text", "text": "hello claude"}]}]
        or sent.body["messages"][0]["role"] == "user"
    )


def test_openai_client_streams_from_anthropic_model(gateway: Gateway, fake: FakeUpstream) -> None:
    stream = oai(gateway).chat.completions.create(
        model="claude",
        messages=[{"role": "user", "content": "stream across"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "echo: stream across"
    assert [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ] == ["stop"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 7


def test_openai_client_tool_call_from_anthropic_model(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).chat.completions.create(
        model="claude-tools",
        messages=[{"role": "user", "content": "weather?"}],
        tools=TOOLS_OAI,  # type: ignore[arg-type]
    )
    call = resp.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert resp.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "get_weather"  # type: ignore[union-attr]
    assert json.loads(call.function.arguments) == {"city": "Paris"}  # type: ignore[union-attr]
    assert fake.requests[0].body["tools"][0]["input_schema"]["type"] == "object"
    # the tool result goes back, translated into a tool_result block
    oai(gateway).chat.completions.create(
        model="claude-tools",
        tools=TOOLS_OAI,  # type: ignore[arg-type]
        messages=[
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},  # type: ignore[list-item]
            {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
        ],
    )
    turns = fake.requests[1].body["messages"]
    assert turns[1]["content"][0]["type"] == "tool_use"
    assert (
        turns[2]["content"][0]
        == {"type": "tool_result", "tool_use_id": call.id, "content": "sunny"}
        or turns[2]["content"][0]["tool_use_id"] == call.id
    )


def test_openai_client_streamed_tool_call_from_anthropic_model(
    gateway: Gateway, fake: FakeUpstream
) -> None:
    stream = oai(gateway).chat.completions.create(
        model="claude-tools",
        messages=[{"role": "user", "content": "weather?"}],
        tools=TOOLS_OAI,
        stream=True,  # type: ignore[arg-type]
    )
    args = ""
    name = None
    for chunk in stream:
        for tc in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
            name = name or (tc.function.name if tc.function else None)
            args += (tc.function.arguments or "") if tc.function else ""
    assert name == "get_weather"
    assert json.loads(args) == {"city": "Paris"}


def test_anthropic_client_on_openai_model(gateway: Gateway, fake: FakeUpstream) -> None:
    msg = ant(gateway).messages.create(
        model="gpt",
        max_tokens=40,
        system="be brief",
        messages=[{"role": "user", "content": "hello gpt"}],
    )
    assert msg.content[0].text == "echo: hello gpt"  # type: ignore[union-attr]
    assert msg.stop_reason == "end_turn"
    assert msg.usage.input_tokens == 11
    sent = fake.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {OAI_KEY}"
    assert sent.body["messages"][0] == {"role": "system", "content": "be brief"}
    assert sent.body["max_tokens"] == 40


def test_anthropic_client_streams_from_openai_model(gateway: Gateway, fake: FakeUpstream) -> None:
    with ant(gateway).messages.stream(
        model="gpt", max_tokens=40, messages=[{"role": "user", "content": "stream back"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "echo: stream back"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens == 7
    assert fake.requests[0].body["stream_options"] == {"include_usage": True}


def test_anthropic_client_tool_use_from_openai_model(gateway: Gateway, fake: FakeUpstream) -> None:
    msg = ant(gateway).messages.create(
        model="gpt-tools",
        max_tokens=40,
        tools=TOOLS_ANT,
        messages=[{"role": "user", "content": "w?"}],  # type: ignore[arg-type]
    )
    block = msg.content[0]
    assert block.type == "tool_use" and block.input == {"city": "Paris"}  # type: ignore[union-attr]
    assert msg.stop_reason == "tool_use"
    with ant(gateway).messages.stream(
        model="gpt-tools",
        max_tokens=40,
        tools=TOOLS_ANT,
        messages=[{"role": "user", "content": "w?"}],  # type: ignore[arg-type]
    ) as stream:
        final = stream.get_final_message()
    assert final.content[0].input == {"city": "Paris"}  # type: ignore[union-attr]


def test_anthropic_client_on_demo_model(gateway: Gateway, fake: FakeUpstream) -> None:
    msg = ant(gateway).messages.create(
        model="demo", max_tokens=40, messages=[{"role": "user", "content": "hi demo"}]
    )
    assert msg.content[0].text == "[demo] You said: hi demo"  # type: ignore[union-attr]


def test_untranslatable_parameter_is_400(gateway: Gateway, fake: FakeUpstream) -> None:
    try:
        oai(gateway).chat.completions.create(
            model="claude", messages=[{"role": "user", "content": "x"}], n=3
        )
    except openai.BadRequestError as exc:
        assert exc.code == "unsupported_parameter"
    else:
        raise AssertionError("expected 400")
    assert fake.requests == []


def test_fallback_to_another_provider(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).chat.completions.create(
        model="gpt-fallback", messages=[{"role": "user", "content": "fall over"}]
    )
    assert resp.choices[0].message.content == "echo: fall over"
    assert [r.path for r in fake.requests] == ["/v1/chat/completions", "/v1/messages"]
