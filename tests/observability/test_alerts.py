"""Alert rules over sliding per-minute windows, de-duplication and resolution (injected clock),
delivery to the log and to a real webhook receiver, and a real gateway alerting on upstream
errors."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
import pytest
from aiohttp import web
from pydantic import SecretStr, ValidationError

from ferryman.audit.event import AuditEvent
from ferryman.observability.alerts import (
    Alert,
    AlertBook,
    AuditSample,
    Counts,
    MinuteSeries,
    evaluate,
)
from ferryman.observability.logging import JsonFormatter
from ferryman.observability.monitor import Monitor, webhook_body
from ferryman.settings.alerts import AlertSettings, AlertThresholds
from tests.conftest import ANT_KEY, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream, wait_for

LIMITS = AlertThresholds()
T0 = 1_000_020.0  # 20 s into a minute


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


def upstream_error() -> AuditEvent:
    return ev(status=502, outcome="error", error_type="upstream_error", error_code="upstream_error")


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# --- windows -------------------------------------------------------------------------------


def test_minute_series_sums_whole_minutes_and_forgets_after_an_hour() -> None:
    s = MinuteSeries()
    s.add(T0, 2)
    s.add(T0 + 60, 3)
    assert s.total(T0 + 60, 1) == 3
    assert s.total(T0 + 60, 2) == 5
    assert s.total(T0 + 60, 5, skip=1) == 2
    for minute in range(2, 80):
        s.add(T0 + 60 * minute)
    assert s.total(T0 + 60 * 79, 1000) == 62  # an hour and the current minute are kept


# --- rules ---------------------------------------------------------------------------------


def names(alerts: list[Alert]) -> list[str]:
    return [a.name for a in alerts]


def test_upstream_error_rate_needs_the_minimum_request_count() -> None:
    c = Counts()
    for _ in range(19):
        c.record(upstream_error(), T0)
    assert evaluate(c, T0, LIMITS) == []
    c.record(ev(), T0)
    (alert,) = evaluate(c, T0, LIMITS)
    assert alert.name == "upstream_error_rate" and alert.severity == "critical"
    assert alert.value == 0.95 and alert.threshold == 0.05
    assert alert.summary == (
        "19 of 20 requests failed upstream in the last 5 min (95.0%, threshold 5.0%)"
    )


def test_upstream_error_rate_at_the_threshold_does_not_fire_and_the_window_slides() -> None:
    c = Counts()
    c.record(upstream_error(), T0)
    for _ in range(19):
        c.record(ev(), T0)
    assert evaluate(c, T0, LIMITS) == []  # 5% is not above 5%
    c.record(upstream_error(), T0 + 60)
    assert names(evaluate(c, T0 + 60, LIMITS)) == ["upstream_error_rate"]
    # five minutes on, the first minute's requests have left the window
    assert evaluate(c, T0 + 5 * 60, LIMITS) == []


def test_auth_failure_spike_counts_one_minute() -> None:
    c = Counts()
    failure = ev(status=401, outcome="error", error_type="authentication_error")
    for _ in range(21):
        c.record(failure, T0)
    assert names(evaluate(c, T0, LIMITS)) == ["auth_failure_spike"]
    assert evaluate(c, T0 + 60, LIMITS) == []
    custom = AlertThresholds(auth_failures_per_minute=30)
    assert evaluate(c, T0, custom) == []


def test_redaction_spike_is_measured_against_the_trailing_hour() -> None:
    c = Counts()
    for minute in range(60):  # a steady 20 a minute
        c.record(ev(redactions={"EMAIL:mask": 20}), T0 + 60 * minute)
    now = T0 + 60 * 60
    c.record(ev(redactions={"EMAIL:mask": 60, "PHONE:pseudonymize:response": 40}), now)
    assert evaluate(c, now, LIMITS) == []  # 100 is 5x the average, not above it
    c.record(ev(redactions={"EMAIL:mask": 1}), now)
    (alert,) = evaluate(c, now, LIMITS)
    assert alert.name == "redaction_spike" and alert.value == 101
    assert "5.0x the hourly average of 20.0 a minute" in alert.summary


def test_redaction_spike_needs_a_floor_and_honours_an_absolute_ceiling() -> None:
    c = Counts()
    c.record(ev(redactions={"EMAIL:mask": 49}), T0)  # from nothing, but below the floor
    assert evaluate(c, T0, LIMITS) == []
    ceiling = AlertThresholds(redactions_per_minute=40)
    (alert,) = evaluate(c, T0, ceiling)
    assert alert.summary == "49 redactions in the last minute (threshold 40 a minute)"


def test_block_spike_counts_policy_and_injection_blocks() -> None:
    c = Counts()
    for _ in range(5):
        c.record(ev(status=422, outcome="blocked", error_type="policy_violation"), T0)
    for _ in range(5):
        c.record(ev(injection={"action": "block", "score": 0.9}), T0)
    c.record(ev(injection={"action": "allow", "score": 0.1}), T0)
    (alert,) = evaluate(c, T0, LIMITS)
    assert alert.name == "block_spike" and alert.value == 10


def test_audit_rules_queue_sinks_and_refusals() -> None:
    c = Counts()
    assert evaluate(c, T0, LIMITS, AuditSample(depth=800, capacity=1000)) == []
    sample = AuditSample(
        depth=801, capacity=1000, sink_errors={"jsonl": 2.0, "database": 0.0}, refused=1
    )
    alerts = evaluate(c, T0, LIMITS, sample)
    assert names(alerts) == ["audit_queue_full", "audit_sink_failing", "audit_refusing"]
    assert alerts[0].summary == "audit queue 801 of 1000 (80%, threshold 80%)"
    assert alerts[1].labels == (("sink", "jsonl"),)


# --- de-duplication ------------------------------------------------------------------------


def test_an_alert_fires_once_then_after_renotify_then_resolves() -> None:
    book = AlertBook(renotify_s=600)
    a = Alert("upstream_error_rate", "critical", "1 of 1", value=1.0)
    assert book.sync([a], 0, ["upstream_error_rate"]) == [a]
    assert book.sync([a], 10, ["upstream_error_rate"]) == []
    (again,) = book.sync([a], 600, ["upstream_error_rate"])
    assert again.repeat and again.state == "firing"
    (resolved,) = book.sync([], 700, ["upstream_error_rate"])
    assert resolved.state == "resolved" and resolved.summary == "resolved: 1 of 1"
    assert book.sync([], 800, ["upstream_error_rate"]) == []
    assert book.sync([a], 900, ["upstream_error_rate"]) == [a]  # new again after resolving


def test_labels_make_separate_alerts_and_rules_leave_other_alerts_alone() -> None:
    book = AlertBook(renotify_s=600)
    db = Alert("audit_sink_failing", "critical", "1", labels=(("sink", "database"),))
    js = Alert("audit_sink_failing", "critical", "1", labels=(("sink", "jsonl"),))
    budget = Alert("budget_warning", "warning", "80%", labels=(("budget", "team-a"),))
    assert book.fire(budget, 0) is budget
    assert book.sync([db, js], 0, ["audit_sink_failing"]) == [db, js]
    (resolved,) = book.sync([js], 1, ["audit_sink_failing"])
    assert resolved.key == db.key and resolved.state == "resolved"
    assert {a.name for a in book.active()} == {"budget_warning", "audit_sink_failing"}


# --- the monitor: rules on a clock, external alerts, the log -------------------------------


def test_monitor_evaluates_dedups_and_resolves_with_an_injected_clock(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    mon = Monitor(AlertSettings(thresholds=AlertThresholds(upstream_min_requests=3)), clock=clock)
    for _ in range(3):
        mon.observe(upstream_error())
    with caplog.at_level(logging.INFO, logger="ferryman.alerts"):
        assert names(mon.evaluate()) == ["upstream_error_rate"]
        assert mon.evaluate() == []
        clock.now += 5 * 60
        (resolved,) = mon.evaluate()
    assert resolved.state == "resolved"
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert [(x["level"], x["msg"], x["state"]) for x in lines] == [
        ("WARNING", "alert firing", "firing"),
        ("INFO", "alert resolved", "resolved"),
    ]
    assert lines[0]["alert"] == "upstream_error_rate" and lines[0]["severity"] == "critical"
    assert lines[0]["value"] == 1.0 and lines[0]["threshold"] == 0.05
    assert lines[0]["summary"].startswith("3 of 3 requests failed upstream")


def test_other_subsystems_raise_and_resolve_alerts(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    mon = Monitor(AlertSettings(renotify_s=60), clock=clock)
    seen: list[Alert] = []
    monkeypatch.setattr(mon, "_notify", seen.append)
    for _ in range(3):
        mon.alert("budget_warning", "warning", "spent 80% of 500 USD", {"budget": "team-a"})
    assert len(seen) == 1 and seen[0].labels == (("budget", "team-a"),)
    clock.now += 60
    mon.alert("budget_warning", "warning", "spent 85% of 500 USD", {"budget": "team-a"})
    assert seen[-1].repeat and seen[-1].summary == "spent 85% of 500 USD"
    mon.evaluate()  # the rules do not resolve what they did not raise
    assert len(seen) == 2
    mon.resolve("budget_warning", {"budget": "team-a"})
    assert seen[-1].state == "resolved" and len(seen) == 3
    with pytest.raises(ValueError, match="lower_snake"):
        mon.alert("Budget Warning!", "warning", "x")
    with pytest.raises(ValueError, match="severity"):
        mon.alert("budget_warning", "loud", "x")


def test_disabled_alerts_record_nothing() -> None:
    mon = Monitor(AlertSettings(enabled=False))
    mon.observe(upstream_error())
    mon.alert("budget_warning", "warning", "x")
    assert mon.counts.requests.total(1e12, 10**9) == 0
    assert mon.book.active() == []


def test_webhook_url_is_a_secret_and_https_beyond_loopback() -> None:
    with pytest.raises(ValidationError, match="https"):
        AlertSettings(webhook_url=SecretStr("http://hooks.example.com/T000/B000/XXXX"))
    ok = AlertSettings(webhook_url=SecretStr("https://hooks.example.com/T000/B000/XXXX"))
    assert "XXXX" not in repr(ok)


# --- webhook delivery ----------------------------------------------------------------------


@dataclass
class Receiver:
    """A webhook endpoint: answers each POST with the next status in ``statuses`` (then 200)."""

    statuses: list[int] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    runner: web.AppRunner | None = None
    port: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/hook/{token}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}/hook/T0KEN-secret"

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


def hook_settings(url: str, **kw: Any) -> AlertSettings:
    return AlertSettings(webhook_url=SecretStr(url), webhook_timeout_s=2, **kw)


def test_webhook_gets_firing_and_resolved_notices_with_retries() -> None:
    async def run() -> list[dict[str, Any]]:
        receiver = Receiver(statuses=[503, 500])
        url = await receiver.start()
        mon = Monitor(hook_settings(url, webhook_retries=3))
        mon.start()
        mon.alert("audit_sink_failing", "critical", "3 failed writes", {"sink": "jsonl"})
        mon.resolve("audit_sink_failing", {"sink": "jsonl"})
        await mon.aclose()  # delivers what is pending
        await receiver.stop()
        return receiver.bodies

    bodies = asyncio.run(run())
    assert len(bodies) == 4  # two refused attempts, then the firing and the resolved notice
    firing, resolved = bodies[2], bodies[3]
    assert firing["text"] == (
        "[FIRING] ferryman audit_sink_failing (critical): 3 failed writes [sink=jsonl]"
    )
    assert firing["state"] == "firing" and firing["labels"] == {"sink": "jsonl"}
    assert resolved["state"] == "resolved" and resolved["text"].startswith("[RESOLVED]")


def test_webhook_refusal_is_not_retried_and_is_logged_without_the_url(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def run() -> list[dict[str, Any]]:
        receiver = Receiver(statuses=[404])
        url = await receiver.start()
        mon = Monitor(hook_settings(url, webhook_retries=3))
        mon.start()
        mon.alert("budget_exhausted", "critical", "spent 100% of 500 USD")
        await mon.aclose()
        await receiver.stop()
        return receiver.bodies

    with caplog.at_level(logging.WARNING, logger="ferryman.alerts"):
        assert len(asyncio.run(run())) == 1
    failed = [r for r in caplog.records if r.getMessage() == "alert webhook failed"]
    assert len(failed) == 1
    line = JsonFormatter().format(failed[0])
    assert '"status":404' in line and '"attempts":1' in line and "T0KEN" not in line


def test_an_unreachable_webhook_does_not_hold_up_shutdown() -> None:
    async def run() -> float:
        receiver = Receiver()
        url = await receiver.start()
        await receiver.stop()  # nothing listens there now
        mon = Monitor(hook_settings(url, webhook_retries=1))
        mon.start()
        mon.alert("budget_exhausted", "critical", "spent 100% of 500 USD")
        loop = asyncio.get_running_loop()
        started = loop.time()
        await mon.aclose()
        return loop.time() - started

    assert asyncio.run(run()) < 5


def test_webhook_body_is_slack_compatible() -> None:
    body = webhook_body(Alert("block_spike", "warning", "12 policy blocks", value=12.0))
    assert body["text"] == "[FIRING] ferryman block_spike (warning): 12 policy blocks"
    assert body["service"] == "ferryman" and body["value"] == 12.0 and body["labels"] == {}


# --- a real gateway driven into upstream errors --------------------------------------------


class ThreadedReceiver:
    """The receiver on its own event loop thread, for a gateway running in another process."""

    def __init__(self) -> None:
        self.receiver = Receiver()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="webhook-receiver")
        self.url = ""

    def __enter__(self) -> ThreadedReceiver:
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(self.receiver.start(), self.loop)
        self.url = future.result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.receiver.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


ALERTS_YAML = """\
alerts:
  webhook_url: ${FM_TEST_ALERT_WEBHOOK}
  evaluate_every_s: 0.2
  webhook_timeout_s: 2
  thresholds: {upstream_min_requests: 4}
"""


@pytest.fixture()
def receiver() -> Iterator[ThreadedReceiver]:
    with ThreadedReceiver() as r:
        yield r


def test_gateway_upstream_errors_reach_the_webhook(
    upstream: FakeUpstream, tmp_path: Path, receiver: ThreadedReceiver
) -> None:
    key_file = tmp_path / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    gw = start_gateway(
        tmp_path,
        gateway_config(upstream, key_file, ALERTS_YAML),
        {"FM_TEST_ALERT_WEBHOOK": receiver.url},
    )
    try:
        client = oai(gw)
        for _ in range(5):
            with pytest.raises(openai.APIStatusError) as failed:
                client.chat.completions.create(
                    model="gpt-500", messages=[{"role": "user", "content": "hello gateway"}]
                )
            assert failed.value.status_code >= 500
        bodies = receiver.receiver.bodies
        assert wait_for(lambda: len(bodies) > 0, timeout=10), gw.log()
    finally:
        gw.stop()
    (body,) = bodies  # once, however many evaluations saw it firing
    assert body["alert"] == "upstream_error_rate" and body["state"] == "firing"
    assert body["severity"] == "critical" and body["value"] == 1.0
    assert re.fullmatch(
        r"([45]) of \1 requests failed upstream in the last 5 min \(100\.0%, threshold 5\.0%\)",
        body["summary"],
    )
    log = gw.log()
    assert '"msg":"alert firing"' in log and '"alert":"upstream_error_rate"' in log
    assert "T0KEN" not in log and "hello gateway" not in log and gw.key not in log
