"""Data protection through the gateway, driven by the official SDKs against the fake provider.

What the fake provider records is what left the gateway: no raw value may be in it. The fake
echoes the user's text back (in 5-character stream pieces, so tokens split mid-chunk), which is
how pseudonym restoration is observed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx
import openai
import pytest

from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import ant, oai
from tests.fakes.upstream import FakeUpstream

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
IBAN = "DE89 3704 0044 0532 0130 00"
SECRET = "sk-proj-" + "T3kq9XbL2mZp7RvW4yNc8HdJ1sFg6QaE0uYt5iOo"
PROMPT = f"Please write to {EMAIL} about the refund; card {CARD}, key {SECRET}."
RAW = (EMAIL, "4111", "1111 1111", SECRET, "T3kq9XbL2m")

EXTRA = """\
  gpt-strict: {provider: oai, model: gpt-test, policy: strict}
  gpt-tools-echo: {provider: oai, model: tool-echo}
  claude-tools-echo: {provider: ant, model: tool-echo}
policies:
  default:
    actions: {public: allow, internal: pseudonymize, sensitive: pseudonymize, restricted: mask}
    vault: {conversation: true}
  strict:
    actions: {public: allow, internal: mask, sensitive: pseudonymize, restricted: block}
  hashing:
    actions: {public: allow, internal: hash, sensitive: hash, restricted: hash}
    output: {actions: {public: allow, internal: allow, sensitive: allow, restricted: allow}}
"""


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("protect")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    g = start_gateway(tmp, gateway_config(upstream, key_file, EXTRA))
    yield g
    g.stop()
    log = g.log()
    for needle in (*RAW, IBAN, "Traceback"):
        assert needle not in log, f"log contains {needle!r}"


def _sent(fake: FakeUpstream) -> str:
    return json.dumps([r.body for r in fake.requests])


def _assert_clean(fake: FakeUpstream) -> None:
    sent = _sent(fake)
    assert fake.requests, "nothing reached the provider"
    for raw in RAW:
        assert raw not in sent, f"{raw!r} left the gateway"


def test_openai_request_is_redacted_and_answer_restored(gw: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gw).chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}]
    )
    _assert_clean(fake)
    sent = fake.requests[0].body["messages"][0]["content"]
    assert "<EMAIL_1>" in sent and "[CREDIT_CARD]" in sent and "[OPENAI_API_KEY]" in sent
    # the echoed pseudonym comes back as the original; masks stay masks
    content = resp.choices[0].message.content or ""
    assert EMAIL in content and "[CREDIT_CARD]" in content and SECRET not in content


def test_openai_stream_restores_tokens_split_across_chunks(gw: Gateway, fake: FakeUpstream) -> None:
    filler = " The meeting moved to the afternoon and the agenda is unchanged." * 4
    stream = oai(gw).chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT + filler}], stream=True
    )
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    _assert_clean(fake)
    text = "".join(pieces)
    assert text.startswith("echo: Please write to " + EMAIL)
    assert "[CREDIT_CARD]" in text and SECRET not in text and text.endswith(filler)
    assert len([p for p in pieces if p]) > 5  # released progressively, not in one lump


def test_parts_system_and_tool_arguments_are_covered(gw: Gateway, fake: FakeUpstream) -> None:
    oai(gw).chat.completions.create(
        model="gpt",
        messages=[
            {"role": "system", "content": f"Escalations go to {EMAIL}."},
            {"role": "user", "content": [{"type": "text", "text": PROMPT}]},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "pay", "arguments": json.dumps({"card": CARD})},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": f"charged {CARD} for {EMAIL}"},
        ],
    )
    _assert_clean(fake)
    args = fake.requests[0].body["messages"][2]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(args) == {"card": "[CREDIT_CARD]"}


@pytest.mark.parametrize("stream", [False, True])
def test_tool_call_arguments_are_restored(gw: Gateway, fake: FakeUpstream, stream: bool) -> None:
    messages = [{"role": "user", "content": f"mail {EMAIL} now"}]
    client = oai(gw)
    if stream:
        args = ""
        for chunk in client.chat.completions.create(
            model="gpt-tools-echo", messages=messages, stream=True
        ):
            for call in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
                args += (call.function.arguments or "") if call.function else ""
    else:
        resp = client.chat.completions.create(model="gpt-tools-echo", messages=messages)
        calls = resp.choices[0].message.tool_calls or []
        args = calls[0].function.arguments  # type: ignore[union-attr]
    _assert_clean(fake)
    assert json.loads(args) == {"note": f"mail {EMAIL} now"}


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_blocks_and_system(gw: Gateway, fake: FakeUpstream, stream: bool) -> None:
    kwargs = {
        "model": "claude",
        "max_tokens": 100,
        "system": [{"type": "text", "text": f"Owner: {EMAIL}"}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": PROMPT}]}],
    }
    if stream:
        with ant(gw).messages.stream(**kwargs) as s:  # type: ignore[arg-type]
            text = s.get_final_text()
    else:
        msg = ant(gw).messages.create(**kwargs)  # type: ignore[arg-type]
        text = "".join(b.text for b in msg.content if b.type == "text")
    _assert_clean(fake)
    assert EMAIL in text and "[CREDIT_CARD]" in text


def test_anthropic_tool_use_input_is_restored(gw: Gateway, fake: FakeUpstream) -> None:
    with ant(gw).messages.stream(
        model="claude-tools-echo",
        max_tokens=100,
        messages=[{"role": "user", "content": f"mail {EMAIL} now"}],
    ) as s:
        msg = s.get_final_message()
    _assert_clean(fake)
    tool = next(b for b in msg.content if b.type == "tool_use")
    assert tool.input == {"note": f"mail {EMAIL} now"}


def test_openai_client_on_anthropic_model_is_protected(gw: Gateway, fake: FakeUpstream) -> None:
    resp = oai(gw).chat.completions.create(
        model="claude", messages=[{"role": "user", "content": PROMPT}]
    )
    _assert_clean(fake)
    assert EMAIL in (resp.choices[0].message.content or "")


def test_embeddings_input_is_redacted(gw: Gateway, fake: FakeUpstream) -> None:
    oai(gw).embeddings.create(model="embed", input=[PROMPT, f"iban {IBAN}"])
    _assert_clean(fake)
    assert IBAN not in _sent(fake)


def test_block_is_422_and_nothing_leaves(gw: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as err:
        oai(gw).chat.completions.create(
            model="gpt-strict", messages=[{"role": "user", "content": PROMPT}]
        )
    assert fake.requests == []
    body = err.value.body
    assert isinstance(body, dict)
    message = str(body.get("message"))
    assert "CREDIT_CARD" in message and "messages[0].content" in message
    for raw in RAW:
        assert raw not in message
    assert body.get("code") == "sensitive_data_blocked"


def test_block_applies_to_anthropic_clients_too(gw: Gateway, fake: FakeUpstream) -> None:
    with pytest.raises(anthropic.UnprocessableEntityError):
        ant(gw).messages.create(
            model="gpt-strict",
            max_tokens=10,
            messages=[{"role": "user", "content": f"iban {IBAN}"}],
        )
    assert fake.requests == []


def test_key_policy_hash(gw: Gateway, fake: FakeUpstream) -> None:
    _, key = gw.create_key(name="hasher", role="service", environment="dev", policy="hashing")
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0)
    try:
        for _ in range(2):
            client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": f"who is {EMAIL}?"}]
            )
    finally:
        client.close()
    _assert_clean(fake)
    first, second = (r.body["messages"][0]["content"] for r in fake.requests)
    assert first == second and "[EMAIL:" in first


def test_conversation_vault_keeps_tokens_across_turns(gw: Gateway, fake: FakeUpstream) -> None:
    headers = {"x-ferryman-conversation": "conv-42"}
    client = oai(gw)
    other = "bob.smith@example.org"
    client.chat.completions.create(
        model="gpt",
        messages=[{"role": "user", "content": f"{other} and {EMAIL}"}],
        extra_headers=headers,
    )
    client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": f"now {EMAIL}"}], extra_headers=headers
    )
    second = fake.requests[1].body["messages"][0]["content"]
    assert second == "now <EMAIL_2>"  # the token it had in the first turn
    bad = httpx.post(
        gw.url + "/v1/chat/completions",
        headers={"authorization": f"Bearer {gw.key}", "x-ferryman-conversation": "bad id!"},
        json={"model": "gpt", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert bad.status_code == 400


def test_images_pass_under_default_but_not_under_strict(gw: Gateway, fake: FakeUpstream) -> None:
    parts = [
        {"type": "text", "text": "what is this"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
    ]
    oai(gw).chat.completions.create(model="gpt", messages=[{"role": "user", "content": parts}])
    assert len(fake.requests) == 1
    with pytest.raises(openai.UnprocessableEntityError) as err:
        oai(gw).chat.completions.create(
            model="gpt-strict", messages=[{"role": "user", "content": parts}]
        )
    assert "cannot be inspected" in str(err.value)
    assert len(fake.requests) == 1


def test_unknown_key_policy_fails_closed(gw: Gateway, fake: FakeUpstream) -> None:
    _, key = gw.create_key(name="lost", role="service", environment="dev", policy="nope")
    r = httpx.post(
        gw.url + "/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": "gpt", "messages": [{"role": "user", "content": PROMPT}]},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "policy_not_configured"
    assert fake.requests == []


def test_redactions_are_counted_in_metrics(gw: Gateway, fake: FakeUpstream) -> None:
    oai(gw).chat.completions.create(model="gpt", messages=[{"role": "user", "content": PROMPT}])
    text = httpx.get(gw.url + "/metrics").text
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith("ferryman_redactions_total{")
        and 'direction="request"' in ln
        and 'type="EMAIL"' in ln
    )
    assert float(line.rsplit(" ", 1)[1]) >= 1


def test_config_rejects_unknown_types_and_missing_classes(tmp_path: Path) -> None:
    from ferryman.errors import ConfigError
    from ferryman.settings.loader import parse_settings

    with pytest.raises(ConfigError, match="EMAILS"):
        parse_settings("policies: {p: {classes: {EMAILS: public}}}")
    with pytest.raises(ConfigError, match="restricted"):
        parse_settings("policies: {p: {actions: {public: allow}}}")
