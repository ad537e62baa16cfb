"""The capturing upstream of ``ferryman verify``: a local stand-in for every provider.

It speaks the OpenAI, Azure OpenAI and Anthropic wire formats on 127.0.0.1, records the exact
bytes each request carried (what would have reached the provider), and answers with an echo of
the last user text - or with a scripted answer (an exfiltration attempt) when one is set.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from aiohttp import web

__all__ = ["CaptureUpstream"]


def _last_user_text(messages: Any) -> str:
    for m in reversed(messages if isinstance(messages, list) else []):
        if isinstance(m, dict) and m.get("role") in ("user", "tool"):
            c = m.get("content")
            if isinstance(c, str):
                return c
            if isinstance(c, list):
                return " ".join(str(p.get("text", "")) for p in c if isinstance(p, dict))
    return ""


class CaptureUpstream:
    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.answer: str | None = None  # scripted answer for the next requests
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/openai/deployments/{deployment}/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_post("/openai/deployments/{deployment}/embeddings", self._embeddings)
        app.router.add_post("/v1/messages", self._messages)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # the bound port (aiohttp keeps it on the site)
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        self.received.append(raw)
        body = orjson.loads(raw)
        return body if isinstance(body, dict) else {}

    def _text(self, body: dict[str, Any]) -> str:
        return (
            self.answer
            if self.answer is not None
            else "echo: " + _last_user_text(body.get("messages"))
        )

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        text = self._text(body)
        usage = {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}
        base = {"id": "chatcmpl-verify", "created": int(time.time()), "model": body.get("model")}
        if not body.get("stream"):
            message = {"role": "assistant", "content": text}
            return web.json_response(
                {**base, "object": "chat.completion", "usage": usage,
                 "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}
            )  # fmt: skip
        resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await resp.prepare(request)
        for i in range(0, len(text), 6):
            delta = {"content": text[i : i + 6]}
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}  # fmt: skip
            await resp.write(b"data: " + orjson.dumps(chunk) + b"\n\n")
        end = {**base, "object": "chat.completion.chunk",
               "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}  # fmt: skip
        await resp.write(b"data: " + orjson.dumps(end) + b"\n\ndata: [DONE]\n\n")
        await resp.write_eof()
        return resp

    async def _embeddings(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        items = body.get("input")
        n = len(items) if isinstance(items, list) else 1
        data = [{"object": "embedding", "index": i, "embedding": [0.0, 0.1]} for i in range(n)]
        return web.json_response(
            {"object": "list", "data": data, "model": body.get("model"),
             "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        )  # fmt: skip

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        text = self._text(body)
        return web.json_response(
            {"id": "msg_verify", "type": "message", "role": "assistant",
             "model": body.get("model"), "content": [{"type": "text", "text": text}],
             "stop_reason": "end_turn", "stop_sequence": None,
             "usage": {"input_tokens": 10, "output_tokens": 10}}
        )  # fmt: skip
