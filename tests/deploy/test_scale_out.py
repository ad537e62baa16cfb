"""Three gateway processes on one PostgreSQL and one Redis behind nginx (the shipped
deploy/compose/nginx.conf), all on 127.0.0.1, behave as one gateway: keys and revocations, rate
limits and budgets hold across instances; an instance stopped with SIGTERM under load drains
(``/readyz`` 503 first) and loses no accepted request or audit event while nginx retries land on
the others; one killed with SIGKILL loses at most its in-flight requests and the events of its
last flush interval. PostgreSQL and Redis are required: these tests fail, never skip, without them.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from ferryman.storage.schema import audit_events
from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.deploy.nginx import Nginx, start_nginx
from tests.e2e.backends import PEPPER, postgres_database
from tests.e2e.test_budgets import CAP, COST, PRICES, _hammer, _settled, _worst_case
from tests.fakes.upstream import FakeUpstream

REDIS_URL = "redis://127.0.0.1:6379/0"
RPM = 240
DRAIN_S = 1.5
FLUSH_MS = 200


@dataclass
class Cluster:
    gws: list[Gateway]
    nginx: Nginx
    db_url: str
    keys_dir: Path


def _extra(db_url: str, prefix: str, keys_dir: Path) -> str:
    return f"""
storage: {{url: '{db_url}'}}
cache: {{url: '{REDIS_URL}'}}
auth: {{pepper: '${{FM_TEST_PEPPER}}', key_cache_ttl_s: 2}}
encryption: {{provider: local, local_dir: '{keys_dir}'}}
audit: {{flush_interval_ms: {FLUSH_MS}}}
limits:
  default: {{rpm: 100000, tpm: 1000000000, concurrency: 512}}
  new_keys: null
  burst: 0.5
  redis_prefix: '{prefix}'
{PRICES.strip()}
  teams: {{crowd: {{daily_usd: {CAP}}}}}
"""


@pytest.fixture(scope="module")
def cluster(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    prefix = f"ferryman-test:{secrets.token_hex(6)}:"
    client = redis.Redis.from_url(REDIS_URL)
    assert client.ping(), "Redis on 127.0.0.1:6379 is required"
    keys_dir = tmp_path_factory.mktemp("shared-keks")
    with postgres_database() as url:
        gws: list[Gateway] = []
        nginx: Nginx | None = None
        try:
            for i in range(3):
                tmp = tmp_path_factory.mktemp(f"instance-{i}")
                key_file = tmp / "ant.key"
                key_file.write_text(ANT_KEY)
                config = gateway_config(upstream, key_file, _extra(url, prefix, keys_dir))
                config = config.replace(
                    "  shutdown_grace_s: 5\n", f"  shutdown_grace_s: 5\n  drain_s: {DRAIN_S}\n"
                )
                if i == 0:  # the one-shot migration, as the compose stack and the Job run it
                    (tmp / "ferryman.yaml").write_text(config)
                    migrated = subprocess.run(
                        [sys.executable, "-m", "ferryman", "migrate", "--config", "ferryman.yaml"],
                        capture_output=True,
                        text=True,
                        timeout=60,
                        cwd=tmp,
                        env={
                            "FM_TEST_PEPPER": PEPPER,
                            "FM_TEST_OAI_KEY": "x",
                            "FM_TEST_AZ_KEY": "x",
                            "PATH": "/bin",
                        },
                    )
                    assert migrated.returncode == 0, migrated.stderr
                    assert "database is up to date" in migrated.stderr
                gws.append(start_gateway(tmp, config, {"FM_TEST_PEPPER": PEPPER}))
            nginx = start_nginx(
                tmp_path_factory.mktemp("nginx"), [gw.url.removeprefix("http://") for gw in gws]
            )
            yield Cluster(gws, nginx, url, keys_dir)
        finally:
            if nginx is not None:
                nginx.stop()
            for gw in gws:
                gw.stop()
            stale = list(client.scan_iter(match=prefix + "*", count=500))
            if stale:
                client.delete(*stale)
            client.close()
    for gw in gws:
        assert "Traceback" not in gw.log()


def _models(url: str, key: str) -> int:
    return httpx.get(
        url + "/v1/models", headers={"authorization": f"Bearer {key}"}, timeout=10
    ).status_code


def _chat(http: httpx.Client, url: str, key: str) -> httpx.Response:
    return http.post(
        url + "/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": "gpt", "messages": [{"role": "user", "content": "hi"}]},
    )


def test_a_key_made_on_one_instance_works_on_all_and_its_revocation_reaches_all_in_5s(
    cluster: Cluster,
) -> None:
    a, b, c = cluster.gws
    meta, key = a.create_key(name="everywhere", role="service", environment="dev")
    with httpx.Client(timeout=10) as http:
        for url in (b.url, c.url, cluster.nginx.url):
            answer = _chat(http, url, key)
            assert answer.status_code == 200, (url, answer.text)
    for _ in range(6):  # round robin: every instance has the key cached now
        assert _models(cluster.nginx.url, key) == 200
    httpx.post(
        f"{b.url}/admin/keys/{meta['id']}/revoke", headers=b.admin, timeout=10
    ).raise_for_status()
    started = time.monotonic()
    pending = {a.url, c.url, cluster.nginx.url}
    while pending:
        pending = {url for url in pending if _models(url, key) != 401}
        assert time.monotonic() - started < 5, f"still accepted by {pending}"
        time.sleep(0.1)


def test_a_rate_limit_holds_across_instances_within_5_percent(cluster: Cluster) -> None:
    key = cluster.gws[0].create_key(name="shared-rate", role="service", environment="dev", rpm=RPM)[
        1
    ]
    counts = {"ok": 0, "limited": 0}
    lock = threading.Lock()
    stop = time.monotonic() + 3.0

    def hammer(url: str) -> None:
        with httpx.Client(timeout=10) as http:
            while time.monotonic() < stop:
                status = _chat(http, url, key).status_code
                assert status in (200, 429), status
                with lock:
                    counts["ok" if status == 200 else "limited"] += 1

    urls = [gw.url for gw in cluster.gws] * 2
    started = time.monotonic()
    threads = [threading.Thread(target=hammer, args=(url,)) for url in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    expected = 0.5 * RPM + elapsed * RPM / 60  # the burst (limits.burst: 0.5), then the rate
    assert counts["limited"] > counts["ok"]  # the limit was what held them back
    assert abs(counts["ok"] - expected) <= 0.05 * expected, (counts, expected)


def test_a_budget_holds_across_instances(cluster: Cluster) -> None:
    gw = cluster.gws[0]
    _, secret = gw.create_key(name="k-crowd", role="service", environment="dev", team="crowd")
    statuses = _hammer(cluster.gws, secret, n=45)
    answered = statuses.count(200)
    assert answered >= 2 and statuses.count(402) == 45 - answered
    row = _settled(gw, "team", "crowd", answered)
    assert row["requests"] == answered and row["reserved_usd"] == 0
    assert row["spent_usd"] == pytest.approx(answered * COST)
    assert row["spent_usd"] <= CAP + _worst_case()  # never more than one request over


# ------------------------------------------------------------------ stopping instances


@dataclass
class Load:
    """Clients sending through nginx; every answer kept with its request id and arrival time."""

    url: str
    key: str
    answers: list[tuple[float, int, str]] = field(default_factory=list)
    errors: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self, clients: int = 8) -> None:
        self._threads = [threading.Thread(target=self._run) for _ in range(clients)]
        for t in self._threads:
            t.start()

    def _run(self) -> None:
        with httpx.Client(timeout=15) as http:
            while not self._stop.is_set():
                try:
                    r = _chat(http, self.url, self.key)
                except httpx.HTTPError:
                    self.errors += 1
                    continue
                self.answers.append((time.monotonic(), r.status_code, r.headers["x-request-id"]))

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(20)


def _stored_ids(url: str) -> set[str]:
    async def run() -> set[str]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                rows = (await conn.execute(select(audit_events.c.request_id))).all()
        finally:
            await engine.dispose()
        return {r[0] for r in rows}

    return asyncio.run(run())


def _served_by(nginx: Nginx) -> dict[str, str]:
    """request id -> the instance (host:port) that answered, from nginx's access log."""
    out = {}
    for line in nginx.access_log():
        m = re.search(r"upstream=(\S+(?:, \S+)*) upstream_status=\S+(?:, \S+)* rid=(\S+)", line)
        if m and m.group(2) != "-":
            out[m.group(2)] = m.group(1).split(", ")[-1]
    return out


def _wait_for_events(url: str, ids: set[str], timeout: float = 5) -> set[str]:
    deadline = time.monotonic() + timeout
    while True:
        missing = ids - _stored_ids(url)
        if not missing or time.monotonic() > deadline:
            return missing
        time.sleep(0.2)


def test_sigterm_under_load_drains_and_loses_nothing(cluster: Cluster) -> None:
    gw = cluster.gws[1]
    load = Load(cluster.nginx.url, cluster.gws[0].key)
    load.start()
    time.sleep(1.0)
    gw.process.send_signal(signal.SIGTERM)
    # the drain: unready at once, while it still serves requests
    ready = httpx.get(gw.url + "/readyz", timeout=5)
    assert ready.status_code == 503 and ready.json()["checks"]["accepting"] is False
    with httpx.Client(timeout=10) as http:
        served = _chat(http, gw.url, gw.key)
    assert served.status_code == 200 and served.headers["connection"] == "close"
    gw.process.wait(20)
    time.sleep(1.0)  # traffic goes on without it
    load.stop()
    statuses = [s for _, s, _ in load.answers]
    assert len(statuses) > 50, "no load was generated"
    assert load.errors == 0 and set(statuses) == {200}, (load.errors, set(statuses))
    log = gw.log()
    assert "draining before shutdown" in log and "shutdown complete" in log
    missing = _wait_for_events(cluster.db_url, {rid for _, _, rid in load.answers})
    assert not missing, f"{len(missing)} answered requests have no audit event"
    # nginx retried the requests the stopped instance refused, on the others, successfully
    stopped = gw.url.removeprefix("http://")
    retried = [
        line for line in cluster.nginx.access_log() if re.search(rf"upstream={stopped}, ", line)
    ]
    assert retried, "no request met the stopped instance's closed port"
    assert all('" 200 ' in line for line in retried), retried[:3]


def test_sigkill_under_load_loses_at_most_in_flight_requests(cluster: Cluster) -> None:
    gw = cluster.gws[2]
    killed = gw.url.removeprefix("http://")
    load = Load(cluster.nginx.url, cluster.gws[0].key)
    load.start()
    time.sleep(1.0)
    killed_at = time.monotonic()
    gw.process.kill()
    gw.process.wait(10)
    time.sleep(1.5)
    load.stop()
    failed = [a for a in load.answers if a[1] != 200]
    assert len(failed) + load.errors <= 8, "more than the in-flight requests were lost"
    assert all(s == 502 for _, s, _ in failed), failed
    answered = {rid: t for t, s, rid in load.answers if s == 200}
    assert len(answered) > 50
    missing = _wait_for_events(cluster.db_url, set(answered))
    served_by = _served_by(cluster.nginx)
    # every event of a surviving instance is there; the killed one loses at most the events it
    # had queued and not yet written (its last flush interval), never an older one
    assert all(served_by.get(rid) == killed for rid in missing), "a survivor lost an event"
    late = killed_at - 1.0  # five flush intervals before the kill
    assert all(answered[rid] >= late for rid in missing), "an event older than 1 s was lost"
