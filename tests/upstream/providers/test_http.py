"""The HTTP adapter against real servers: TLS verification is always on, keys rotate, errors map."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from ferryman.errors import UpstreamError
from ferryman.settings import parse_settings
from ferryman.upstream.providers import Op, build_provider
from ferryman.upstream.providers.http import HttpProvider
from tests.fakes.upstream import FakeUpstream


@pytest.fixture(scope="module")
def self_signed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 with a certificate no CA vouches for."""
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    port: list[int] = []
    hits: list[str] = []

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
    yield f"https://127.0.0.1:{port[0]}/v1"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
    assert hits == [], "the provider key was sent to an unverified server"


def provider(base_url: str, keys: str = "${K1}") -> HttpProvider:
    settings = parse_settings(
        f"providers: {{p: {{kind: openai, base_url: '{base_url}', api_key: {keys}}}}}",
        env={"K1": "sk-one-0000000000", "K2": "sk-two-0000000000"},
    )
    built = build_provider("p", settings.providers["p"])
    assert isinstance(built, HttpProvider)
    return built


def test_unverified_tls_is_refused_before_any_key_is_sent(self_signed_server: str) -> None:
    async def run() -> None:
        p = provider(self_signed_server)
        await p.start()
        try:
            with pytest.raises(UpstreamError) as info:
                await p.send(Op.CHAT, {"model": "m"}, stream=False, headers={})
            assert info.value.code == "upstream_tls_error"
            assert info.value.http_status == 502
        finally:
            await p.aclose()

    asyncio.run(run())


def test_several_keys_are_used_in_turn(upstream: FakeUpstream) -> None:
    upstream.clear()

    async def run() -> None:
        p = provider(upstream.base + "/v1", "[${K1}, ${K2}]")
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
    async def run() -> None:
        p = provider("http://127.0.0.1:9/v1")  # discard port: nothing listens
        await p.start()
        try:
            with pytest.raises(UpstreamError) as info:
                await p.send(Op.CHAT, {"model": "m"}, stream=False, headers={})
            assert info.value.code == "upstream_unreachable"
        finally:
            await p.aclose()

    asyncio.run(run())


def test_key_never_appears_in_error(upstream: FakeUpstream, tmp_path: Path) -> None:
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
