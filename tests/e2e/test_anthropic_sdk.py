"""The official anthropic SDK against the gateway: native pass-through to an Anthropic provider."""

from __future__ import annotations

import asyncio

import anthropic

from tests.conftest import ANT_KEY, Gateway
from tests.e2e.clients import ant
from tests.fakes.upstream import FakeUpstream


def test_messages_native(gateway: Gateway, fake: FakeUpstream) -> None:
    msg = ant(gateway).messages.create(
        model="claude", max_tokens=64, messages=[{"role": "user", "content": "hello gateway"}]
    )
    assert msg.content[0].text == "echo: hello gateway"  # type: ignore[union-attr]
    (sent,) = fake.requests
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == ANT_KEY
    assert sent.headers["anthropic-version"]  # the client's version header is passed on
    assert gateway.key not in str(sent.headers)
    assert sent.body["model"] == "claude-test"


def test_messages_stream_native(gateway: Gateway, fake: FakeUpstream) -> None:
    with ant(gateway).messages.stream(
        model="claude", max_tokens=64, messages=[{"role": "user", "content": "stream me"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "echo: stream me"
    assert final.usage.output_tokens == 7


def test_async_messages(gateway: Gateway, fake: FakeUpstream) -> None:
    async def run() -> str:
        async with anthropic.AsyncAnthropic(
            base_url=gateway.url, api_key=gateway.key, max_retries=0
        ) as c:
            msg = await c.messages.create(
                model="claude", max_tokens=10, messages=[{"role": "user", "content": "async"}]
            )
            return msg.content[0].text  # type: ignore[union-attr]

    assert asyncio.run(run()) == "echo: async"


def test_x_api_key_header_is_not_forwarded(gateway: Gateway, fake: FakeUpstream) -> None:
    ant(gateway).messages.create(
        model="claude", max_tokens=5, messages=[{"role": "user", "content": "x"}]
    )
    assert fake.requests[0].headers["x-api-key"] == ANT_KEY


def test_anthropic_errors_use_anthropic_shape(gateway: Gateway, fake: FakeUpstream) -> None:
    try:
        ant(gateway).messages.create(
            model="no-such-model", max_tokens=5, messages=[{"role": "user", "content": "x"}]
        )
    except anthropic.NotFoundError as exc:
        assert exc.body["type"] == "error"  # type: ignore[index]
        assert exc.body["error"]["type"] == "not_found_error"  # type: ignore[index]
    else:
        raise AssertionError("expected 404")


def test_models_list_through_anthropic_sdk(gateway: Gateway) -> None:
    ids = [m.id for m in ant(gateway).models.list()]
    assert "claude" in ids
