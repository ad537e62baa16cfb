"""Request validation: typed errors name the field, never the value; upstream fields are refused."""

from __future__ import annotations

import pytest

from ferryman.errors import BadRequest
from ferryman.protocol.anthropic import MessagesRequest
from ferryman.protocol.openai import ChatCompletionRequest, EmbeddingsRequest
from ferryman.protocol.validation import FORBIDDEN_FIELDS, validate

CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize("field", sorted(FORBIDDEN_FIELDS))
def test_fields_choosing_the_upstream_are_refused(field: str) -> None:
    with pytest.raises(BadRequest) as info:
        validate(ChatCompletionRequest, {**CHAT, field: "http://evil.example"})
    assert info.value.code == "forbidden_field" and info.value.param == field


def test_unknown_fields_pass_through() -> None:
    validate(ChatCompletionRequest, {**CHAT, "brand_new_param": {"x": 1}})


@pytest.mark.parametrize(
    ("model", "body", "where"),
    [
        (
            ChatCompletionRequest,
            {**CHAT, "messages": [{"role": "user", "content": {"k": "SECRETVALUE"}}]},
            "messages[0].content",
        ),
        (ChatCompletionRequest, {**CHAT, "max_tokens": 0}, "max_tokens"),
        (EmbeddingsRequest, {"model": "m", "input": [1.5]}, "input"),
        (
            MessagesRequest,
            {"model": "m", "messages": [{"role": "user", "content": "x"}]},
            "max_tokens",
        ),
    ],
)
def test_errors_name_the_field_not_the_value(
    model: type, body: dict[str, object], where: str
) -> None:
    with pytest.raises(BadRequest) as info:
        validate(model, body)
    assert where in info.value.message
    assert "SECRETVALUE" not in info.value.message
