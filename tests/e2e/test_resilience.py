"""Upstream resilience end to end: retries, fallback by policy, circuit breakers (in process and
shared through Redis), key rotation, idempotency - against the real fake upstream.

Redis on 127.0.0.1:6379 is required: the shared-circuit tests fail, never skip, without it."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream, wait_for

REDIS_URL = "redis://127.0.0.1:6379/0"
GOOD_KEY = "sk-provider-good-0123456789"
BAD_KEY = "sk-provider-bad-0123456789"


_FAST = (
    "retry: {attempts: 3, base_delay_ms: 10, max_delay_ms: 50, max_total_s: 5, "
    "max_retry_after_s: 2}"
)


def _providers(upstream: FakeUpstream, circuit_provider: str) -> str:
    return f"""  flaky:
    kind: openai
    base_url: {upstream.base}/v1
    api_key: ${{FM_TEST_OAI_KEY}}
    timeouts: {{connect: 2, read: 1.5, total: 10}}
    {_FAST}
  keyed:
    kind: openai
    base_url: {upstream.base}/v1
    api_key: [${{FM_GOOD_KEY}}, ${{FM_BAD_KEY}}]
    {_FAST}
  {circuit_provider}:
    kind: openai
    base_url: {upstream.base}/v1
    api_key: ${{FM_TEST_OAI_KEY}}
    retry: {{attempts: 1}}
    circuit: {{consecutive_failures: 3, open_s: 1.5, min_requests: 1000}}
"""


def _models(circuit_provider: str) -> str:
    return f"""  r-fail-then-ok: {{provider: flaky, model: fail-then-ok}}
  r-429: {{provider: flaky, model: flaky-429}}
  r-reset-then-ok: {{provider: flaky, model: reset-then-ok}}
  r-reset: {{provider: flaky, model: reset}}
  r-500: {{provider: flaky, model: fail-500}}
  r-garbage: {{provider: flaky, model: garbage}}
  r-slow-start: {{provider: flaky, model: slow-stream-start}}
  r-route-timeout:
    provider: flaky
    model: slow
    timeouts: {{connect: 1, read: 0.4, total: 2}}
  r-slow-ok: {{provider: flaky, model: slow-ok}}
  r-echo: {{provider: flaky, model: echo}}
  r-keys: {{provider: keyed, model: key-check}}
  r-to-strict: {{provider: flaky, model: fail-500, fallbacks: [r-strict]}}
  r-strict: {{provider: ant, model: claude-test, policy: strict}}
  r-to-same: {{provider: flaky, model: fail-500, fallbacks: [claude]}}
  cb-fail: {{provider: {circuit_provider}, model: fail-503}}
  cb-ok: {{provider: {circuit_provider}, model: echo}}
policies:
  strict:
    actions: {{public: allow, internal: mask, sensitive: pseudonymize, restricted: block}}
"""


def _config(upstream: FakeUpstream, tmp: Path, circuit_provider: str, cache: bool) -> str:
    key_file = tmp / "ant.key"
    key_file.write_text(ANT_KEY)
    extra = _models(circuit_provider) + (f"cache: {{url: '{REDIS_URL}'}}\n" if cache else "")
    base = gateway_config(upstream, key_file, extra)
    anchor = "  demo:\n    kind: demo\n"
    assert anchor in base
    return base.replace(anchor, anchor + _providers(upstream, circuit_provider), 1)


ENV = {"FM_GOOD_KEY": GOOD_KEY, "FM_BAD_KEY": BAD_KEY}


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("resilience")
    g = start_gateway(tmp, _config(upstream, tmp, "cbprov", cache=False), ENV)
    yield g
    g.stop()
    text = g.log()
    for needle in (GOOD_KEY, BAD_KEY, "Traceback"):
        assert needle not in text


def post(gw: Gateway, model: str, text: str = "x", **extra: object) -> httpx.Response:
    headers = {**gw.headers, **extra.pop("headers", {})}  # type: ignore[dict-item]
    body = {"model": model, "messages": [{"role": "user", "content": text}], **extra}
    return httpx.post(gw.url + "/v1/chat/completions", json=body, headers=headers, timeout=20)


def marker() -> str:
    return "m-" + secrets.token_hex(4)


def count(fake: FakeUpstream, model: str) -> int:
    return sum(1 for r in fake.requests if r.body.get("model") == model)


# ---------------------------------------------------------------- retries
def test_a_500_is_retried_and_answers(gw: Gateway, fake: FakeUpstream) -> None:
    resp = post(gw, "r-fail-then-ok", marker())
    assert resp.status_code == 200
    assert count(fake, "fail-then-ok") == 2


def test_a_429_waits_for_retry_after_then_answers(gw: Gateway, fake: FakeUpstream) -> None:
    started = time.monotonic()
    resp = post(gw, "r-429", marker())
    assert resp.status_code == 200
    assert time.monotonic() - started >= 0.9  # honoured Retry-After: 1
    assert count(fake, "flaky-429") == 2


def test_a_connection_reset_is_retried(gw: Gateway, fake: FakeUpstream) -> None:
    resp = post(gw, "r-reset-then-ok", marker())
    assert resp.status_code == 200
    assert count(fake, "reset-then-ok") == 2


def test_a_reset_every_time_is_a_clean_502_after_bounded_tries(
    gw: Gateway, fake: FakeUpstream
) -> None:
    resp = post(gw, "r-reset", marker())
    assert resp.status_code == 502
    assert count(fake, "reset") == 3


def test_persistent_500_is_502_after_three_tries(gw: Gateway, fake: FakeUpstream) -> None:
    resp = post(gw, "r-500")
    assert resp.status_code == 502
    assert count(fake, "fail-500") == 3


def test_malformed_json_is_502_and_not_retried(gw: Gateway, fake: FakeUpstream) -> None:
    resp = post(gw, "r-garbage")
    assert resp.status_code == 502
    assert count(fake, "garbage") == 1


def test_a_stream_that_does_not_start_is_504_within_the_read_timeout(
    gw: Gateway, fake: FakeUpstream
) -> None:
    started = time.monotonic()
    resp = post(gw, "r-slow-start", marker(), stream=True)
    assert resp.status_code == 504
    assert time.monotonic() - started < 3  # read timeout 1.5 s, read timeouts not retried


def test_a_route_timeout_overrides_the_provider_timeout(gw: Gateway, fake: FakeUpstream) -> None:
    started = time.monotonic()
    resp = post(gw, "r-route-timeout")
    assert resp.status_code == 504
    assert time.monotonic() - started < 1.4  # the route's read: 0.4 s, not the provider's 1.5 s


def test_a_stream_is_not_retried_after_its_first_event(gw: Gateway, fake: FakeUpstream) -> None:
    stream = oai(gw).chat.completions.create(
        model="gpt-cut", messages=[{"role": "user", "content": "hello there"}], stream=True
    )
    with pytest.raises(Exception, match="stream"):
        for _ in stream:
            pass
    assert count(fake, "cut-stream") == 1


# ---------------------------------------------------------------- fallback and policy
def test_fallback_to_a_route_with_another_policy_is_reinspected(
    gw: Gateway, fake: FakeUpstream
) -> None:
    # the fallback gets the request inspected again under its stricter policy (the stricter of
    # the two applies; the same vault keeps pseudonyms restorable)
    resp = post(gw, "r-to-strict", "login from 203.0.113.77 please")
    assert resp.status_code == 200
    sent = [r for r in fake.requests if r.path == "/v1/messages"][-1]
    assert "203.0.113.77" not in str(sent.body["messages"])
    assert "203.0.113.77" in resp.text  # restored in the answer


def test_fallback_refused_when_the_stricter_policy_blocks(gw: Gateway, fake: FakeUpstream) -> None:
    # an image passes the default policy; the strict route blocks what it cannot inspect, so the
    # fallback is refused and the primary's failure is the answer
    parts = [
        {"type": "text", "text": "what is this"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
    ]
    body = {"model": "r-to-strict", "messages": [{"role": "user", "content": parts}]}
    resp = httpx.post(gw.url + "/v1/chat/completions", json=body, headers=gw.headers, timeout=20)
    assert resp.status_code == 502
    assert not [r for r in fake.requests if r.path == "/v1/messages"]


def test_fallback_to_a_route_with_the_same_policy_is_taken(gw: Gateway, fake: FakeUpstream) -> None:
    resp = post(gw, "r-to-same", "fall over")
    assert resp.status_code == 200
    assert count(fake, "fail-500") == 1  # a fallback left: no retry of the failing target
    assert [r.path for r in fake.requests][-1] == "/v1/messages"


# ---------------------------------------------------------------- circuit breaker
def _circuit(gw: Gateway, name: str) -> str:
    return str(httpx.get(gw.url + "/readyz", timeout=5).json()["circuits"][name])


def test_circuit_opens_fails_fast_half_opens_and_closes(gw: Gateway, fake: FakeUpstream) -> None:
    for _ in range(3):
        assert post(gw, "cb-fail").status_code == 502
    assert _circuit(gw, "cbprov") == "open"
    assert 'ferryman_circuit_state{provider="cbprov"} 2.0' in httpx.get(gw.url + "/metrics").text
    before = len(fake.requests)
    started = time.monotonic()
    resp = post(gw, "cb-ok")
    assert resp.status_code == 503
    assert resp.json()["error"]["code"] == "circuit_open"
    assert time.monotonic() - started < 0.5 and len(fake.requests) == before  # failed fast
    time.sleep(1.6)  # open_s
    assert post(gw, "cb-ok", "probe").status_code == 200  # the half-open probe
    assert _circuit(gw, "cbprov") == "closed"
    assert post(gw, "cb-ok", "after").status_code == 200


def test_readyz_lists_circuits_by_provider_name_only(gw: Gateway) -> None:
    body = httpx.get(gw.url + "/readyz", timeout=5).json()
    assert set(body["circuits"]) >= {"oai", "ant", "flaky", "keyed", "cbprov"}
    assert set(body["circuits"].values()) <= {"closed", "half-open", "open"}


# ---------------------------------------------------------------- keys
def test_a_refused_key_leaves_the_rotation_with_an_alert(gw: Gateway, fake: FakeUpstream) -> None:
    statuses = [post(gw, "r-keys", f"k{i}").status_code for i in range(6)]
    used = [r.headers.get("authorization", "") for r in fake.requests]
    assert statuses.count(502) <= 1  # the bad key failed once, then was taken out
    assert sum(BAD_KEY in u for u in used) == 1
    assert sum(GOOD_KEY in u for u in used) >= 5
    assert wait_for(lambda: "provider_key_failed" in gw.log(), timeout=3)


# ---------------------------------------------------------------- idempotency
def test_an_idempotent_retry_makes_one_upstream_call(gw: Gateway, fake: FakeUpstream) -> None:
    key = {"idempotency-key": "order-" + marker()}
    first = post(gw, "r-echo", "pay once", headers=key)
    second = post(gw, "r-echo", "pay once", headers=key)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.headers.get("idempotent-replayed") == "true"
    assert count(fake, "echo") == 1


def test_the_same_key_with_another_body_is_409(gw: Gateway, fake: FakeUpstream) -> None:
    key = {"idempotency-key": "order-" + marker()}
    assert post(gw, "r-echo", "one", headers=key).status_code == 200
    resp = post(gw, "r-echo", "two", headers=key)
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "idempotency_key_reused"


def test_idempotency_keys_are_per_caller(gw: Gateway, fake: FakeUpstream) -> None:
    key = {"idempotency-key": "shared-" + marker()}
    assert post(gw, "r-echo", "mine", headers=key).status_code == 200
    _, other = gw.create_key(name="other-caller", role="service", environment="dev")
    resp = httpx.post(
        gw.url + "/v1/chat/completions",
        json={"model": "r-echo", "messages": [{"role": "user", "content": "theirs"}]},
        headers={"authorization": f"Bearer {other}", **key},
        timeout=10,
    )
    assert resp.status_code == 200  # not a 409: another caller's key space
    assert count(fake, "echo") == 2


def test_concurrent_duplicates_make_one_upstream_call(gw: Gateway, fake: FakeUpstream) -> None:
    key = {"idempotency-key": "race-" + marker()}
    results: list[httpx.Response] = []

    def go() -> None:
        results.append(post(gw, "r-slow-ok", "same", headers=key))

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200] * 4
    assert len({r.text for r in results}) == 1
    assert count(fake, "slow-ok") == 1


# ---------------------------------------------------------------- two instances, one Redis
@pytest.fixture(scope="module")
def pair(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Gateway, Gateway, str]]:
    import redis

    redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()  # fail, not skip, without Redis
    name = "cb_" + secrets.token_hex(4)  # a fresh circuit (its Redis keys) for this run
    gws = []
    for instance in ("a", "b"):
        tmp = tmp_path_factory.mktemp(f"shared-{instance}")
        gws.append(start_gateway(tmp, _config(upstream, tmp, name, cache=True), ENV))
    try:
        yield gws[0], gws[1], name
    finally:
        for g in gws:
            g.stop()


def test_two_instances_share_one_circuit(
    pair: tuple[Gateway, Gateway, str], fake: FakeUpstream
) -> None:
    a, b, name = pair
    for _ in range(3):
        assert post(a, "cb-fail").status_code == 502
    before = len(fake.requests)
    resp = post(b, "cb-ok")  # b never saw a failure itself
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "circuit_open"
    assert len(fake.requests) == before
    assert _circuit(b, name) == "open"
    time.sleep(1.6)
    assert post(b, "cb-ok", "probe").status_code == 200
    assert _circuit(a, name) == "closed"
