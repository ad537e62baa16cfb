"""A test double of HashiCorp Vault's transit engine speaking its real HTTP API (the subset
ferryman uses): encrypt (creating the key on first use, as Vault does), decrypt, rewrap, rotate.
Requests without the right X-Vault-Token get 403, as from Vault."""

from __future__ import annotations

import asyncio
import base64
import os
import threading
from typing import Any

from aiohttp import web
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class FakeVault:
    def __init__(self, token: str) -> None:
        self.token = token
        self.keys: dict[str, list[bytes]] = {}  # name -> versions (index 0 = v1)
        self.calls: list[str] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        ready = threading.Event()
        self._ready = ready
        self._thread.start()
        ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v1/transit/{op}/{name}", self._op)
        app.router.add_post("/v1/transit/keys/{name}/rotate", self._rotate)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._runner.cleanup())

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _auth(self, request: web.Request) -> None:
        if request.headers.get("x-vault-token") != self.token:
            raise web.HTTPForbidden(text='{"errors":["permission denied"]}')

    def _seal(self, name: str, plaintext: bytes) -> str:
        version = len(self.keys[name])
        nonce = os.urandom(12)
        ct = AESGCM(self.keys[name][-1]).encrypt(nonce, plaintext, None)
        return f"vault:v{version}:" + base64.b64encode(nonce + ct).decode()

    def _open(self, name: str, ciphertext: str) -> bytes:
        _, version, blob = ciphertext.split(":")
        raw = base64.b64decode(blob)
        return AESGCM(self.keys[name][int(version[1:]) - 1]).decrypt(raw[:12], raw[12:], None)

    async def _op(self, request: web.Request) -> web.Response:
        self._auth(request)
        op, name = request.match_info["op"], request.match_info["name"]
        body: dict[str, Any] = await request.json()
        self.calls.append(op)
        if op == "encrypt":
            self.keys.setdefault(name, [AESGCM.generate_key(bit_length=256)])
            data = {"ciphertext": self._seal(name, base64.b64decode(body["plaintext"]))}
        elif op == "decrypt":
            data = {"plaintext": base64.b64encode(self._open(name, body["ciphertext"])).decode()}
        elif op == "rewrap":
            data = {"ciphertext": self._seal(name, self._open(name, body["ciphertext"]))}
        else:
            raise web.HTTPNotFound()
        return web.json_response({"data": data})

    async def _rotate(self, request: web.Request) -> web.Response:
        self._auth(request)
        self.keys.setdefault(request.match_info["name"], []).append(
            AESGCM.generate_key(bit_length=256)
        )
        self.calls.append("rotate")
        return web.Response(status=204)
