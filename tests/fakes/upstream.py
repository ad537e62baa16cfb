"""A real-HTTP fake provider on 127.0.0.1 speaking OpenAI's and Anthropic's wire formats.

It records every request it receives (path, headers, JSON body) so tests assert on what actually
left the gateway. Behaviour is scripted by the upstream model name the gateway sends:

``fail-500`` / ``fail-400`` / ``fail-401`` / ``fail-429``  error answers
``slow``            waits 3 s before answering (timeouts)
``cut-stream``      sends two chunks, then drops the connection
``slow-stream``     one chunk every 100 ms for 10 s (client-disconnect tests)
``garbage``         200 with a non-JSON body
``tool-call``       answers with a tool call
``tool-echo``       a tool call whose arguments carry the last user text (``{"note": ...}``)
``echo-system``     echoes the system prompt instead (a model that leaks its instructions)
``fail-503``        always 503 (circuit breaker tests)
``fail-then-ok``    500 on the first request carrying a given last user text, then answers
``flaky-429``       429 with ``Retry-After: 1`` on the first request per text, then answers
``reset``           drops the connection without an answer (connection reset), every time
``reset-then-ok``   drops the connection on the first request per text, then answers
``slow-stream-start``  a stream whose first byte comes only after 3 s
``slow-ok``         answers after 0.5 s (concurrent duplicates)
``key-check``       401 when the key (bearer or x-api-key) contains ``bad``, else answers
anything else       echoes the last user text: ``echo: <text>``
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

LEAKY_KEY = "sk-live-upstreamsecret1234567890"


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeUpstream:
    host: str = "127.0.0.1"
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    aborted_streams: list[str] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)  # scripted "first time" per (model, text)
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    _loop: asyncio.AbstractEventLoop | None = None
    _runner: web.AppRunner | None = None
    _thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def clear(self) -> None:
        self.requests.clear()
        self.aborted_streams.clear()
        self.seen.clear()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="fake-upstream")
        self._thread.start()
        ready.wait(10)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.chat)
        app.router.add_post("/v1/embeddings", self.embeddings)
        app.router.add_post("/v1/messages", self.messages)
        app.router.add_post("/openai/deployments/{dep}/chat/completions", self.chat)
        app.router.add_get("/jwks.json", self.serve_jwks)
        # handler_cancellation: a handler learns when the gateway drops its connection
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            self._loop.close()

    async def serve_jwks(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(self.jwks)

    # ------------------------------------------------------------------ helpers
    async def _record(self, request: web.Request) -> dict[str, Any]:
        body = orjson.loads(await request.read())
        self.requests.append(
            Recorded(request.path_qs, {k.lower(): v for k, v in request.headers.items()}, body)
        )
        return body

    @staticmethod
    def _last_user_text(messages: list[dict[str, Any]]) -> str:
        for m in reversed(messages):
            if m.get("role") in ("user", "tool"):
                c = m.get("content")
                if isinstance(c, str):
                    return c
                if isinstance(c, list):
                    return " ".join(
                        str(p.get("text", p.get("content", ""))) for p in c if isinstance(p, dict)
                    )
        return ""

    async def _scripted(
        self, model: str, body: dict[str, Any], request: web.Request
    ) -> web.StreamResponse | None:
        """The resilience scripts: a behaviour that depends on how often a text was seen."""
        marker = f"{model}:{self._last_user_text(body.get('messages', []))}"
        first = marker not in self.seen
        self.seen[marker] = self.seen.get(marker, 0) + 1
        if model == "fail-503":
            return web.json_response({"error": {"message": "overloaded"}}, status=503)
        if model == "fail-then-ok" and first:
            return web.json_response({"error": {"message": "boom"}}, status=500)
        if model == "flaky-429" and first:
            return web.json_response(
                {"error": {"message": "slow down"}}, status=429, headers={"retry-after": "1"}
            )
        if model == "reset" or (model == "reset-then-ok" and first):
            request.transport.close()  # type: ignore[union-attr]
            return web.Response(status=200)
        if model == "slow-stream-start" and body.get("stream"):
            await asyncio.sleep(3)
        if model == "slow-ok":
            await asyncio.sleep(0.5)
        if model == "key-check":
            key = request.headers.get("authorization", "") + request.headers.get("x-api-key", "")
            if "bad" in key:
                return web.json_response({"error": {"message": "invalid key"}}, status=401)
        return None

    async def _fault(
        self,
        model: str,
        anthropic: bool,
        body: dict[str, Any] | None = None,
        request: web.Request | None = None,
    ) -> web.StreamResponse | None:
        if body is not None and request is not None:
            scripted = await self._scripted(model, body, request)
            if scripted is not None:
                return scripted
        if model == "fail-500":
            return web.json_response({"error": {"message": "boom"}}, status=500)
        if model == "fail-400":
            msg = f"Invalid value for max_tokens; your key {LEAKY_KEY} was used"
            err = {"type": "error", "error": {"type": "invalid_request_error", "message": msg}}
            return web.json_response(err if anthropic else {"error": {"message": msg}}, status=400)
        if model == "fail-401":
            return web.json_response({"error": {"message": f"bad key {LEAKY_KEY}"}}, status=401)
        if model == "fail-429":
            return web.json_response(
                {"error": {"message": "slow down"}}, status=429, headers={"retry-after": "7"}
            )
        if model == "slow":
            try:
                await asyncio.sleep(3)
            except asyncio.CancelledError:
                self.aborted_streams.append("slow")
                raise
        if model == "garbage":
            return web.Response(text="<html>oops</html>", content_type="application/json")
        return None

    # ------------------------------------------------------------------ OpenAI
    async def chat(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        model = body.get("model", "")
        fault = await self._fault(model, anthropic=False, body=body, request=request)
        if fault is not None:
            return fault
        text = "echo: " + self._last_user_text(body.get("messages", []))
        if model == "echo-system":
            text = "my instructions: " + " ".join(
                str(m.get("content")) for m in body.get("messages", []) if m.get("role") == "system"
            )
        usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
        tool = model in ("tool-call", "tool-echo")
        args = (
            orjson.dumps({"note": text[len("echo: ") :]}).decode()
            if model == "tool-echo"
            else '{"city": "Paris"}'
        )
        if not body.get("stream"):
            message: dict[str, Any] = {"role": "assistant", "content": None if tool else text}
            if tool:
                message["tool_calls"] = [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": args},
                    }
                ]
            return web.json_response(
                {
                    "id": "chatcmpl-fake1",
                    "object": "chat.completion",
                    "created": 1700000000,
                    "model": model + "-2024",
                    "choices": [
                        {
                            "index": 0,
                            "message": message,
                            "finish_reason": "tool_calls" if tool else "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                }
            )
        resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await resp.prepare(request)
        base = {
            "id": "chatcmpl-fake1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": model,
        }

        def frame(delta: dict[str, Any], finish: str | None = None) -> bytes:
            chunk = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return b"data: " + orjson.dumps(chunk) + b"\n\n"

        try:
            await resp.write(frame({"role": "assistant", "content": ""}))
            if model == "slow-stream":
                for i in range(100):
                    await asyncio.sleep(0.1)
                    await resp.write(frame({"content": f"tick{i} "}))
            elif tool:
                await resp.write(
                    frame(
                        {
                            "tool_calls": [
                                {
                                    "index": 0,
                                    "id": "call_1",
                                    "type": "function",
                                    "function": {"name": "get_weather", "arguments": ""},
                                }
                            ]
                        }
                    )
                )
                for part in (args[i : i + 7] for i in range(0, len(args), 7)):
                    await resp.write(
                        frame({"tool_calls": [{"index": 0, "function": {"arguments": part}}]})
                    )
                await resp.write(frame({}, "tool_calls"))
            else:
                pieces = [text[i : i + 5] for i in range(0, len(text), 5)]
                for n, piece in enumerate(pieces):
                    await resp.write(frame({"content": piece}))
                    if model == "cut-stream" and n == 1:
                        request.transport.close()  # type: ignore[union-attr]
                        return resp
                await resp.write(frame({}, "stop"))
            if (body.get("stream_options") or {}).get("include_usage"):
                await resp.write(
                    b"data: " + orjson.dumps({**base, "choices": [], "usage": usage}) + b"\n\n"
                )
            await resp.write(b"data: [DONE]\n\n")
        except (ConnectionResetError, ConnectionError):
            self.aborted_streams.append(model)
            return resp
        except asyncio.CancelledError:  # the gateway dropped the connection
            self.aborted_streams.append(model)
            raise
        await resp.write_eof()
        return resp

    async def embeddings(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        fault = await self._fault(body.get("model", ""), anthropic=False)
        if fault is not None:
            return fault
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]}
            for i, _ in enumerate(inputs)
        ]
        if body.get("encoding_format") == "base64":
            import base64
            import struct

            for d in data:
                d["embedding"] = base64.b64encode(struct.pack("<3f", 0.1, 0.2, 0.3)).decode()
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 3, "total_tokens": 3},
            }
        )

    # ------------------------------------------------------------------ Anthropic
    async def messages(self, request: web.Request) -> web.StreamResponse:
        body = await self._record(request)
        model = body.get("model", "")
        fault = await self._fault(model, anthropic=True, body=body, request=request)
        if fault is not None:
            return fault
        text = "echo: " + self._last_user_text(body.get("messages", []))
        tool = model in ("tool-call", "tool-echo")
        tool_input = {"note": text[len("echo: ") :]} if model == "tool-echo" else {"city": "Paris"}
        args = orjson.dumps(tool_input).decode()
        content: list[dict[str, Any]] = (
            [
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "get_weather",
                    "input": tool_input,
                }
            ]
            if tool
            else [{"type": "text", "text": text}]
        )
        if not body.get("stream"):
            return web.json_response(
                {
                    "id": "msg_fake1",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": content,
                    "stop_reason": "tool_use" if tool else "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": 11, "output_tokens": 7},
                }
            )
        resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await resp.prepare(request)

        async def ev(name: str, data: dict[str, Any]) -> None:
            await resp.write(
                f"event: {name}\n".encode()
                + b"data: "
                + orjson.dumps({"type": name, **data})
                + b"\n\n"
            )

        try:
            await ev(
                "message_start",
                {
                    "message": {
                        "id": "msg_fake1",
                        "type": "message",
                        "role": "assistant",
                        "model": model,
                        "content": [],
                        "stop_reason": None,
                        "stop_sequence": None,
                        "usage": {"input_tokens": 11, "output_tokens": 1},
                    }
                },
            )
            await ev("ping", {})
            if tool:
                await ev(
                    "content_block_start",
                    {
                        "index": 0,
                        "content_block": {
                            "type": "tool_use",
                            "id": "toolu_1",
                            "name": "get_weather",
                            "input": {},
                        },
                    },
                )
                for part in (args[i : i + 7] for i in range(0, len(args), 7)):
                    await ev(
                        "content_block_delta",
                        {"index": 0, "delta": {"type": "input_json_delta", "partial_json": part}},
                    )
            else:
                await ev(
                    "content_block_start",
                    {"index": 0, "content_block": {"type": "text", "text": ""}},
                )
                pieces = [text[i : i + 5] for i in range(0, len(text), 5)]
                for n, piece in enumerate(pieces):
                    if model == "slow-stream":
                        await asyncio.sleep(0.1)
                    await ev(
                        "content_block_delta",
                        {"index": 0, "delta": {"type": "text_delta", "text": piece}},
                    )
                    if model == "cut-stream" and n == 1:
                        request.transport.close()  # type: ignore[union-attr]
                        return resp
            await ev("content_block_stop", {"index": 0})
            await ev(
                "message_delta",
                {
                    "delta": {
                        "stop_reason": "tool_use" if tool else "end_turn",
                        "stop_sequence": None,
                    },
                    "usage": {"output_tokens": 7},
                },
            )
            await ev("message_stop", {})
        except (ConnectionResetError, ConnectionError):
            self.aborted_streams.append(model)
            return resp
        except asyncio.CancelledError:  # the gateway dropped the connection
            self.aborted_streams.append(model)
            raise
        await resp.write_eof()
        return resp


def wait_for(predicate: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())
