"""Metrics from the requests' audit events: bounded labels, the right units, and the histograms
on a real gateway's /metrics after real requests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from prometheus_client import REGISTRY

from ferryman.audit.event import AuditEvent
from ferryman.observability.monitor import Monitor
from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream


def ev(**kw: Any) -> AuditEvent:
    base: dict[str, Any] = {
        "request_id": "r",
        "endpoint": "chat",
        "status": 200,
        "outcome": "ok",
        "latency_ms": 10.0,
        "bytes_in": 10,
    }
    return AuditEvent(**{**base, **kw})


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def deltas(probes: dict[str, tuple[str, dict[str, str]]], act: Any) -> dict[str, float]:
    before = {k: sample(n, **lb) for k, (n, lb) in probes.items()}
    act()
    return {k: sample(n, **lb) - before[k] for k, (n, lb) in probes.items()}


def test_an_event_feeds_every_metric_in_seconds_with_bounded_labels() -> None:
    mon = Monitor(providers=["oai", "ant"])
    event = ev(
        provider="oai",
        latency_ms=250.0,
        upstream_ms=249.6,
        overhead_ms=0.4,
        prompt_tokens=12,
        completion_tokens=30,
        cost_usd=0.0021,
    )
    probes = {
        "duration": (
            "ferryman_request_duration_seconds_sum",
            {"endpoint": "chat", "status_class": "2xx"},
        ),
        "le_250ms": (
            "ferryman_request_duration_seconds_bucket",
            {"endpoint": "chat", "status_class": "2xx", "le": "0.25"},
        ),
        "upstream": ("ferryman_upstream_duration_seconds_count", {"provider": "oai"}),
        "overhead_le_0.5ms": (
            "ferryman_gateway_overhead_seconds_bucket",
            {"endpoint": "chat", "le": "0.0005"},
        ),
        "overhead_le_0.25ms": (
            "ferryman_gateway_overhead_seconds_bucket",
            {"endpoint": "chat", "le": "0.00025"},
        ),
        "prompt": ("ferryman_tokens_total", {"direction": "prompt", "provider": "oai"}),
        "completion": ("ferryman_tokens_total", {"direction": "completion", "provider": "oai"}),
        "cost": ("ferryman_cost_usd_total", {"provider": "oai"}),
        "ok": ("ferryman_outcomes_total", {"outcome": "ok"}),
        "ttft": ("ferryman_ttft_seconds_count", {"provider": "oai"}),
    }
    got = deltas(probes, lambda: mon.observe(event))
    assert got["duration"] == pytest.approx(0.25)
    assert got["le_250ms"] == 1
    assert got["upstream"] == 1
    assert got["overhead_le_0.5ms"] == 1 and got["overhead_le_0.25ms"] == 0
    assert got["prompt"] == 12 and got["completion"] == 30
    assert got["cost"] == pytest.approx(0.0021)
    assert got["ok"] == 1
    assert got["ttft"] == 0  # not streamed


def test_unknown_providers_error_types_outcomes_and_endpoints_become_other() -> None:
    mon = Monitor(providers=["oai"])
    event = ev(
        endpoint="something-new",
        status=503,
        outcome="weird",
        provider="sk-live-not-a-provider",
        error_type="surprising_error",
        ttft_ms=120.0,
        prompt_tokens=5,
    )
    probes = {
        "endpoint": (
            "ferryman_request_duration_seconds_count",
            {"endpoint": "other", "status_class": "5xx"},
        ),
        "ttft": ("ferryman_ttft_seconds_count", {"provider": "other"}),
        "tokens": ("ferryman_tokens_total", {"direction": "prompt", "provider": "other"}),
        "error": ("ferryman_errors_total", {"type": "other"}),
        "outcome": ("ferryman_outcomes_total", {"outcome": "other"}),
    }
    assert deltas(probes, lambda: mon.observe(event)) == dict.fromkeys(probes, 1.0) | {
        "tokens": 5.0
    }
    assert sample("ferryman_ttft_seconds_count", provider="sk-live-not-a-provider") == 0
    text = "\n".join(f"{s.name}{s.labels}" for metric in REGISTRY.collect() for s in metric.samples)
    assert "sk-live-not-a-provider" not in text and "surprising_error" not in text


def test_known_error_types_keep_their_name() -> None:
    mon = Monitor()
    for kind in ("authentication_error", "upstream_error", "policy_violation"):
        probe = {"n": ("ferryman_errors_total", {"type": kind})}
        assert deltas(probe, lambda k=kind: mon.observe(ev(status=400, error_type=k))) == {"n": 1}


def scrape(gw: Gateway) -> str:
    resp = httpx.get(gw.url + "/metrics", timeout=10)
    assert resp.status_code == 200
    return resp.text


def value(text: str, name: str, **labels: str) -> float:
    """One sample from Prometheus text, labels matched in any order."""
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_:]+)(?:\{(.*)\})? (\S+)", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        if found == labels:
            return float(match[3])
    return 0.0


@pytest.fixture()
def gateway(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """A gateway of its own: the session's has served the whole suite, whose failing requests
    of the last five minutes may hold the upstream error-rate alert on."""
    tmp = tmp_path_factory.mktemp("monitor")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    gw = start_gateway(tmp, gateway_config(upstream, key_file))
    yield gw
    gw.stop()


def test_metrics_show_the_histograms_after_real_requests(gateway: Gateway) -> None:
    before = scrape(gateway)
    client = oai(gateway)
    client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "hi"}])
    stream = client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    for _ in stream:
        pass
    with pytest.raises(openai.APIStatusError):
        client.chat.completions.create(
            model="gpt-500", messages=[{"role": "user", "content": "hi"}]
        )
    after = scrape(gateway)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("ferryman_request_duration_seconds_count", endpoint="chat", status_class="2xx") == 2
    assert grew("ferryman_request_duration_seconds_count", endpoint="chat", status_class="5xx") == 1
    assert grew("ferryman_upstream_duration_seconds_count", provider="oai") >= 2
    assert grew("ferryman_ttft_seconds_count", provider="oai") == 1
    assert grew("ferryman_gateway_overhead_seconds_count", endpoint="chat") >= 1
    assert grew("ferryman_tokens_total", direction="prompt", provider="oai") > 0
    assert grew("ferryman_errors_total", type="upstream_error") == 1
    assert grew("ferryman_outcomes_total", outcome="ok") == 2
    assert "# TYPE ferryman_gateway_overhead_seconds histogram" in after
    assert 'ferryman_gateway_overhead_seconds_bucket{endpoint="chat",le="0.0001"}' in after
    assert 'ferryman_alert_active{name="upstream_error_rate"} 0.0' in after
    assert value(after, "ferryman_audit_queue_capacity") == 10_000
