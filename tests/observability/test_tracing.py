"""Tracing: a span per request and per stage hook, metadata only, and nothing when it is off.

Spans go over OTLP/HTTP to a real fake collector on 127.0.0.1 - in-process through the chain,
and end to end through a gateway process driven by the OpenAI SDK.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator, Iterator

import openai
import pytest

from ferryman.core.chain import Chain
from ferryman.core.context import Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.core.stage import Stage, Terminal
from ferryman.errors import ConfigError, PolicyBlocked
from ferryman.observability.tracing import Tracing, build_tracing
from ferryman.settings.observability import ObservabilitySettings, TracingSettings
from tests.conftest import ANT_KEY, OAI_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream
from tests.observability.collector import Collector, Span

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
SECRET = "sk-proj-" + "T3kq9XbL2mZp7RvW4yNc8HdJ1sFg6QaE0uYt5iOo"
PROMPT = f"Please write to {EMAIL} about the refund; card {CARD}, key {SECRET}."
NEEDLES = (EMAIL, "4111", "1111 1111", SECRET, "T3kq9XbL2m", "refund", "Please write")

SERVER, INTERNAL, STATUS_ERROR = 2, 1, 2  # OTLP enum values


@pytest.fixture()
def collector() -> Iterator[Collector]:
    c = Collector()
    c.start()
    yield c
    c.stop()


def ctx(model: str = "gpt") -> RequestContext:
    return RequestContext(
        request_id="r1", endpoint=Endpoint.CHAT, body={"model": model}, alias=model
    )


class Checks(Stage):
    name = "checks"

    def __init__(self, block: bool = False) -> None:
        self.block = block

    async def on_request(self, ctx: RequestContext) -> None:
        if self.block:
            raise PolicyBlocked("blocked by policy", code="policy_blocked")

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        return None

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        return [event]

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        return []

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        return None


class Answer(Terminal):
    name = "route"

    def __init__(self, stream: bool = False) -> None:
        self.stream = stream

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        ctx.provider = "oai"
        if not self.stream:
            return JsonReply(200, raw=b'{"ok": true}')

        async def events() -> AsyncIterator[StreamEvent]:
            yield StreamEvent(data='{"n": 1}')
            yield StreamEvent(data="[DONE]")

        return StreamReply(events())


def _tracing(collector: Collector, sample_ratio: float = 1.0) -> Tracing:
    settings = TracingSettings(
        enabled=True, endpoint=collector.url + "/", sample_ratio=sample_ratio
    )
    tracing = build_tracing(settings, ["gpt"])
    assert tracing is not None
    return tracing


def _by_name(spans: list[Span]) -> dict[str, Span]:
    return {s.name: s for s in spans}


def test_without_tracing_the_chain_calls_the_stages_own_methods() -> None:
    stage, terminal = Checks(), Answer()
    chain = Chain([stage], terminal)
    # bound methods of the stages themselves: no wrapper, no per-call check
    assert chain._request == (stage.on_request,)
    assert chain._response == (stage.on_response,)
    assert chain._chunk == (stage.on_chunk,)
    assert chain._end == ((0, stage.on_stream_end),)
    assert chain._error == (stage.on_error,)
    assert chain._call == terminal.call
    assert chain._run == chain._run_stages


def test_tracing_is_off_by_default_and_builds_nothing() -> None:
    settings = ObservabilitySettings()
    assert settings.tracing.enabled is False
    assert build_tracing(settings.tracing, ["gpt"]) is None


def test_endpoint_must_be_a_plain_base_url() -> None:
    with pytest.raises(ValueError, match="credentials"):
        TracingSettings(endpoint="https://user:pw@collector:4318")
    with pytest.raises(ValueError, match="absolute"):
        TracingSettings(endpoint="collector:4318")


def test_a_span_per_hook_under_the_request_span(collector: Collector) -> None:
    tracing = _tracing(collector)
    chain = Chain([Checks()], Answer(), wrap=tracing)
    reply = asyncio.run(chain.run(ctx()))
    assert isinstance(reply, JsonReply) and reply.status == 200
    asyncio.run(tracing.aclose())

    spans = _by_name(collector.spans)
    assert set(spans) == {
        "ferryman.request",
        "stage.checks.on_request",
        "route",
        "stage.checks.on_response",
    }
    root = spans["ferryman.request"]
    assert root.kind == SERVER and root.parent_span_id == ""
    assert root.attributes == {
        "ferryman.request_id": "r1",
        "ferryman.endpoint": "chat",
        "ferryman.stream": False,
        "ferryman.alias": "gpt",
        "ferryman.provider": "oai",
        "http.response.status_code": 200,
    }
    assert root.resource["service.name"] == "ferryman"
    for name in ("stage.checks.on_request", "route", "stage.checks.on_response"):
        child = spans[name]
        assert child.trace_id == root.trace_id and child.parent_span_id == root.span_id
        assert child.kind == INTERNAL
    assert spans["route"].attributes == {"ferryman.stage": "route", "ferryman.hook": "call"}
    assert spans["stage.checks.on_request"].attributes == {
        "ferryman.stage": "checks",
        "ferryman.hook": "on_request",
    }


def test_a_rejection_marks_the_spans_with_its_code_not_its_message(collector: Collector) -> None:
    tracing = _tracing(collector)
    chain = Chain([Checks(block=True)], Answer(), wrap=tracing)
    # a caller-chosen model name is free text: it must not become an attribute
    with pytest.raises(PolicyBlocked):
        asyncio.run(chain.run(ctx(model=f"mail {EMAIL}")))
    asyncio.run(tracing.aclose())

    spans = _by_name(collector.spans)
    assert "route" not in spans and "stage.checks.on_error" in spans
    root, hook = spans["ferryman.request"], spans["stage.checks.on_request"]
    for span in (root, hook):
        assert span.status_code == STATUS_ERROR and span.status_message == ""
        assert span.attributes["error.type"] == "PolicyBlocked"
        assert span.attributes["ferryman.error_code"] == "policy_blocked"
    assert root.attributes["http.response.status_code"] == 422
    assert "ferryman.alias" not in root.attributes
    assert EMAIL not in json.dumps([s.attributes for s in collector.spans])


def test_a_streamed_request_span_ends_with_its_stream(collector: Collector) -> None:
    tracing = _tracing(collector)
    chain = Chain([Checks()], Answer(stream=True), wrap=tracing)

    async def consume() -> list[str]:
        reply = await chain.run(ctx())
        assert isinstance(reply, StreamReply)
        return [event.data async for event in reply.events]

    assert asyncio.run(consume()) == ['{"n": 1}', "[DONE]"]
    asyncio.run(tracing.aclose())

    spans = _by_name(collector.spans)
    assert {"ferryman.request", "route", "stage.checks.on_stream_end"} <= set(spans)
    assert not any(name.endswith("on_chunk") for name in spans)  # no span per chunk
    root = spans["ferryman.request"]
    assert spans["stage.checks.on_stream_end"].parent_span_id == root.span_id
    assert root.attributes["ferryman.stream"] is False
    assert root.attributes["http.response.status_code"] == 200


def test_sample_ratio_zero_exports_nothing(collector: Collector) -> None:
    tracing = _tracing(collector, sample_ratio=0.0)
    chain = Chain([Checks()], Answer(), wrap=tracing)
    asyncio.run(chain.run(ctx()))
    asyncio.run(tracing.aclose())
    assert collector.spans == []


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
    tmp = tmp_path_factory.mktemp("tracing")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    extra = f"observability:\n  tracing: {{enabled: true, endpoint: '{otel_collector.url}'}}\n"
    g = start_gateway(
        tmp, gateway_config(upstream, key_file, extra), {"OTEL_BSP_SCHEDULE_DELAY": "50"}
    )
    yield g
    g.stop()
    assert "Traceback" not in g.log()


def _request_trace(collector: Collector, request_id: str) -> list[Span]:
    def done() -> bool:
        return any(
            s.name == "ferryman.request" and s.attributes.get("ferryman.request_id") == request_id
            for s in collector.spans
        )

    collector.wait_for(done)
    root = next(
        s
        for s in collector.spans
        if s.name == "ferryman.request" and s.attributes["ferryman.request_id"] == request_id
    )
    return [s for s in collector.spans if s.trace_id == root.trace_id]


def test_gateway_request_has_a_span_per_stage_and_no_content(
    gw: Gateway, otel_collector: Collector
) -> None:
    raw = oai(gw).chat.completions.with_raw_response.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}]
    )
    request_id = raw.headers["x-request-id"]
    spans = _by_name(_request_trace(otel_collector, request_id))
    assert {
        "ferryman.request",
        "stage.authenticate.on_request",
        "stage.authorize.on_request",
        "stage.redact.on_request",
        "route",
        "stage.filter_output.on_response",
    } <= set(spans)
    root = spans["ferryman.request"]
    assert root.attributes["ferryman.alias"] == "gpt"
    assert root.attributes["ferryman.provider"] == "oai"
    assert root.attributes["http.response.status_code"] == 200
    assert all(s.parent_span_id == root.span_id for s in spans.values() if s is not root)

    text = json.dumps([[s.name, s.attributes, s.resource] for s in otel_collector.spans])
    for needle in (*NEEDLES, gw.key, OAI_KEY, ANT_KEY):
        assert needle not in text, f"a span carries {needle!r}"


def test_gateway_stream_and_refusal_are_traced(gw: Gateway, otel_collector: Collector) -> None:
    stream = oai(gw).chat.completions.with_raw_response.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}], stream=True
    )
    chunks = list(stream.parse())
    assert chunks
    spans = _by_name(_request_trace(otel_collector, stream.headers["x-request-id"]))
    assert "stage.filter_output.on_stream_end" in spans
    assert spans["ferryman.request"].attributes["ferryman.stream"] is True

    with pytest.raises(openai.NotFoundError) as err:
        oai(gw).chat.completions.create(
            model=f"no-such-model {EMAIL}", messages=[{"role": "user", "content": "hi"}]
        )
    request_id = err.value.response.headers["x-request-id"]
    root = _by_name(_request_trace(otel_collector, request_id))["ferryman.request"]
    assert root.attributes["http.response.status_code"] == 404
    assert "ferryman.alias" not in root.attributes  # not a configured alias: never recorded
    text = json.dumps([s.attributes for s in otel_collector.spans])
    assert EMAIL not in text and "no-such-model" not in text


def test_without_the_extra_enabling_tracing_is_a_clear_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk.trace", None)  # import fails
    with pytest.raises(ConfigError, match=r"pip install 'ferryman\[otel\]'"):
        build_tracing(TracingSettings(enabled=True), ["gpt"])
