"""OpenAI Chat Completions <-> Anthropic Messages translation of requests and responses."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from anthropic.types import Message
from openai.types.chat import ChatCompletion, ChatCompletionMessageFunctionToolCall

from ferryman.errors import BadRequest
from ferryman.protocol.translate import (
    DEFAULT_MAX_TOKENS,
    chat_request_to_messages,
    chat_response_to_messages,
    messages_request_to_chat,
    messages_response_to_chat,
)

SECRET = "s3cret-user-content"  # planted in request content: must never reach an error message
PNG = "iVBORw0KGgo="
WEATHER_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
}


def chat_body(**extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": SECRET}], **extra}


def anthropic_body(**extra: Any) -> dict[str, Any]:
    return {
        "model": "claude-x",
        "max_tokens": 256,
        "messages": [{"role": "user", "content": SECRET}],
        **extra,
    }


def raises_bad_request(call: Any, *args: Any) -> BadRequest:
    with pytest.raises(BadRequest) as info:
        call(*args)
    assert SECRET not in info.value.message
    assert SECRET not in str(info.value.to_openai())
    return info.value


# ---------------------------------------------------------------------------------------------
# OpenAI request -> Anthropic request


def test_chat_request_full_conversation() -> None:
    body = {
        "model": "gpt-4o",
        "messages": [
            {"role": "developer", "content": "Be terse."},
            {"role": "system", "content": [{"type": "text", "text": "Use metric units."}]},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather in these places?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                    {
                        "type": "image_url",
                        "image_url": {"url": "https://example.com/a.jpg", "detail": "low"},
                    },
                ],
            },
            {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
                    },
                    {
                        "id": "call_2",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city": "Oslo"}'},
                    },
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "21C"},
            {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "3C"}]},
            {"role": "user", "content": "Thanks, and tomorrow?"},
        ],
        "max_completion_tokens": 300,
        "temperature": 0.2,
        "top_p": 0.9,
        "stop": "END",
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "weather",
                    "description": "Current weather",
                    "parameters": WEATHER_SCHEMA,
                    "strict": True,
                },
            }
        ],
        "tool_choice": "required",
        "parallel_tool_calls": False,
        "user": "user-42",
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    original = copy.deepcopy(body)

    out = chat_request_to_messages(body, "claude-sonnet-4-5")

    assert body == original  # input untouched
    assert out == {
        "model": "claude-sonnet-4-5",
        "system": "Be terse.\n\nUse metric units.",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather in these places?"},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                    },
                    {
                        "type": "image",
                        "source": {"type": "url", "url": "https://example.com/a.jpg"},
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Checking."},
                    {
                        "type": "tool_use",
                        "id": "call_1",
                        "name": "weather",
                        "input": {"city": "Paris"},
                    },
                    {
                        "type": "tool_use",
                        "id": "call_2",
                        "name": "weather",
                        "input": {"city": "Oslo"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": "21C"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "call_2",
                        "content": [{"type": "text", "text": "3C"}],
                    },
                    {"type": "text", "text": "Thanks, and tomorrow?"},
                ],
            },
        ],
        "max_tokens": 300,
        "temperature": 0.2,
        "top_p": 0.9,
        "stop_sequences": ["END"],
        "tools": [
            {"name": "weather", "description": "Current weather", "input_schema": WEATHER_SCHEMA}
        ],
        "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
        "metadata": {"user_id": "user-42"},
        "stream": True,
    }


def test_chat_request_merges_turns_and_leads_with_tool_results() -> None:
    body = chat_body(
        messages=[
            {"role": "user", "content": "a"},
            {
                "role": "user",
                "content": [{"type": "text", "text": "b"}, {"type": "text", "text": ""}],
            },
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "t1", "type": "function", "function": {"name": "f", "arguments": ""}},
                ],
            },
            {"role": "assistant", "content": ""},  # empty: dropped
            {"role": "user", "content": "note first"},
            {"role": "tool", "tool_call_id": "t1", "content": ""},
        ]
    )
    assert chat_request_to_messages(body, "m")["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "t1"},
                {"type": "text", "text": "note first"},
            ],
        },
    ]


DEFAULT_KEYS = {"model", "messages", "max_tokens"}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, {"max_tokens": DEFAULT_MAX_TOKENS}),
        ({"max_tokens": 100}, {"max_tokens": 100}),
        ({"max_tokens": 100, "max_completion_tokens": 50}, {"max_tokens": 50}),
        ({"stop": ["a", "b"]}, {"stop_sequences": ["a", "b"]}),
        ({"stop": None}, {}),
        ({"temperature": 1, "top_p": 0.5}, {"temperature": 1, "top_p": 0.5}),
        ({"user": "u1"}, {"metadata": {"user_id": "u1"}}),
        ({"stream": False}, {"stream": False}),
        ({"tool_choice": "auto", "parallel_tool_calls": True}, {}),  # no tools: nothing to say
    ],
)
def test_chat_request_parameters(extra: dict[str, Any], expected: dict[str, Any]) -> None:
    out = chat_request_to_messages(chat_body(**extra), "m")
    assert set(out) == DEFAULT_KEYS | set(expected)
    assert {k: out[k] for k in expected} == expected


TOOL = {"type": "function", "function": {"name": "f"}}


@pytest.mark.parametrize(
    ("tool_choice", "parallel", "expected"),
    [
        (None, None, None),
        ("auto", None, {"type": "auto"}),
        ("required", None, {"type": "any"}),
        ("none", None, {"type": "none"}),
        ({"type": "function", "function": {"name": "f"}}, None, {"type": "tool", "name": "f"}),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        ("none", False, {"type": "none"}),
        ("auto", True, {"type": "auto"}),
    ],
)
def test_chat_request_tool_choice(tool_choice: Any, parallel: Any, expected: Any) -> None:
    body = chat_body(tools=[TOOL], tool_choice=tool_choice, parallel_tool_calls=parallel)
    out = chat_request_to_messages(body, "m")
    assert out["tools"] == [{"name": "f", "input_schema": {"type": "object", "properties": {}}}]
    assert out.get("tool_choice") == expected


def test_chat_request_drops_harmless_parameters() -> None:
    body = chat_body(
        stream_options={"include_usage": True},
        seed=7,
        frequency_penalty=0,
        presence_penalty=None,
        store=True,
        metadata={"k": "v"},
        service_tier="auto",
        reasoning_effort="low",
        n=1,
        logprobs=False,
        response_format={"type": "text"},
        modalities=["text"],
        some_future_parameter={"x": 1},
    )
    assert set(chat_request_to_messages(body, "m")) == DEFAULT_KEYS


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"n": 2}, "n"),
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 3}, "top_logprobs"),
        ({"frequency_penalty": 0.5}, "frequency_penalty"),
        ({"presence_penalty": -1}, "presence_penalty"),
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"response_format": {"type": "json_schema", "json_schema": {}}}, "response_format"),
        ({"audio": {"voice": "alloy", "format": "mp3"}}, "audio"),
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"functions": [{"name": "f"}]}, "functions"),
        ({"function_call": "auto"}, "function_call"),
        ({"temperature": 1.5}, "temperature"),
        ({"tools": [{"type": "custom", "custom": {"name": SECRET}}]}, "tools[0].type"),
        ({"tools": [TOOL], "tool_choice": {"type": "allowed_tools"}}, "tool_choice"),
    ],
)
def test_chat_request_unsupported_parameters(extra: dict[str, Any], param: str) -> None:
    error = raises_bad_request(chat_request_to_messages, chat_body(**extra), "m")
    assert (error.code, error.param, error.http_status) == ("unsupported_parameter", param, 400)


def _call(arguments: Any) -> dict[str, Any]:
    function = {"name": "f", "arguments": arguments}
    return {
        "role": "assistant",
        "tool_calls": [{"id": "c", "type": "function", "function": function}],
    }


@pytest.mark.parametrize(
    ("messages", "code", "param"),
    [
        ("hello", "invalid_request", "messages"),
        ([SECRET], "invalid_request", "messages[0]"),
        ([{"role": "wizard", "content": SECRET}], "invalid_request", "messages[0].role"),
        ([{"role": "user", "content": 5}], "invalid_request", "messages[0].content"),
        ([{"role": "user", "content": [SECRET]}], "invalid_request", "messages[0].content[0]"),
        (
            [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": SECRET}}]}],
            "invalid_request",
            "messages[0].content[0].image_url.url",
        ),
        (
            [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}],
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        (
            [{"role": "system", "content": [{"type": "image_url", "image_url": {}}]}],
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        (
            [{"role": "user"}, _call("{" + SECRET)],
            "invalid_request",
            "messages[1].tool_calls[0].function.arguments",
        ),
        (
            [_call(f'["{SECRET}"]')],
            "invalid_request",
            "messages[0].tool_calls[0].function.arguments",
        ),
        ([{"role": "tool", "content": SECRET}], "invalid_request", "messages[0].tool_call_id"),
        (
            [{"role": "function", "name": "f", "content": SECRET}],
            "unsupported_parameter",
            "messages[0].role",
        ),
        (
            [{"role": "assistant", "function_call": {"name": "f", "arguments": "{}"}}],
            "unsupported_parameter",
            "messages[0].function_call",
        ),
    ],
)
def test_chat_request_rejects_malformed_messages(messages: Any, code: str, param: str) -> None:
    error = raises_bad_request(chat_request_to_messages, chat_body(messages=messages), "m")
    assert (error.code, error.param) == (code, param)


# ---------------------------------------------------------------------------------------------
# Anthropic response -> OpenAI response

ANTHROPIC_RESPONSE: dict[str, Any] = {
    "id": "msg_01AbC",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [
        {"type": "thinking", "thinking": "hmm", "signature": "sig"},
        {"type": "text", "text": "Let me check. "},
        {"type": "tool_use", "id": "toolu_01", "name": "weather", "input": {"city": "Paris"}},
        {"type": "text", "text": "One moment."},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 100,
        "cache_creation_input_tokens": 20,
        "cache_read_input_tokens": 30,
        "output_tokens": 40,
    },
}


def test_messages_response_to_chat() -> None:
    out = messages_response_to_chat(ANTHROPIC_RESPONSE, "my-alias")
    completion = ChatCompletion.model_validate(out)  # the OpenAI SDK's own parser accepts it
    assert completion.id == "chatcmpl-msg_01AbC"
    assert completion.model == "my-alias"
    assert isinstance(out["created"], int)
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Let me check. One moment."
    assert choice.message.refusal is None
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert isinstance(call, ChatCompletionMessageFunctionToolCall)
    assert (call.id, call.type) == ("toolu_01", "function")
    assert (call.function.name, call.function.arguments) == ("weather", '{"city":"Paris"}')
    assert out["usage"] == {
        "prompt_tokens": 150,
        "completion_tokens": 40,
        "total_tokens": 190,
        "prompt_tokens_details": {"cached_tokens": 30},
    }


def test_messages_response_to_chat_tool_use_only_has_null_content() -> None:
    resp = {**ANTHROPIC_RESPONSE, "content": ANTHROPIC_RESPONSE["content"][2:3], "usage": {}}
    out = messages_response_to_chat(resp, "m")
    ChatCompletion.model_validate(out)
    assert out["choices"][0]["message"]["content"] is None
    assert out["usage"]["total_tokens"] == 0


@pytest.mark.parametrize(
    ("stop_reason", "finish_reason"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("pause_turn", "stop"),
        ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        (None, "stop"),
    ],
)
def test_stop_reason_maps_to_finish_reason(stop_reason: Any, finish_reason: str) -> None:
    resp = {**ANTHROPIC_RESPONSE, "content": [{"type": "text", "text": "x"}]}
    out = messages_response_to_chat({**resp, "stop_reason": stop_reason}, "m")
    ChatCompletion.model_validate(out)
    assert out["choices"][0]["finish_reason"] == finish_reason


# ---------------------------------------------------------------------------------------------
# Anthropic request -> OpenAI request


def test_messages_request_full_conversation() -> None:
    body = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 512,
        "system": [
            {"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": "Use metric units."},
        ],
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather here?"},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                    },
                    {"type": "image", "source": {"type": "url", "url": "https://e.com/a.jpg"}},
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "...", "signature": "sig"},
                    {"type": "text", "text": "Checking."},
                    {
                        "type": "tool_use",
                        "id": "toolu_1",
                        "name": "weather",
                        "input": {"city": "Paris"},
                    },
                    {"type": "tool_use", "id": "toolu_2", "name": "clock", "input": {}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Also:", "cache_control": {"type": "ephemeral"}},
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "21C"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_2",
                        "is_error": True,
                        "content": [
                            {"type": "text", "text": "clock"},
                            {"type": "text", "text": "down"},
                        ],
                    },
                    {"type": "text", "text": "and tomorrow?"},
                ],
            },
            {"role": "assistant", "content": "Sunny."},
        ],
        "temperature": 0.3,
        "top_p": 0.8,
        "top_k": 40,
        "stop_sequences": ["END"],
        "tools": [
            {"name": "weather", "description": "Current weather", "input_schema": WEATHER_SCHEMA},
            {"type": "custom", "name": "clock", "input_schema": {"type": "object"}},
        ],
        "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
        "metadata": {"user_id": "user-42"},
        "stream": True,
        "thinking": {"type": "enabled", "budget_tokens": 1024},
    }
    original = copy.deepcopy(body)

    out = messages_request_to_chat(body, "gpt-4o")

    assert body == original
    assert out == {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "Be terse.\n\nUse metric units."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather here?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                    {"type": "image_url", "image_url": {"url": "https://e.com/a.jpg"}},
                ],
            },
            {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {
                        "id": "toolu_1",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
                    },
                    {
                        "id": "toolu_2",
                        "type": "function",
                        "function": {"name": "clock", "arguments": "{}"},
                    },
                ],
            },
            {"role": "tool", "tool_call_id": "toolu_1", "content": "21C"},
            {"role": "tool", "tool_call_id": "toolu_2", "content": "clock\n\ndown"},
            {"role": "user", "content": "Also:\n\nand tomorrow?"},
            {"role": "assistant", "content": "Sunny."},
        ],
        "max_tokens": 512,
        "temperature": 0.3,
        "top_p": 0.8,
        "stop": ["END"],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "weather",
                    "description": "Current weather",
                    "parameters": WEATHER_SCHEMA,
                },
            },
            {"type": "function", "function": {"name": "clock", "parameters": {"type": "object"}}},
        ],
        "tool_choice": "required",
        "parallel_tool_calls": False,
        "user": "user-42",
        "stream": True,
        "stream_options": {"include_usage": True},
    }


@pytest.mark.parametrize(
    ("tool_choice", "expected"),
    [
        ({"type": "auto"}, {"tool_choice": "auto"}),
        ({"type": "any"}, {"tool_choice": "required"}),
        ({"type": "none"}, {"tool_choice": "none"}),
        (
            {"type": "tool", "name": "f"},
            {"tool_choice": {"type": "function", "function": {"name": "f"}}},
        ),
        (
            {"type": "auto", "disable_parallel_tool_use": True},
            {"tool_choice": "auto", "parallel_tool_calls": False},
        ),
    ],
)
def test_messages_request_tool_choice(tool_choice: Any, expected: dict[str, Any]) -> None:
    body = anthropic_body(tools=[{"name": "f", "input_schema": {}}], tool_choice=tool_choice)
    out = messages_request_to_chat(body, "m")
    assert out["tools"] == [
        {
            "type": "function",
            "function": {"name": "f", "parameters": {"type": "object", "properties": {}}},
        }
    ]
    assert {k: v for k, v in out.items() if k in ("tool_choice", "parallel_tool_calls")} == expected


def test_messages_request_minimal() -> None:
    out = messages_request_to_chat(anthropic_body(stream=False, top_k=5, metadata={}), "m")
    assert out == {
        "model": "m",
        "messages": [{"role": "user", "content": SECRET}],
        "max_tokens": 256,
        "stream": False,
    }


@pytest.mark.parametrize(
    ("extra", "param", "label"),
    [
        (
            {"tools": [{"type": "web_search_20250305", "name": "web_search"}]},
            "tools[0]",
            "web_search_20250305",
        ),
        ({"tools": [{"type": "bash_20250124", "name": "bash"}]}, "tools[0]", "bash_20250124"),
        ({"mcp_servers": [{"type": "url", "url": "https://x"}]}, "mcp_servers", None),
        ({"tools": [{"name": "f"}], "tool_choice": {"type": "weird"}}, "tool_choice", None),
        ({"system": [{"type": "image", "source": {}}]}, "system[0]", "image"),
    ],
)
def test_messages_request_unsupported_parameters(
    extra: dict[str, Any], param: str, label: str | None
) -> None:
    error = raises_bad_request(messages_request_to_chat, anthropic_body(**extra), "m")
    assert (error.code, error.param) == ("unsupported_parameter", param)
    assert label is None or label in error.message


DOCUMENT = {
    "type": "document",
    "source": {"type": "text", "media_type": "text/plain", "data": SECRET},
}


@pytest.mark.parametrize(
    ("message", "code", "param"),
    [
        (
            {"role": "user", "content": [DOCUMENT]},
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        (
            {"role": "user", "content": [{"type": "search_result", "source": SECRET}]},
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        (
            {
                "role": "user",
                "content": [{"type": "image", "source": {"type": "file", "file_id": "f"}}],
            },
            "unsupported_parameter",
            "messages[0].content[0].source",
        ),
        (
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "content": [
                            {
                                "type": "image",
                                "source": {
                                    "type": "base64",
                                    "media_type": "image/png",
                                    "data": PNG,
                                },
                            },
                        ],
                    }
                ],
            },
            "unsupported_parameter",
            "messages[0].content[0].content[0]",
        ),
        (
            {
                "role": "assistant",
                "content": [{"type": "server_tool_use", "id": "s", "name": "web_search"}],
            },
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        (
            {"role": "user", "content": [{"type": f"x {SECRET}"}]},
            "unsupported_parameter",
            "messages[0].content[0]",
        ),
        ({"role": "system", "content": SECRET}, "invalid_request", "messages[0].role"),
        ({"role": "user", "content": None}, "invalid_request", "messages[0].content"),
        (
            {"role": "user", "content": [{"type": "text", "text": 1}]},
            "invalid_request",
            "messages[0].content[0].text",
        ),
        (
            {"role": "assistant", "content": [{"type": "tool_use", "name": "f", "input": {}}]},
            "invalid_request",
            "messages[0].content[0].id",
        ),
        (SECRET, "invalid_request", "messages[0]"),
    ],
)
def test_messages_request_rejects_untranslatable_content(
    message: Any, code: str, param: str
) -> None:
    error = raises_bad_request(messages_request_to_chat, anthropic_body(messages=[message]), "m")
    assert (error.code, error.param) == (code, param)


# ---------------------------------------------------------------------------------------------
# OpenAI response -> Anthropic response

OPENAI_RESPONSE: dict[str, Any] = {
    "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
    "object": "chat.completion",
    "created": 1741569952,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "On it.",
                "refusal": None,
                "annotations": [],
                "tool_calls": [
                    {
                        "id": "call_a",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
                    },
                    {
                        "id": "call_b",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city": "Par'},  # truncated
                    },
                ],
            },
            "logprobs": None,
            "finish_reason": "tool_calls",
        }
    ],
    "usage": {
        "prompt_tokens": 120,
        "completion_tokens": 30,
        "total_tokens": 150,
        "prompt_tokens_details": {"cached_tokens": 100, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    },
    "service_tier": "default",
    "system_fingerprint": "fp_abc",
}


def test_chat_response_to_messages() -> None:
    out = chat_response_to_messages(OPENAI_RESPONSE, "claude-alias")
    message = Message.model_validate(out)  # the Anthropic SDK's own parser accepts it
    assert message.id == "msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT"
    assert message.model == "claude-alias"
    assert message.stop_reason == "tool_use"
    assert out["content"] == [
        {"type": "text", "text": "On it."},
        {"type": "tool_use", "id": "call_a", "name": "weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "call_b", "name": "weather", "input": {}},  # never crash
    ]
    assert out["usage"] == {
        "input_tokens": 20,
        "output_tokens": 30,
        "cache_read_input_tokens": 100,
        "cache_creation_input_tokens": 0,
    }


@pytest.mark.parametrize(
    ("finish_reason", "tool_calls", "stop_reason"),
    [
        ("stop", None, "end_turn"),
        ("length", None, "max_tokens"),
        ("tool_calls", [{"id": "c", "function": {"name": "f", "arguments": "{}"}}], "tool_use"),
        ("function_call", None, "tool_use"),
        ("content_filter", None, "refusal"),
        (None, None, "end_turn"),
        # a compatible server answering tool calls with "stop": the client must still run them
        ("stop", [{"id": "c", "function": {"name": "f", "arguments": "{}"}}], "tool_use"),
    ],
)
def test_finish_reason_maps_to_stop_reason(
    finish_reason: Any, tool_calls: Any, stop_reason: str
) -> None:
    message = {"role": "assistant", "content": "x", "tool_calls": tool_calls}
    resp = {"id": "chatcmpl-1", "choices": [{"message": message, "finish_reason": finish_reason}]}
    out = chat_response_to_messages(resp, "m")
    assert Message.model_validate(out).stop_reason == stop_reason


def test_chat_response_to_messages_degenerate_shapes() -> None:
    empty = chat_response_to_messages({"id": "x", "choices": []}, "m")
    Message.model_validate(empty)
    assert (empty["id"], empty["content"], empty["stop_reason"]) == ("msg_x", [], "end_turn")
    refusal = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    resp = {"id": "chatcmpl-r", "choices": [{"message": refusal, "finish_reason": "stop"}]}
    assert chat_response_to_messages(resp, "m")["content"] == [
        {"type": "text", "text": "I can't help with that."}
    ]


# ---------------------------------------------------------------------------------------------
# Round trips with tool calls


def test_openai_client_served_by_anthropic_round_trip() -> None:
    """OpenAI client -> Anthropic upstream -> OpenAI client, then the tool answers go back up."""
    tools = [{"type": "function", "function": {"name": "weather", "parameters": WEATHER_SCHEMA}}]
    conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
    upstream = chat_request_to_messages({"messages": conversation, "tools": tools}, "claude")
    assert upstream["tools"][0]["input_schema"] == WEATHER_SCHEMA

    answer = messages_response_to_chat(ANTHROPIC_RESPONSE, "alias")
    assistant = ChatCompletion.model_validate(answer).choices[0].message
    conversation.append(assistant.model_dump(exclude_none=True))  # what the SDK user sends back
    conversation.append({"role": "tool", "tool_call_id": "toolu_01", "content": "21C"})

    second = chat_request_to_messages({"messages": conversation, "tools": tools}, "claude")
    assert second["messages"][1:] == [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Let me check. One moment."},
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": "weather",
                    "input": {"city": "Paris"},
                },
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "21C"}],
        },
    ]


def test_anthropic_client_served_by_openai_round_trip() -> None:
    """Anthropic client -> OpenAI upstream -> Anthropic client, then the tool results go back up."""
    conversation: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
    tools = [{"name": "weather", "input_schema": WEATHER_SCHEMA}]
    messages_request_to_chat(anthropic_body(messages=conversation, tools=tools), "gpt")

    answer = Message.model_validate(chat_response_to_messages(OPENAI_RESPONSE, "alias"))
    conversation.append({"role": "assistant", "content": [b.model_dump() for b in answer.content]})
    conversation.append(
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "call_a", "content": "21C"},
                {"type": "tool_result", "tool_use_id": "call_b", "content": "bad args"},
            ],
        }
    )
    second = messages_request_to_chat(anthropic_body(messages=conversation, tools=tools), "gpt")
    assert second["messages"][1:] == [
        {
            "role": "assistant",
            "content": "On it.",
            "tool_calls": [
                {
                    "id": "call_a",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
                },
                {
                    "id": "call_b",
                    "type": "function",
                    "function": {"name": "weather", "arguments": "{}"},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "call_a", "content": "21C"},
        {"role": "tool", "tool_call_id": "call_b", "content": "bad args"},
    ]


def test_openai_request_survives_a_double_translation() -> None:
    messages = [
        {"role": "system", "content": "Be terse."},
        {"role": "user", "content": "Weather in Paris and Oslo?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": f"call_{c}", "type": "function", "function": {"name": "w", "arguments": a}}
                for c, a in (("p", '{"city":"Paris"}'), ("o", '{"city":"Oslo"}'))
            ],
        },
        {"role": "tool", "tool_call_id": "call_p", "content": "21C"},
        {"role": "tool", "tool_call_id": "call_o", "content": "3C"},
        {"role": "user", "content": "Thanks."},
    ]
    there = chat_request_to_messages(chat_body(messages=messages, max_tokens=9), "claude")
    back = messages_request_to_chat(there, "gpt")
    assert back == {"model": "gpt", "messages": messages, "max_tokens": 9}
