"""A finished request leaves no reference cycle behind.

Whatever a request built (its context, the redacted body, the pseudonym vault, the stages'
state) must be freed by reference counting the moment it ends. A cycle (a closure over the
context stored in the context, say) keeps a whole request alive until the cycle collector runs,
and those collections were a tenth of the gateway's CPU at 64 concurrent requests.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import Any

import orjson
import pytest

from ferryman.app import build_app
from ferryman.settings import load_settings
from ferryman.util.tasks import spawn
from tests.conftest import ADMIN_KEY, ANT_KEY, AZ_KEY, OAI_KEY, gateway_config
from tests.fakes.upstream import FakeUpstream

_MESSAGES = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "I am Jane Doe, jane.doe@example.com, +1 415 555 0134. Hello!"},
]


async def _call(app: Any, method: str, path: str, body: object, auth: str) -> tuple[int, Any]:
    raw = orjson.dumps(body) if body is not None else b""
    sent = False
    out: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"authorization", f"Bearer {auth}".encode()),
            (b"content-length", str(len(raw)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    await app(scope, receive, send)
    return out["status"], orjson.loads(out["body"]) if out["body"] else None


async def _garbage_of_requests(config: Path) -> list[str]:
    app = build_app(load_settings(str(config)), config_path=str(config))
    lifespan: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    started = asyncio.Event()

    async def lifespan_send(message: dict[str, Any]) -> None:
        assert message["type"] != "lifespan.startup.failed", message
        if message["type"] == "lifespan.startup.complete":
            started.set()

    await lifespan.put({"type": "lifespan.startup"})
    task = spawn(app({"type": "lifespan"}, lifespan.get, lifespan_send), name="lifespan")
    await started.wait()
    try:
        status, created = await _call(
            app, "POST", "/admin/keys", {"name": "gc", "role": "service"}, ADMIN_KEY
        )
        assert status == 201, created
        key = created["secret"]
        body = {"model": "gpt", "messages": _MESSAGES}
        for _ in range(3):  # warm: caches filled, pools connected
            assert (await _call(app, "POST", "/v1/chat/completions", body, key))[0] == 200
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for _ in range(5):
                status, answer = await _call(app, "POST", "/v1/chat/completions", body, key)
                assert status == 200, answer
            gc.collect()
            return sorted({type(o).__qualname__ for o in gc.garbage})
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    finally:
        await lifespan.put({"type": "lifespan.shutdown"})
        await task


def test_a_request_leaves_no_reference_cycle(
    upstream: FakeUpstream, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    config = tmp_path / "ferryman.yaml"
    storage = f"storage: {{url: 'sqlite+aiosqlite:///{tmp_path}/ferryman.db'}}\n"
    config.write_text(gateway_config(upstream, key_file, storage))
    for name, value in {
        "FM_TEST_OAI_KEY": OAI_KEY,
        "FM_TEST_AZ_KEY": AZ_KEY,
        "FERRYMAN_ADMIN_KEY": ADMIN_KEY,
    }.items():
        monkeypatch.setenv(name, value)
    threshold = gc.get_threshold()
    try:
        assert asyncio.run(_garbage_of_requests(config)) == []
    finally:  # the app froze this process's heap and raised the threshold at its startup
        gc.unfreeze()
        gc.set_threshold(*threshold)
