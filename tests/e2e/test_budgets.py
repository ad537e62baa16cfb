"""Budgets end to end: a real gateway, the OpenAI and Anthropic SDKs, the fake upstream (which
reports 11 prompt + 7 completion tokens per answer).

Prices are set so one answer costs exactly 18 * 1000 / 1e6 = 0.018 USD; a request with
``max_tokens=16`` reserves its worst case (body bytes + 16 tokens at 1000 USD/Mtok, ~0.1 USD)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest

from ferryman.settings.model import Settings
from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.backends import PEPPER, postgres_database
from tests.fakes.upstream import FakeUpstream

COST = 0.018  # 11 + 7 tokens at 1000 USD per million
PRICES = """
budgets:
  track_uncapped: true   # these tests read uncapped rows from /admin/usage
  prices:
    gpt-test: {input_per_mtok: 1000, output_per_mtok: 1000}
    claude-test: {input_per_mtok: 1000, output_per_mtok: 1000}
"""
MESSAGES = [{"role": "user", "content": "count this"}]


def _config(upstream: FakeUpstream, tmp: Path, extra: str = "") -> str:
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    text = gateway_config(upstream, key_file, PRICES + extra)
    if "limits" in Settings.model_fields:  # rate limits would cap the 50 concurrent requests
        text += "limits: {enabled: false}\n"
    return text


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("budgets")
    gateway = start_gateway(tmp, _config(upstream, tmp))
    yield gateway
    gateway.stop()
    assert "Traceback" not in gateway.log()


def _key(gw: Gateway, team: str, **extra: Any) -> tuple[str, str]:
    meta, secret = gw.create_key(
        name=f"k-{team}", role="service", environment="dev", team=team, **extra
    )
    return str(meta["id"]), secret


def _usage(gw: Gateway, **params: str) -> list[dict[str, Any]]:
    resp = httpx.get(gw.url + "/admin/usage", params=params, headers=gw.admin, timeout=10)
    assert resp.status_code == 200, resp.text
    return list(resp.json()["data"])


def _row(gw: Gateway, scope: str, subject: str, period: str = "month") -> dict[str, Any]:
    rows = _usage(gw, scope=scope, id=subject, period=period)
    assert len(rows) == 1, rows
    return rows[0]


def _settled(gw: Gateway, scope: str, subject: str, requests: int) -> dict[str, Any]:
    """Streams settle when they end, in the background: wait for the count."""
    deadline = time.monotonic() + 5
    while True:
        row = _row(gw, scope, subject)
        done = row["requests"] >= requests and row["reserved_usd"] == 0
        if done or time.monotonic() > deadline:
            return row
        time.sleep(0.05)


def _oai(gw: Gateway, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0)


def test_a_key_budget_refuses_with_a_clear_error(gw: Gateway) -> None:
    key_id, secret = _key(gw, "refusals", budget_usd=0.2)
    with _oai(gw, secret) as client:
        answered = 0
        with pytest.raises(openai.APIStatusError) as refused:
            for _ in range(20):
                client.chat.completions.create(model="gpt", messages=MESSAGES, max_tokens=16)
                answered += 1
    assert refused.value.status_code == 402
    error = refused.value.body
    assert isinstance(error, dict) and error["code"] == "budget_exceeded"
    assert "monthly budget of 0.20 USD" in error["message"] and "resets at" in error["message"]
    assert 4 <= answered <= 10
    row = _row(gw, "key", key_id)
    assert row["requests"] == answered and row["cap_usd"] == 0.2
    assert row["spent_usd"] == pytest.approx(answered * COST)
    assert row["reserved_usd"] == 0 and row["spent_usd"] <= 0.2
    team = _row(gw, "team", "refusals", "day")  # tracked without a cap
    assert team["cap_usd"] is None and team["requests"] == answered
    # the audit event carries the cost (events are written in batches: wait for them)
    deadline = time.monotonic() + 5
    while True:
        audit = httpx.get(
            gw.url + "/admin/audit", params={"limit": 1000}, headers=gw.admin, timeout=10
        )
        assert audit.status_code == 200, audit.text
        events = audit.json()["data"]
        costs = sorted(
            e["cost_usd"] for e in events if e["key_id"] == key_id and e["status"] == 200
        )
        if len(costs) >= answered or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert costs and costs[0] == pytest.approx(COST)


def test_streamed_usage_is_counted_and_the_extra_chunk_dropped(
    gw: Gateway, upstream: FakeUpstream
) -> None:
    key_id, secret = _key(gw, "streams")
    with _oai(gw, secret) as client:
        chunks = list(client.chat.completions.create(model="gpt", messages=MESSAGES, stream=True))
        assert chunks and all(c.choices for c in chunks)  # no usage-only chunk: not asked for
        assert all(c.usage is None for c in chunks)
        asked = list(
            client.chat.completions.create(
                model="gpt",
                messages=MESSAGES,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
        usage = [c.usage for c in asked if c.usage is not None]
        assert len(usage) == 1 and usage[0].prompt_tokens == 11
        # an OpenAI client on an Anthropic provider (translated stream)
        list(client.chat.completions.create(model="claude", messages=MESSAGES, stream=True))
    with anthropic.Anthropic(base_url=gw.url, api_key=secret, max_retries=0) as ant:
        with ant.messages.stream(model="claude", max_tokens=32, messages=MESSAGES) as stream:
            final = stream.get_final_message()
        assert final.usage.output_tokens == 7
        # an Anthropic client on an OpenAI provider
        with ant.messages.stream(model="gpt", max_tokens=32, messages=MESSAGES) as stream:
            stream.get_final_message()
    row = _settled(gw, "key", key_id, 5)
    assert row["requests"] == 5 and row["reserved_usd"] == 0
    assert row["input_tokens"] == 55 and row["output_tokens"] == 35
    assert row["spent_usd"] == pytest.approx(5 * COST)


def test_usage_filters(gw: Gateway) -> None:
    key_id, secret = _key(gw, "filters")
    with _oai(gw, secret) as client:
        client.chat.completions.create(model="gpt", messages=MESSAGES)
    rows = _usage(gw, id=key_id)
    assert {(r["scope"], r["span"]) for r in rows} == {("key", "day"), ("key", "month")}
    assert {r["span"] for r in _usage(gw, scope="team", id="filters", period="day")} == {"day"}
    assert _usage(gw, scope="team", id="filters", period="1999-01") == []
    bad = httpx.get(gw.url + "/admin/usage", params={"scope": "x"}, headers=gw.admin, timeout=5)
    assert bad.status_code == 400
    anon = httpx.get(gw.url + "/admin/usage", headers=gw.headers, timeout=5)
    assert anon.status_code == 403  # a service key has no admin access


def _hammer(gws: list[Gateway], secret: str, n: int = 50) -> list[int]:
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=n)) as client:

        def one(i: int) -> int:
            resp = client.post(
                gws[i % len(gws)].url + "/v1/chat/completions",
                headers={"authorization": f"Bearer {secret}"},
                json={"model": "gpt", "messages": MESSAGES, "max_tokens": 16},
            )
            if resp.status_code != 200:
                assert resp.json()["error"]["code"] == "budget_exceeded", resp.text
            return resp.status_code

        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(one, range(n)))


def _worst_case() -> float:
    import orjson

    body = {"model": "gpt", "messages": MESSAGES, "max_tokens": 16}
    return (len(orjson.dumps(body)) + 16) * 1000 / 1e6


CAP = 0.25


def _check_no_overshoot(gw: Gateway, statuses: list[int]) -> None:
    answered = statuses.count(200)
    assert statuses.count(402) == 50 - answered
    assert answered >= 2
    row = _settled(gw, "team", "crowd", answered)
    assert row["requests"] == answered and row["reserved_usd"] == 0
    assert row["spent_usd"] == pytest.approx(answered * COST)
    assert row["spent_usd"] <= CAP + _worst_case()  # never more than one request over
    assert row["spent_usd"] <= CAP  # (honest worst cases: not even that)


def test_fifty_concurrent_requests_never_overshoot(upstream: FakeUpstream, tmp_path: Path) -> None:
    gw = start_gateway(
        tmp_path, _config(upstream, tmp_path, f"  teams: {{crowd: {{daily_usd: {CAP}}}}}\n")
    )
    try:
        _, secret = _key(gw, "crowd")
        _check_no_overshoot(gw, _hammer([gw], secret))
    finally:
        gw.stop()


def test_two_instances_on_postgresql_share_the_budget(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> None:
    extra = f"""  teams: {{crowd: {{daily_usd: {CAP}}}}}
storage: {{url: '%s'}}
auth: {{pepper: '${{FM_TEST_PEPPER}}'}}
"""
    with postgres_database() as url:
        gws = []
        try:
            for name in ("a", "b"):
                tmp = tmp_path_factory.mktemp(f"budget-{name}")
                gws.append(
                    start_gateway(
                        tmp, _config(upstream, tmp, extra % url), {"FM_TEST_PEPPER": PEPPER}
                    )
                )
            _, secret = _key(gws[0], "crowd")
            _check_no_overshoot(gws[1], _hammer(gws, secret))
            # the spend survives a restart (it lives in the database)
            before = _row(gws[1], "team", "crowd", "day")
            gws[0].stop()
            again = start_gateway(
                gws[0].config_path.parent,
                gws[0].config_path.read_text(),
                {"FM_TEST_PEPPER": PEPPER},
            )
            gws[0] = again
            assert _row(again, "team", "crowd", "day")["spent_usd"] == before["spent_usd"]
        finally:
            for gw in gws:
                gw.stop()
