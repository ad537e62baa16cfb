"""The HTTP adapter against real TLS servers: verification always on, private CAs, client
certificates, SPKI pins checked before any byte (and so the provider key) is sent."""

from __future__ import annotations

import asyncio
import gc
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from ferryman.errors import UpstreamError
from ferryman.settings import parse_settings
from ferryman.upstream.client import spki_pin
from ferryman.upstream.providers import Op, build_provider
from ferryman.upstream.providers.http import HttpProvider
from tests.fakes.pki import Authority, Pair
from tests.fakes.upstream import FakeUpstream

# A TLS handshake the client aborts (unknown CA against a server that also wants a client
# certificate) leaves aiohttp's half-open socket to the garbage collector; that is aiohttp's
# cleanup, not a leak of ours, and must not fail whichever later test the GC happens to run in.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def _collect_here() -> Iterator[None]:
    yield
    gc.collect()  # let such sockets be finalized inside this module, under the filter above


@dataclass
class TlsServer:
    url: str
    ca: str
    pin: str
    client: Pair
    hits: list[str] = field(default_factory=list)


def _serve(
    ctx: ssl.SSLContext, hits: list[str]
) -> tuple[int, asyncio.AbstractEventLoop, threading.Thread]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    port: list[int] = []

    async def handler(request: web.Request) -> web.Response:
        hits.append(request.headers.get("authorization", ""))
        return web.json_response({"ok": True})

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx)
        await site.start()
        port.append(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        return runner

    def run() -> None:
        asyncio.set_event_loop(loop)
        runner = loop.run_until_complete(start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    return port[0], loop, thread


@pytest.fixture(scope="module", params=["plain", "mtls"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TlsServer]:
    """An HTTPS server with a private CA (and, for ``mtls``, requiring a client certificate)."""
    tmp = tmp_path_factory.mktemp("upstream-tls")
    ca = Authority(tmp)
    cert = ca.issue("server", "127.0.0.1", server=True)
    client = ca.issue("client", "ferryman")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert.cert, cert.key)
    if request.param == "mtls":
        ctx.load_verify_locations(ca.pair.cert)
        ctx.verify_mode = ssl.CERT_REQUIRED
    hits: list[str] = []
    port, loop, thread = _serve(ctx, hits)
    pin = spki_pin(ssl.PEM_cert_to_DER_cert(Path(cert.cert).read_text()))
    yield TlsServer(f"https://127.0.0.1:{port}/v1", str(ca.pair.cert), pin, client, hits)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def provider(base_url: str, tls: str = "", keys: str = "${K1}") -> HttpProvider:
    text = f"providers: {{p: {{kind: openai, base_url: '{base_url}', api_key: {keys}{tls}}}}}"
    settings = parse_settings(text, env={"K1": "sk-one-0000000000", "K2": "sk-two-0000000000"})
    built = build_provider("p", settings.providers["p"])
    assert isinstance(built, HttpProvider)
    return built


def send(p: HttpProvider) -> None:
    async def run() -> None:
        await p.start()
        try:
            resp = await p.send(Op.CHAT, {"model": "m"}, stream=False, headers={})
            await resp.read()
        finally:
            await p.aclose()

    asyncio.run(run())


def test_unknown_ca_is_refused_before_any_key_is_sent(server: TlsServer) -> None:
    before = len(server.hits)
    with pytest.raises(UpstreamError) as info:
        send(provider(server.url))
    assert info.value.code == "upstream_tls_error" and info.value.http_status == 502
    assert len(server.hits) == before


def test_private_ca_bundle(server: TlsServer) -> None:
    client = f", client_cert: '{server.client.cert}', client_key: '{server.client.key}'"
    send(provider(server.url, f", tls: {{ca_bundle: '{server.ca}'{client}}}"))
    assert server.hits[-1] == "Bearer sk-one-0000000000"


def test_matching_pin_is_accepted(server: TlsServer) -> None:
    client = f", client_cert: '{server.client.cert}', client_key: '{server.client.key}'"
    send(
        provider(
            server.url, f", tls: {{ca_bundle: '{server.ca}', spki_pins: ['{server.pin}']{client}}}"
        )
    )


def test_wrong_pin_fails_closed_before_sending(server: TlsServer) -> None:
    before = len(server.hits)
    wrong = "A" * 43 + "="
    client = f", client_cert: '{server.client.cert}', client_key: '{server.client.key}'"
    with pytest.raises(UpstreamError) as info:
        send(
            provider(
                server.url, f", tls: {{ca_bundle: '{server.ca}', spki_pins: ['{wrong}']{client}}}"
            )
        )
    assert info.value.code == "upstream_tls_error"
    assert len(server.hits) == before  # the key never left


def test_several_keys_are_used_in_turn(upstream: FakeUpstream) -> None:
    upstream.clear()

    async def run() -> None:
        p = provider(upstream.base + "/v1", keys="[${K1}, ${K2}]")
        await p.start()
        try:
            for _ in range(4):
                resp = await p.send(
                    Op.CHAT,
                    {"model": "m", "messages": [{"role": "user", "content": "x"}]},
                    stream=False,
                    headers={},
                )
                await resp.read()
        finally:
            await p.aclose()

    asyncio.run(run())
    used = [r.headers["authorization"] for r in upstream.requests]
    assert used == ["Bearer sk-one-0000000000", "Bearer sk-two-0000000000"] * 2


def test_unreachable_provider_is_502() -> None:
    with pytest.raises(UpstreamError) as info:
        send(provider("http://127.0.0.1:9/v1"))  # discard port: nothing listens
    assert info.value.code == "upstream_unreachable"


def test_key_never_appears_in_error(upstream: FakeUpstream) -> None:
    async def run() -> str:
        p = provider(upstream.base + "/v1")
        await p.start()
        try:
            with pytest.raises(UpstreamError) as info:
                await p.send(
                    Op.CHAT, {"model": "fail-401", "messages": []}, stream=False, headers={}
                )
            return str(info.value) + repr(info.value)
        finally:
            await p.aclose()

    assert "sk-one" not in asyncio.run(run())


@pytest.mark.parametrize(
    ("tls", "why"),
    [
        ("{spki_pins: ['short']}", "spki_pins"),
        ("{client_cert: '/etc/hostname'}", "go together"),
        ("{ca_bundle: '/nonexistent/ca.pem'}", "cannot read"),
    ],
)
def test_upstream_tls_config_is_validated(tls: str, why: str) -> None:
    from ferryman.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        provider("https://api.example.com/v1", f", tls: {tls}")
    assert why in info.value.message
