"""The OpenTelemetry audit sink: each event an OTLP log record of metadata, never content.

Records go over OTLP/HTTP to a real fake collector on 127.0.0.1 - from the sink in-process, and
end to end from a gateway process driven by the OpenAI SDK.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from ferryman.audit.event import AuditEvent
from ferryman.audit.sinks.otel import BODY, OtelSink, attributes
from ferryman.errors import ConfigError
from tests.conftest import ANT_KEY, OAI_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream
from tests.observability.collector import Collector, LogRecord

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
SECRET = "sk-proj-" + "T3kq9XbL2mZp7RvW4yNc8HdJ1sFg6QaE0uYt5iOo"
PROMPT = f"Please write to {EMAIL} about the refund; card {CARD}, key {SECRET}."
NEEDLES = (EMAIL, "4111", "1111 1111", SECRET, "T3kq9XbL2m", "refund", "Please write")


@pytest.fixture()
def collector() -> Iterator[Collector]:
    c = Collector()
    c.start()
    yield c
    c.stop()


def event(request_id: str = "r1") -> AuditEvent:
    return AuditEvent(
        request_id=request_id,
        endpoint="chat",
        status=200,
        outcome="ok",
        latency_ms=12.5,
        bytes_in=321,
        ts=datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC),
        alias="gpt",
        provider="oai",
        redactions={"EMAIL_ADDRESS:pseudonymize": 1},
        attempts=[{"provider": "oai", "status": 200}],
    )


def test_attributes_are_the_fields_prefixed_none_left_out_structures_as_json() -> None:
    attrs = attributes(event())
    assert attrs["ferryman.request_id"] == "r1"
    assert attrs["ferryman.status"] == 200
    assert attrs["ferryman.stream"] is False
    assert attrs["ferryman.ts"] == "2025-03-01T12:00:00Z"
    assert json.loads(str(attrs["ferryman.redactions"])) == {"EMAIL_ADDRESS:pseudonymize": 1}
    assert json.loads(str(attrs["ferryman.attempts"])) == [{"provider": "oai", "status": 200}]
    assert "ferryman.key_id" not in attrs and "ferryman.error_code" not in attrs  # None
    assert all(k.startswith("ferryman.") for k in attrs)


def test_events_arrive_as_log_records(collector: Collector) -> None:
    async def run() -> None:
        sink = OtelSink(collector.url + "/", service_name="gw-test")
        await sink.write([event("r1"), event("r2")])
        await sink.close()

    asyncio.run(run())
    assert {r.attributes["ferryman.request_id"] for r in collector.logs} == {"r1", "r2"}
    record = collector.logs[0]
    assert record.body == BODY and record.event_name == BODY and record.severity_text == "INFO"
    assert record.time_unix_nano == int(event().ts.timestamp()) * 1_000_000_000
    assert record.resource["service.name"] == "gw-test"
    assert collector.posts and set(collector.posts) == {"/v1/logs"}


def test_the_endpoint_comes_from_the_standard_variable(
    collector: Collector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url)

    async def run() -> None:
        sink = OtelSink()
        await sink.write([event()])
        await sink.close()

    asyncio.run(run())
    assert [r.attributes["ferryman.request_id"] for r in collector.logs] == ["r1"]


def test_without_the_extra_construction_is_a_clear_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk._logs", None)  # import fails
    with pytest.raises(ConfigError, match=r"pip install 'ferryman\[otel\]'") as err:
        OtelSink()
    assert err.value.__cause__ is None and err.value.__suppress_context__


# -- end to end: a gateway process, the OpenAI SDK, the fake collector ---------------------------


@pytest.fixture(scope="module")
def otel_collector() -> Iterator[Collector]:
    c = Collector()
    c.start()
    yield c
    c.stop()


@pytest.fixture(scope="module")
def gw(
    upstream: FakeUpstream, otel_collector: Collector, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("otel-audit")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    extra = "audit:\n  sinks: [database, otel]\n  flush_interval_ms: 50\n"
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": otel_collector.url, "OTEL_BLRP_SCHEDULE_DELAY": "50"}
    g = start_gateway(tmp, gateway_config(upstream, key_file, extra), env)
    yield g
    g.stop()
    assert "Traceback" not in g.log()


def _record(collector: Collector, request_id: str) -> LogRecord:
    def arrived() -> bool:
        return any(r.attributes.get("ferryman.request_id") == request_id for r in collector.logs)

    collector.wait_for(arrived)
    return next(r for r in collector.logs if r.attributes["ferryman.request_id"] == request_id)


def test_gateway_audit_events_reach_the_collector_without_content(
    gw: Gateway, otel_collector: Collector
) -> None:
    raw = oai(gw).chat.completions.with_raw_response.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}]
    )
    record = _record(otel_collector, raw.headers["x-request-id"])
    attrs = record.attributes
    assert record.body == BODY
    assert attrs["ferryman.endpoint"] == "chat"
    assert attrs["ferryman.status"] == 200
    assert attrs["ferryman.outcome"] == "ok"
    assert attrs["ferryman.alias"] == "gpt"
    assert attrs["ferryman.provider"] == "oai"
    assert attrs["ferryman.key_prefix"] and gw.key.startswith(str(attrs["ferryman.key_prefix"]))
    redactions = json.loads(str(attrs["ferryman.redactions"]))
    assert any(k.startswith("EMAIL") for k in redactions)
    assert len(str(attrs["ferryman.fingerprint"])) == 64  # a keyed hash stands for the content

    text = json.dumps(
        [[r.body, _fields(r.attributes), _fields(r.resource)] for r in otel_collector.logs]
    )
    for needle in (*NEEDLES, gw.key, OAI_KEY, ANT_KEY):
        assert needle not in text, f"an audit record carries {needle!r}"
    ids = json.dumps([[_ids(r.attributes), _ids(r.resource)] for r in otel_collector.logs])
    for needle in (*NEEDLES, gw.key, OAI_KEY, ANT_KEY):
        assert needle == "4111" or needle not in ids, f"an audit record carries {needle!r}"


#: values the gateway draws at random or from the clock: hex ids, hashes, the timestamp. A
#: four-digit needle ("4111") turns up in them by chance (~1 run in 500); they are checked for
#: the longer needles only
_RANDOM = frozenset(
    {
        "ferryman.request_id", "ferryman.id", "ferryman.key_id", "ferryman.fingerprint",
        "ferryman.ts", "service.instance.id",
    }
)  # fmt: skip


def _fields(attrs: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(attrs).items() if k not in _RANDOM}


def _ids(attrs: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(attrs).items() if k in _RANDOM}
