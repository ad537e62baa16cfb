"""Upstream trouble maps to clear 4xx/5xx errors; streams end with an error event, not silence."""

from __future__ import annotations

import anthropic
import httpx
import openai
import pytest

from tests.conftest import OAI_KEY, Gateway
from tests.e2e.clients import ant, oai
from tests.fakes.upstream import LEAKY_KEY, FakeUpstream, wait_for


def chat(gw: Gateway, model: str, **kw: object) -> object:
    return oai(gw).chat.completions.create(
        model=model, messages=[{"role": "user", "content": "x"}], **kw
    )  # type: ignore[call-overload]


def test_upstream_5xx_is_502(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        chat(gateway, "gpt-500")
    assert info.value.status_code == 502
    assert "boom" not in str(info.value.body)


def test_upstream_4xx_is_relayed_sanitized(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        chat(gateway, "gpt-400")
    message = info.value.body["message"]  # type: ignore[index]
    assert "max_tokens" in message
    assert LEAKY_KEY not in message and "sk-live" not in message


def test_upstream_4xx_relayed_to_anthropic_client(gateway: Gateway, fake: FakeUpstream) -> None:
    client = ant(gateway)
    with pytest.raises(anthropic.BadRequestError) as info:
        client.messages.create(
            model="claude-400", max_tokens=5, messages=[{"role": "user", "content": "x"}]
        )
    assert LEAKY_KEY not in str(info.value.body)


def test_upstream_auth_failure_is_502_not_401(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        chat(gateway, "gpt-401")
    assert info.value.status_code == 502
    assert info.value.body["code"] == "upstream_auth_failed"  # type: ignore[index]
    assert LEAKY_KEY not in str(info.value.body) and OAI_KEY not in str(info.value.body)


def test_upstream_429_keeps_retry_after(gateway: Gateway, fake: FakeUpstream) -> None:
    resp = httpx.post(
        gateway.url + "/v1/chat/completions",
        json={"model": "gpt-429", "messages": [{"role": "user", "content": "x"}]},
        headers=gateway.headers,
        timeout=10,
    )
    assert resp.status_code == 429
    assert resp.headers["retry-after"] == "7"


def test_upstream_timeout_is_504(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        chat(gateway, "gpt-slow")
    assert info.value.status_code == 504


def test_upstream_garbage_is_502(gateway: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.APIStatusError) as info:
        chat(gateway, "gpt-garbage")
    assert info.value.status_code == 502


def test_upstream_cut_mid_stream_ends_with_error_event(
    gateway: Gateway, fake: FakeUpstream
) -> None:
    stream = chat(gateway, "gpt-cut", stream=True)
    with pytest.raises(openai.APIError) as info:
        for _ in stream:  # type: ignore[attr-defined]
            pass
    assert "stream" in str(info.value.message)


def test_upstream_cut_mid_stream_anthropic_client(gateway: Gateway, fake: FakeUpstream) -> None:
    client = ant(gateway)
    with (
        pytest.raises(anthropic.APIError),
        client.messages.stream(
            model="claude-cut",
            max_tokens=5,
            messages=[{"role": "user", "content": "hello there friend"}],
        ) as stream,
    ):
        for _ in stream.text_stream:
            pass


def test_client_disconnect_cancels_upstream_stream(gateway: Gateway, fake: FakeUpstream) -> None:
    with httpx.stream(
        "POST",
        gateway.url + "/v1/chat/completions",
        json={
            "model": "gpt-slow-stream",
            "messages": [{"role": "user", "content": "x"}],
            "stream": True,
        },
        headers=gateway.headers,
        timeout=10,
    ) as resp:
        lines = resp.iter_lines()
        seen = [next(lines) for _ in range(3)]
        assert any("tick" in line or "role" in line for line in seen)
    # the gateway noticed, dropped its upstream connection, and the fake saw the reset
    assert wait_for(lambda: "slow-stream" in fake.aborted_streams, timeout=5)


def test_client_disconnect_cancels_a_non_streamed_upstream_call(
    gateway: Gateway, fake: FakeUpstream
) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            gateway.url + "/v1/chat/completions",
            json={"model": "gpt-slow", "messages": [{"role": "user", "content": "x"}]},
            headers=gateway.headers,
            timeout=httpx.Timeout(5, read=0.5),
        )
    # the gateway dropped its upstream call as soon as the client left (not after 3 s)
    assert wait_for(lambda: "slow" in fake.aborted_streams, timeout=2)
    assert wait_for(lambda: "client disconnected before the answer" in gateway.log(), timeout=2)
