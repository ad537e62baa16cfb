"""The kill switch on two instances sharing PostgreSQL: effective everywhere within seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ADMIN_KEY, ANT_KEY, OAI_KEY, Gateway, start_gateway
from tests.e2e.backends import PEPPER, postgres_database
from tests.fakes.upstream import FakeUpstream


def config(upstream: FakeUpstream, key_file: Path, url: str) -> str:
    return f"""
server: {{host: 127.0.0.1}}
storage: {{url: '{url}'}}
auth: {{pepper: '${{FM_TEST_PEPPER}}', key_cache_ttl_s: 2}}
limits: {{default: {{rpm: 1000000, tpm: 1000000000, concurrency: 512}}, new_keys: null}}
providers:
  oai: {{kind: openai, base_url: {upstream.base}/v1, api_key: '${{FM_TEST_OAI_KEY}}'}}
  ant: {{kind: anthropic, base_url: {upstream.base}, api_key: '${{file:{key_file}}}'}}
models:
  gpt: {{provider: oai, model: gpt-test, fallbacks: [claude]}}
  claude: {{provider: ant, model: claude-test}}
"""


@pytest.fixture(scope="module")
def pair(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Gateway, Gateway]]:
    with postgres_database() as url:
        gws = []
        for name in ("a", "b"):
            tmp = tmp_path_factory.mktemp(f"kill-{name}")
            key_file = tmp / "ant.key"
            key_file.write_text(ANT_KEY)
            gws.append(
                start_gateway(tmp, config(upstream, key_file, url), {"FM_TEST_PEPPER": PEPPER})
            )
        try:
            yield gws[0], gws[1]
        finally:
            for gw in gws:
                gw.stop()


def chat(gw: Gateway, key: str, model: str = "gpt") -> httpx.Response:
    return httpx.post(
        gw.url + "/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": model, "messages": [{"role": "user", "content": "hi"}]},
        timeout=10,
    )


def until(predicate: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def cli(gw: Gateway, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FM_TEST_OAI_KEY": OAI_KEY, "FM_TEST_PEPPER": PEPPER}
    return subprocess.run(
        [sys.executable, "-m", "ferryman", "kill-switch", *args, "--config", str(gw.config_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=gw.config_path.parent,
        check=False,
    )


def test_all_traffic_stopped_on_both_instances_from_the_cli(pair: tuple[Gateway, Gateway]) -> None:
    a, b = pair
    assert chat(a, a.key).status_code == 200 and chat(b, a.key).status_code == 200
    on = cli(a, "on", "--all", "--reason", "incident drill")
    assert on.returncode == 0, on.stderr
    switch = on.stdout.strip()
    assert until(lambda: chat(a, a.key).status_code == 503 and chat(b, a.key).status_code == 503)
    body = chat(b, a.key).json()["error"]
    assert body["code"] == "kill_switch"
    assert switch in cli(b, "list").stdout
    assert cli(b, "off", switch).returncode == 0
    assert until(lambda: chat(a, a.key).status_code == 200 and chat(b, a.key).status_code == 200)


def test_key_and_team_switch_through_the_admin_api(pair: tuple[Gateway, Gateway]) -> None:
    a, b = pair
    admin = {"authorization": f"Bearer {ADMIN_KEY}"}
    _, victim = a.create_key(name="leaked", role="service", environment="dev", team="red")
    r = httpx.post(
        a.url + "/admin/kill-switches",
        headers=admin,
        json={"scope": "team", "target": "red", "reason": "key leaked in a ticket"},
    )
    assert r.status_code == 201
    assert chat(a, victim).status_code == 403  # the instance that took it: at once
    assert until(lambda: chat(b, victim).status_code == 403)
    assert chat(b, a.key).status_code == 200  # other teams are not affected
    listed = httpx.get(b.url + "/admin/kill-switches", headers=admin).json()["data"]
    assert any(s["scope"] == "team" and s["target"] == "red" for s in listed)
    assert (
        httpx.post(
            b.url + "/admin/kill-switches", headers=b.headers, json={"scope": "all", "reason": "x"}
        ).status_code
        == 403
    )  # a service key cannot
    gone = httpx.delete(a.url + f"/admin/kill-switches/{r.json()['id']}", headers=admin)
    assert gone.status_code == 200
    assert until(lambda: chat(b, victim).status_code == 200)
    events = httpx.get(a.url + "/admin/events", headers=admin).json()["data"]
    assert {"kill_switch.on", "kill_switch.off"} <= {e["action"] for e in events}


def test_provider_switch_falls_back_to_another_provider(
    pair: tuple[Gateway, Gateway], fake: FakeUpstream
) -> None:
    a, b = pair
    admin = {"authorization": f"Bearer {ADMIN_KEY}"}
    r = httpx.post(
        a.url + "/admin/kill-switches",
        headers=admin,
        json={"scope": "provider", "target": "oai", "reason": "provider breach"},
    )
    try:
        assert until(
            lambda: (
                chat(b, a.key).status_code == 200
                and fake.requests
                and fake.requests[-1].path == "/v1/messages"
            )
        )
        fake.clear()
        assert chat(b, a.key).status_code == 200
        assert [req.path for req in fake.requests] == ["/v1/messages"]  # gpt served by claude
    finally:
        httpx.delete(a.url + f"/admin/kill-switches/{r.json()['id']}", headers=admin)


def test_revoke_a_whole_team_from_the_cli(pair: tuple[Gateway, Gateway]) -> None:
    a, b = pair
    keys = [
        a.create_key(name=f"blue-{i}", role="service", environment="dev", team="blue")[1]
        for i in range(2)
    ]
    env = {**os.environ, "FM_TEST_OAI_KEY": OAI_KEY, "FM_TEST_PEPPER": PEPPER}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferryman",
            "keys",
            "revoke",
            "--team",
            "blue",
            "--config",
            str(a.config_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=a.config_path.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 key(s) of team 'blue' revoked" in done.stderr
    assert until(lambda: all(chat(b, k).status_code == 401 for k in keys))
    assert chat(b, a.key).status_code == 200
