"""The plain-HTTP redirect listener, and plain HTTP only behind explicitly trusted proxies."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.conftest import ANT_KEY, free_port, gateway_config, start_gateway
from tests.fakes.pki import Authority
from tests.fakes.upstream import FakeUpstream


def raw_request(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks)


def test_redirect_listener_only_redirects(upstream: FakeUpstream, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    cert = ca.issue("server", "127.0.0.1", server=True, days=30)
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    redirect_port = free_port()
    config = gateway_config(upstream, key_file) + (
        f"tls: {{cert: {cert.cert}, key: {cert.key}, redirect_http_port: {redirect_port}}}\n"
    )
    gw = start_gateway(tmp_path, config, ca=str(ca.pair.cert))
    https_port = gw.url.rsplit(":", 1)[1]
    try:
        for method in ("GET", "POST"):
            resp = httpx.request(
                method, f"http://127.0.0.1:{redirect_port}/v1/models?a=1", timeout=5
            )
            assert resp.status_code == 308
            assert resp.headers["location"] == f"https://127.0.0.1:{https_port}/v1/models?a=1"
            assert resp.content == b""
        for path in ("/healthz", "/metrics", "/admin/keys"):  # nothing is served over plain HTTP
            assert (
                httpx.get(f"http://127.0.0.1:{redirect_port}{path}", timeout=5).status_code == 308
            )
        assert raw_request(redirect_port, b"garbage\r\n\r\n").startswith(b"HTTP/1.1 400")
        evil = b"GET / HTTP/1.1\r\nHost: evil.example/../x\r\n\r\n"
        assert raw_request(redirect_port, evil).startswith(b"HTTP/1.1 400")
        absolute = b"GET http://other.example/ HTTP/1.1\r\nHost: a\r\n\r\n"
        assert raw_request(redirect_port, absolute).startswith(b"HTTP/1.1 400")
    finally:
        gw.stop()


def test_plain_http_beyond_loopback_needs_trusted_proxies(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("providers: {d: {kind: demo}}\nmodels: {m: {provider: d, model: x}}\n")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferryman",
            "serve",
            "--config",
            str(config),
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert res.returncode == 1
    assert "plain HTTP" in res.stderr and "trusted_proxies" in res.stderr
    config.write_text("server: {host: 0.0.0.0}\n")
    check = subprocess.run(
        [sys.executable, "-m", "ferryman", "config", "check", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 1 and "server.host" in check.stderr


def test_forwarded_headers_only_from_trusted_proxies(
    upstream: FakeUpstream, tmp_path: Path
) -> None:
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    config = (
        gateway_config(upstream, key_file).replace(
            "  host: 127.0.0.1\n", "  host: 127.0.0.1\n  trusted_proxies: [127.0.0.1/32]\n"
        )
        + "auth: {max_failures_per_minute: 2}\n"
    )
    gw = start_gateway(tmp_path, config)
    try:
        bad = {"authorization": "Bearer fm_dev_" + "Q" * 43}

        def status(client: str) -> int:
            headers = {**bad, "x-forwarded-for": client, "x-forwarded-proto": "https"}
            return httpx.get(gw.url + "/v1/models", headers=headers, timeout=5).status_code

        assert [status("203.0.113.7") for _ in range(3)] == [401, 401, 429]
        assert status("198.51.100.9") == 401  # another client behind the proxy is not throttled
    finally:
        gw.stop()


def test_forwarded_headers_are_ignored_without_trusted_proxies(
    upstream: FakeUpstream, tmp_path: Path
) -> None:
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    gw = start_gateway(
        tmp_path, gateway_config(upstream, key_file) + "auth: {max_failures_per_minute: 2}\n"
    )
    try:
        bad = {"authorization": "Bearer fm_dev_" + "Q" * 43}
        statuses = [
            httpx.get(
                gw.url + "/v1/models",
                headers={**bad, "x-forwarded-for": f"203.0.113.{i}"},
                timeout=5,
            ).status_code
            for i in range(3)
        ]
        assert statuses == [401, 401, 429]  # rotating X-Forwarded-For does not dodge the throttle
    finally:
        gw.stop()
