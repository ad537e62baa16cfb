"""Reload on SIGHUP without dropping in-flight requests; several workers; the CLI's config check."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ANT_KEY, OAI_KEY, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream, wait_for


@pytest.fixture()
def own_gateway(upstream: FakeUpstream, tmp_path: Path):  # type: ignore[no-untyped-def]
    key_file = tmp_path / "anthropic.key"
    key_file.write_text(ANT_KEY)
    gw = start_gateway(tmp_path, gateway_config(upstream, key_file))
    gw.key_file = key_file  # type: ignore[attr-defined]
    yield gw
    gw.stop()


def test_sighup_reloads_config_and_secrets_without_dropping_streams(
    own_gateway, upstream: FakeUpstream
) -> None:  # type: ignore[no-untyped-def]
    gw = own_gateway
    upstream.clear()
    client = oai(gw)
    result: dict[str, object] = {}

    def long_stream() -> None:
        try:
            stream = client.chat.completions.create(
                model="gpt-slow-stream", messages=[{"role": "user", "content": "x"}], stream=True
            )
            result["text"] = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        except Exception as exc:  # recorded for the assertion below
            result["error"] = repr(exc)

    worker = threading.Thread(target=long_stream)
    worker.start()
    assert wait_for(lambda: len(upstream.requests) >= 1)
    # new alias + rotated secret file, then SIGHUP
    gw.key_file.write_text("sk-ant-rotated-key-000000")
    text = gw.config_path.read_text() + "  added-later: {provider: ant, model: claude-new}\n"
    gw.config_path.write_text(text)
    gw.process.send_signal(signal.SIGHUP)
    assert wait_for(lambda: "configuration reloaded" in gw.log(), timeout=10)
    msg = httpx.post(
        gw.url + "/v1/messages",
        json={
            "model": "added-later",
            "max_tokens": 5,
            "messages": [{"role": "user", "content": "x"}],
        },
        headers=gw.headers,
        timeout=10,
    )
    assert msg.status_code == 200
    assert upstream.requests[-1].headers["x-api-key"] == "sk-ant-rotated-key-000000"
    worker.join(20)
    assert "error" not in result, result
    # every tick arrived, in order: the in-flight stream finished intact
    assert result["text"] == "".join(f"tick{i} " for i in range(100))


def test_invalid_reload_keeps_the_running_config(own_gateway) -> None:  # type: ignore[no-untyped-def]
    gw = own_gateway
    gw.config_path.write_text("server: {port: nope}\n")
    gw.process.send_signal(signal.SIGHUP)
    assert wait_for(lambda: "reload refused" in gw.log(), timeout=10)
    assert "server.port" in gw.log()
    models = httpx.get(gw.url + "/v1/models", headers=gw.headers, timeout=5)
    assert models.status_code == 200
    ids = [m["id"] for m in models.json()["data"]]
    assert "gpt" in ids


def test_several_workers(upstream: FakeUpstream, tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    key_file.write_text(ANT_KEY)
    config = gateway_config(upstream, key_file).replace(
        "  host: 127.0.0.1\n", "  host: 127.0.0.1\n  workers: 4\n"
    )  # four workers on a fresh SQLite file: schema and pepper are prepared once, before them
    gw = start_gateway(tmp_path, config)
    try:
        client = oai(gw)
        for i in range(6):
            r = client.chat.completions.create(
                model="demo", messages=[{"role": "user", "content": str(i)}]
            )
            assert r.choices[0].message.content == f"[demo] You said: {i}"
        pids = {line for line in gw.log().splitlines() if '"pid"' in line}
        assert pids is not None
    finally:
        gw.stop()
    assert gw.process.returncode in (0, -signal.SIGTERM)


def test_sigterm_drains_gracefully(own_gateway, upstream: FakeUpstream) -> None:  # type: ignore[no-untyped-def]
    gw = own_gateway
    gw.stop()
    # uvicorn re-raises the captured SIGTERM after its graceful shutdown
    assert gw.process.returncode in (0, -signal.SIGTERM)
    assert "shutdown complete" in gw.log()
    assert OAI_KEY not in gw.log()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ferryman", *args], capture_output=True, text=True, timeout=30
    )


def test_config_check_ok_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("providers: {d: {kind: demo}}\nmodels: {m: {provider: d, model: x}}\n")
    res = run_cli("config", "check", str(good))
    assert res.returncode == 0, res.stderr
    assert "ok" in res.stdout and "DEMO" in res.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "providers: {p: {kind: openai, api_key: ${NOT_SET_ANYWHERE_X}}}\nserver: {port: -1}\n"
    )
    res = run_cli("config", "check", str(bad))
    assert res.returncode == 1
    assert "providers.p.api_key" in res.stderr and "NOT_SET_ANYWHERE_X" in res.stderr


def test_serve_refuses_invalid_config(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("server: {port: 70000}\n")
    res = run_cli("serve", "--config", str(bad))
    assert res.returncode == 1
    assert "server.port" in res.stderr
    assert "Traceback" not in res.stderr


def test_default_config_serves_demo(tmp_path: Path) -> None:
    """`ferryman serve` with no config: the example config, demo provider, clearly labelled."""
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "FERRYMAN_CONFIG")
    }
    created = subprocess.run(
        [sys.executable, "-m", "ferryman", "keys", "create", "--name", "me", "--role", "service"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    key = created.stdout.strip()
    assert key.startswith("fm_dev_") and key not in created.stderr
    auth = {"authorization": f"Bearer {key}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ferryman", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: _ready(url), timeout=20)
        assert httpx.get(url + "/v1/models", timeout=5).status_code == 401
        models = httpx.get(url + "/v1/models", headers=auth, timeout=5).json()["data"]
        assert all(m["owned_by"] == "ferryman-demo" for m in models)
        reply = httpx.post(
            url + "/v1/chat/completions",
            json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
            headers=auth,
            timeout=5,
        ).json()
        assert reply["choices"][0]["message"]["content"] == "[demo] You said: hi"
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=15)[0].decode()
    assert "DEMO provider enabled" in out


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        time.sleep(0.05)
        return False
