"""Rate, token and concurrency limits through a real gateway process, and two gateway processes
sharing one Redis (127.0.0.1:6379; these tests fail, never skip, when it is unreachable)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import openai
import pytest
import redis

from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.backends import PEPPER, postgres_database, storage_section
from tests.fakes.upstream import FakeUpstream

LIMITS = """\
limits:
  default: {rpm: 1000, tpm: 1000000, concurrency: 2}
  new_keys: null
  per_user: {rpm: 2}
  burst: 1.0
"""
RATE_HEADERS = (
    "x-ratelimit-limit-requests",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-reset-requests",
    "x-ratelimit-limit-tokens",
    "x-ratelimit-remaining-tokens",
    "x-ratelimit-reset-tokens",
)


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("limits")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    g = start_gateway(tmp, gateway_config(upstream, key_file, LIMITS))
    yield g
    g.stop()
    assert "Traceback" not in g.log()


def chat(gw: Gateway, key: str, model: str = "gpt", **body: object) -> httpx.Response:
    return httpx.post(
        gw.url + "/v1/chat/completions",
        json={"model": model, "messages": [{"role": "user", "content": "hi"}], **body},
        headers={"authorization": f"Bearer {key}"},
        timeout=15,
    )


def service_key(gw: Gateway, **limits: int) -> str:
    name = "lim-" + secrets.token_hex(4)
    return gw.create_key(name=name, role="service", environment="dev", **limits)[1]


def test_over_the_key_limit_is_429_with_retry_after_and_headers_on_every_answer(
    gw: Gateway,
) -> None:
    key = service_key(gw, rpm=5)
    answers = [chat(gw, key) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    for answer in answers:
        for header in RATE_HEADERS:
            assert header in answer.headers, (answer.status_code, header)
        assert answer.headers["x-ratelimit-limit-requests"] == "5"  # the key's own override
    assert [a.headers["x-ratelimit-remaining-requests"] for a in answers[:5]] == list("43210")
    refused = answers[5]
    assert 1 <= int(refused.headers["retry-after"]) <= 12
    assert refused.json()["error"]["code"] == "rate_limit_requests"
    assert refused.json()["error"]["type"] == "rate_limit_error"
    assert refused.headers["x-ratelimit-reset-requests"].endswith("s")
    # the SDK sees a RateLimitError with the same headers
    client = openai.OpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0)
    try:
        with pytest.raises(openai.RateLimitError) as err:
            client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "x"}])
        assert err.value.response.headers["retry-after"]
    finally:
        client.close()
    # other keys keep the default
    other = chat(gw, gw.key)
    assert other.status_code == 200 and other.headers["x-ratelimit-limit-requests"] == "1000"


def test_errors_after_admission_carry_the_headers_too(gw: Gateway) -> None:
    failed = chat(gw, service_key(gw), model="gpt-500")
    assert failed.status_code >= 500
    assert failed.headers["x-ratelimit-limit-requests"] == "1000"
    assert "x-ratelimit-remaining-tokens" in failed.headers


def test_end_users_are_limited_separately(gw: Gateway) -> None:
    key = service_key(gw)
    assert [chat(gw, key, user="alice").status_code for _ in range(3)] == [200, 200, 429]
    assert chat(gw, key, user="bob").status_code == 200
    assert chat(gw, key).status_code == 200


def test_tokens_are_corrected_by_the_reported_usage(gw: Gateway) -> None:
    # the fake provider reports 18 tokens a call; "hi" is estimated at 2: uncorrected, some 50
    # calls would fit 100 tokens per minute, corrected only about six
    key = service_key(gw, tpm=100)
    first = chat(gw, key)
    assert first.headers["x-ratelimit-remaining-tokens"] == "98"
    second = chat(gw, key)
    assert 80 <= int(second.headers["x-ratelimit-remaining-tokens"]) <= 82  # 100 - 18 - 2
    streamed = httpx.post(
        gw.url + "/v1/chat/completions",
        json={
            "model": "gpt",
            "messages": [{"role": "user", "content": "hi"}],
            "stream": True,
            "stream_options": {"include_usage": True},
        },
        headers={"authorization": f"Bearer {key}"},
        timeout=15,
    )
    assert streamed.status_code == 200 and "[DONE]" in streamed.text
    statuses = [chat(gw, key).status_code for _ in range(6)]
    assert 429 in statuses
    admitted = 3 + statuses.index(429)
    assert 5 <= admitted <= 7, statuses
    refused = chat(gw, key)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limit_tokens"


def _slow(gw: Gateway, key: str) -> int:
    return chat(gw, key, model="gpt-slow").status_code


def test_concurrency_limit_with_a_slow_upstream(gw: Gateway) -> None:
    key = service_key(gw)
    with ThreadPoolExecutor(3) as pool:
        slow = [pool.submit(_slow, gw, key) for _ in range(2)]
        time.sleep(0.5)  # both are in flight now
        third = chat(gw, key)
        assert third.status_code == 429
        assert third.json()["error"]["code"] == "concurrency_limit_exceeded"
        assert third.headers["retry-after"] == "1"
        assert [f.result() for f in slow] == [504, 504]  # the provider's read timeout (1.5 s)
    assert chat(gw, key).status_code == 200  # both slots released


def test_slots_are_released_after_errors_and_disconnects(gw: Gateway) -> None:
    key = service_key(gw)
    for _ in range(3):  # upstream failures, timeouts
        assert chat(gw, key, model="gpt-500").status_code >= 500
    for _ in range(3):  # clients that hang up mid-stream
        with (
            httpx.Client(timeout=15) as client,
            client.stream(
                "POST",
                gw.url + "/v1/chat/completions",
                json={
                    "model": "gpt-slow-stream",
                    "messages": [{"role": "user", "content": "x"}],
                    "stream": True,
                },
                headers={"authorization": f"Bearer {key}"},
            ) as resp,
        ):
            assert resp.status_code == 200
            next(resp.iter_bytes())
    deadline = time.monotonic() + 3
    statuses: list[int] = []
    while time.monotonic() < deadline:  # releases after a disconnect settle in the background
        statuses = [r.result() for r in _both(gw, key)]
        if statuses == [200, 200]:
            break
        time.sleep(0.2)
    assert statuses == [200, 200]


def _both(gw: Gateway, key: str) -> list[Any]:
    pool = ThreadPoolExecutor(2)
    try:
        return [pool.submit(lambda: chat(gw, key).status_code) for _ in range(2)]
    finally:
        pool.shutdown(wait=True)


# --- several instances on one Redis ---------------------------------------------------------

RPM = 1200  # 20 a second
DURATION_S = 8.0


@pytest.fixture(scope="module")
def pair(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Gateway, Gateway]]:
    prefix = f"ferryman-test:{secrets.token_hex(6)}:"
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    assert client.ping(), "Redis on 127.0.0.1:6379 is required"
    with postgres_database() as url:
        extra = (
            storage_section(url)
            + "auth: {pepper: ${FM_TEST_PEPPER}}\n"
            + "cache: {url: 'redis://127.0.0.1:6379/0'}\n"
            + f"limits: {{default: {{rpm: {RPM}, tpm: 100000000}}, new_keys: null, burst: 0.01, "
            + f"redis_prefix: '{prefix}'}}\n"
        )
        gws = []
        try:
            for name in ("a", "b"):
                tmp = tmp_path_factory.mktemp(f"limits-{name}")
                key_file = tmp / "ant.key"
                key_file.write_text(ANT_KEY)
                gws.append(
                    start_gateway(
                        tmp, gateway_config(upstream, key_file, extra), {"FM_TEST_PEPPER": PEPPER}
                    )
                )
            yield gws[0], gws[1]
        finally:
            for gw in gws:
                gw.stop()
            keys = list(client.scan_iter(match=prefix + "*", count=500))
            if keys:
                client.delete(*keys)
            client.close()


def test_two_instances_on_one_redis_admit_within_5_percent_of_the_limit(
    pair: tuple[Gateway, Gateway],
) -> None:
    a, b = pair
    key = a.create_key(name="shared-rate", role="service", environment="dev")[1]
    admitted = {a.url: 0, b.url: 0}
    refused = 0
    lock = threading.Lock()
    stop = time.monotonic() + DURATION_S

    def hammer(gw: Gateway) -> None:
        nonlocal refused
        with httpx.Client(timeout=10, headers={"authorization": f"Bearer {key}"}) as client:
            while time.monotonic() < stop:
                status = client.post(
                    gw.url + "/v1/chat/completions",
                    json={"model": "gpt", "messages": [{"role": "user", "content": "hi"}]},
                ).status_code
                with lock:
                    if status == 200:
                        admitted[gw.url] += 1
                    else:
                        assert status == 429, status
                        refused += 1

    started = time.monotonic()
    threads = [threading.Thread(target=hammer, args=(gw,)) for gw in (a, b, a, b, a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    expected = max(1.0, 0.01 * RPM) + elapsed * RPM / 60  # the burst, then the rate
    total = sum(admitted.values())
    assert refused > total  # the limit was what held them back
    assert all(n > 0 for n in admitted.values())  # both instances took part
    assert abs(total - expected) <= 0.05 * expected, (total, expected)
