"""The official openai SDK against the gateway: only base_url and key change."""

from __future__ import annotations

import asyncio

import openai
import pytest

from tests.conftest import AZ_KEY, OAI_KEY, Gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream


def test_chat_reaches_provider_with_provider_key_only(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "hello gateway"}]
    )
    assert resp.choices[0].message.content == "echo: hello gateway"
    assert resp.usage is not None and resp.usage.total_tokens == 18
    (sent,) = fake.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {OAI_KEY}"
    assert gateway.key not in str(sent.headers)
    assert sent.body["model"] == "gpt-test"  # alias replaced by the provider's model


def test_response_carries_request_id(gateway: Gateway, fake: FakeUpstream) -> None:
    raw = oai(gateway).chat.completions.with_raw_response.create(
        model="gpt", messages=[{"role": "user", "content": "hi"}]
    )
    assert len(raw.headers["x-request-id"]) >= 16


def test_unknown_fields_are_forwarded(gateway: Gateway, fake: FakeUpstream) -> None:
    oai(gateway).chat.completions.create(
        model="gpt",
        messages=[{"role": "user", "content": "hi"}],
        seed=42,
        extra_body={"some_new_param": {"x": 1}},
    )
    assert fake.requests[0].body["seed"] == 42
    assert fake.requests[0].body["some_new_param"] == {"x": 1}


def test_streaming_relays_every_chunk(gateway: Gateway, fake: FakeUpstream) -> None:
    stream = oai(gateway).chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "stream me please"}], stream=True
    )
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == "echo: stream me please"
    assert len(pieces) > 3  # relayed chunk by chunk, not buffered into one


def test_streaming_with_usage(gateway: Gateway, fake: FakeUpstream) -> None:
    stream = oai(gateway).chat.completions.create(
        model="gpt",
        messages=[{"role": "user", "content": "x"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 18


def test_async_client(gateway: Gateway, fake: FakeUpstream) -> None:
    async def run() -> list[str]:
        async with openai.AsyncOpenAI(
            base_url=gateway.url + "/v1", api_key=gateway.key, max_retries=0
        ) as aclient:
            calls = [
                aclient.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": f"n{i}"}]
                )
                for i in range(10)
            ]
            results = await asyncio.gather(*calls)
            stream = await aclient.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": "async stream"}], stream=True
            )
            text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
            return [r.choices[0].message.content or "" for r in results] + [text]

    out = asyncio.run(run())
    assert out[:10] == [f"echo: n{i}" for i in range(10)]
    assert out[10] == "echo: async stream"


def test_tool_calls_round_trip(gateway: Gateway, fake: FakeUpstream) -> None:
    tools = [
        {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}
    ]
    resp = oai(gateway).chat.completions.create(
        model="gpt-tools", messages=[{"role": "user", "content": "weather?"}], tools=tools
    )
    call = resp.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert call.function.name == "get_weather"  # type: ignore[union-attr]
    assert fake.requests[0].body["tools"] == tools


def test_embeddings(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).embeddings.create(model="embed", input=["a", "b"])
    assert len(resp.data) == 2
    assert resp.data[0].embedding == pytest.approx([0.1, 0.2, 0.3])
    assert fake.requests[0].path == "/v1/embeddings"
    assert fake.requests[0].body["model"] == "embed-test"


def test_embeddings_on_chat_only_model_is_400(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        oai(gateway).embeddings.create(model="claude", input="a")
    assert info.value.code == "model_not_supported"
    assert fake.requests == []


def test_models_lists_aliases(gateway: Gateway) -> None:
    ids = [m.id for m in oai(gateway).models.list()]
    assert {"gpt", "claude", "demo", "embed"} <= set(ids)
    assert "gpt-test" not in ids  # provider model names are not exposed as callable ids
    demo = oai(gateway).models.retrieve("demo")
    assert demo.owned_by == "ferryman-demo"
    with pytest.raises(openai.NotFoundError):
        oai(gateway).models.retrieve("nope")


def test_unknown_model_is_404(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        oai(gateway).chat.completions.create(
            model="gpt-9", messages=[{"role": "user", "content": "x"}]
        )
    assert info.value.code == "model_not_found"
    assert fake.requests == []


def test_azure_deployment_url_and_key(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gateway).chat.completions.create(
        model="azure-gpt", messages=[{"role": "user", "content": "hi azure"}]
    )
    assert resp.choices[0].message.content == "echo: hi azure"
    sent = fake.requests[0]
    assert sent.path == "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21"
    assert sent.headers["api-key"] == AZ_KEY
    assert "authorization" not in sent.headers


def test_demo_provider_chat_stream_and_embeddings(gateway: Gateway, fake: FakeUpstream) -> None:
    c = oai(gateway)
    resp = c.chat.completions.create(model="demo", messages=[{"role": "user", "content": "ping"}])
    assert resp.choices[0].message.content == "[demo] You said: ping"
    stream = c.chat.completions.create(
        model="demo", messages=[{"role": "user", "content": "a b c"}], stream=True
    )
    assert (
        "".join(ch.choices[0].delta.content or "" for ch in stream if ch.choices)
        == "[demo] You said: a b c"
    )
    emb = c.embeddings.create(model="demo", input="x")
    assert len(emb.data[0].embedding) == 64
    again = c.embeddings.create(model="demo", input="x")
    assert again.data[0].embedding == emb.data[0].embedding  # deterministic
    assert fake.requests == []  # the demo provider never touches the network
