"""Shared fixtures: a real fake upstream on 127.0.0.1 and the gateway as a real server process."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fakes.upstream import FakeUpstream

OAI_KEY = "sk-provider-oai-0123456789abcdef"
ANT_KEY = "sk-ant-provider-0123456789abcdef"
AZ_KEY = "azure-provider-key-0123456789"
ADMIN_KEY = "bootstrap-admin-key-for-tests-0123456789"


SRC = Path(__file__).resolve().parents[1] / "src"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test stale compiled modules: an edited ``.py`` next to its mypyc-built ``.so``
    would be shadowed by the old build (setup.py); ``make install`` rebuilds them."""
    stale = [
        str(so.relative_to(SRC))
        for so in SRC.rglob("*.so")
        if (py := so.with_name(so.name.split(".")[0] + ".py")).exists()
        and py.stat().st_mtime > so.stat().st_mtime
    ]
    if stale:
        pytest.exit(f"compiled modules older than their source: {stale}; run `make install`", 4)


def client_tls(ca: str, cert: tuple[str, str] | None = None) -> ssl.SSLContext:
    """A client TLS context trusting ``ca``, optionally presenting a client certificate."""
    ctx = ssl.create_default_context(cafile=ca)
    if cert is not None:
        ctx.load_cert_chain(*cert)
    return ctx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Gateway:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    config_path: Path
    key: str = ""  # a service key of the dev environment, every model
    verify: ssl.SSLContext | bool = True  # trusts the CA of an https gateway

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.key}"}

    @property
    def admin(self) -> dict[str, str]:
        return {"authorization": f"Bearer {ADMIN_KEY}"}

    def create_key(self, **body: object) -> tuple[dict[str, object], str]:
        """Create a key through the admin API; returns (metadata, secret)."""
        resp = httpx.post(
            self.url + "/admin/keys", json=body, headers=self.admin, timeout=10, verify=self.verify
        )
        assert resp.status_code == 201, resp.text
        data = resp.json()
        return data["key"], data["secret"]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


# the shared test keys make many requests in a short time: the product's default limits
# (60 rpm, 8 concurrent) are tested in tests/e2e/test_limits.py, not tripped by unrelated tests
_TEST_LIMITS = (
    "limits: {default: {rpm: 1000000, tpm: 1000000000, concurrency: 512}, new_keys: null}\n"
)


def gateway_config(upstream: FakeUpstream, key_file: Path, extra: str = "") -> str:
    # first, not last: tests append model entries to the text this returns
    limits = "" if "\nlimits:" in "\n" + extra else _TEST_LIMITS
    return (
        limits
        + f"""
server:
  host: 127.0.0.1
  max_body_bytes: 65536
  body_timeout_s: 1.5
  header_timeout_s: 1.5
  shutdown_grace_s: 5
providers:
  oai:
    kind: openai
    base_url: {upstream.base}/v1
    api_key: ${{FM_TEST_OAI_KEY}}
    timeouts: {{connect: 2, read: 1.5, total: 30}}
  ant:
    kind: anthropic
    base_url: {upstream.base}
    api_key: ${{file:{key_file}}}
    timeouts: {{connect: 2, read: 1.5, total: 30}}
  az:
    kind: azure
    base_url: {upstream.base}
    api_version: "2024-10-21"
    api_key: ${{FM_TEST_AZ_KEY}}
  demo:
    kind: demo
models:
  gpt: {{provider: oai, model: gpt-test}}
  claude: {{provider: ant, model: claude-test}}
  azure-gpt: {{provider: az, model: my-deployment}}
  embed: {{provider: oai, model: embed-test}}
  demo: {{provider: demo, model: demo-echo, description: Demo echo}}
  gpt-tools: {{provider: oai, model: tool-call}}
  claude-tools: {{provider: ant, model: tool-call}}
  gpt-500: {{provider: oai, model: fail-500}}
  gpt-400: {{provider: oai, model: fail-400}}
  claude-400: {{provider: ant, model: fail-400}}
  gpt-401: {{provider: oai, model: fail-401}}
  gpt-429: {{provider: oai, model: fail-429}}
  gpt-slow: {{provider: oai, model: slow}}
  gpt-garbage: {{provider: oai, model: garbage}}
  gpt-cut: {{provider: oai, model: cut-stream}}
  claude-cut: {{provider: ant, model: cut-stream}}
  gpt-slow-stream: {{provider: oai, model: slow-stream}}
  gpt-fallback: {{provider: oai, model: fail-500, fallbacks: [claude]}}
{extra}
"""
    )


def start_gateway(
    tmp: Path,
    config_text: str,
    env_extra: dict[str, str] | None = None,
    *,
    ca: str | None = None,
    client_cert: tuple[str, str] | None = None,
) -> Gateway:
    """Start ``ferryman serve``; with ``ca`` the gateway serves https (verified against ``ca``)."""
    config_path = tmp / "ferryman.yaml"
    config_path.write_text(config_text)
    port = free_port()
    log_path = tmp / "gateway.log"
    env = {
        **os.environ,
        "FM_TEST_OAI_KEY": OAI_KEY,
        "FM_TEST_AZ_KEY": AZ_KEY,
        "FERRYMAN_LOG_LEVEL": "DEBUG",
        "FERRYMAN_ADMIN_KEY": ADMIN_KEY,
        **(env_extra or {}),
    }
    env.pop("FERRYMAN_CONFIG", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ferryman",
                "serve",
                "--config",
                str(config_path),
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp,
        )
    scheme = "https" if ca else "http"
    verify = client_tls(ca, client_cert) if ca else True
    gw = Gateway(f"{scheme}://127.0.0.1:{port}", process, log_path, config_path, verify=verify)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gateway exited at startup:\n" + gw.log())
        try:
            ready = httpx.get(gw.url + "/readyz", timeout=0.5, verify=gw.verify)
            if ready.status_code == 200:
                gw.key = gw.create_key(name="tests", role="service", environment="dev")[1]
                return gw
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    gw.stop()
    raise RuntimeError("gateway did not become ready:\n" + gw.log())


@pytest.fixture(scope="session")
def upstream() -> Iterator[FakeUpstream]:
    fake = FakeUpstream()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def gateway(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("gateway")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    gw = start_gateway(tmp, gateway_config(upstream, key_file))
    yield gw
    gw.stop()
    # security invariant: nothing secret or content-bearing ever reached the log
    text = gw.log()
    for needle in (
        OAI_KEY,
        ANT_KEY,
        AZ_KEY,
        ADMIN_KEY,
        gw.key,
        "Traceback",
        "echo:",
        "hello gateway",
    ):
        assert needle not in text, f"log contains {needle!r}"


@pytest.fixture(scope="session", autouse=True)
def _close_sdk_clients() -> Iterator[None]:
    yield
    from tests.e2e.clients import close_all

    close_all()


@pytest.fixture()
def fake(upstream: FakeUpstream) -> FakeUpstream:
    upstream.clear()
    return upstream
