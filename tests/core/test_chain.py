"""The chain: request hooks in order, response/stream hooks in reverse, fail closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ferryman.core.chain import Chain
from ferryman.core.context import Endpoint, RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.core.stage import Stage, Terminal
from ferryman.errors import PolicyBlocked


def ctx() -> RequestContext:
    return RequestContext(request_id="r1", endpoint=Endpoint.CHAT, body={"model": "m"})


class Recorder(Stage):
    def __init__(self, name: str, log: list[str]) -> None:
        self.label = name
        self.log = log

    async def on_request(self, ctx: RequestContext) -> None:
        self.log.append(f"req:{self.label}")

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        self.log.append(f"resp:{self.label}")
        reply.body.setdefault("seen", []).append(self.label)

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        self.log.append(f"chunk:{self.label}")
        return [event]

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        self.log.append(f"err:{self.label}:{type(exc).__name__}")


class Echo(Terminal):
    def __init__(self, stream: bool = False) -> None:
        self.stream = stream

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        if not self.stream:
            return JsonReply(200, raw=b'{"ok": true}')

        async def events() -> AsyncIterator[StreamEvent]:
            yield StreamEvent(data='{"n": 1}')
            yield StreamEvent(data="[DONE]")

        return StreamReply(events())


def test_request_in_order_response_in_reverse() -> None:
    log: list[str] = []
    chain = Chain([Recorder("a", log), Recorder("b", log)], Echo())
    reply = asyncio.run(chain.run(ctx()))
    assert isinstance(reply, JsonReply)
    assert log == ["req:a", "req:b", "resp:b", "resp:a"]
    assert reply.body["seen"] == ["b", "a"]


def test_untouched_reply_keeps_raw_bytes() -> None:
    reply = asyncio.run(Chain([], Echo()).run(ctx()))
    assert isinstance(reply, JsonReply)
    assert reply.render() == b'{"ok": true}'


def test_stream_hooks_run_in_reverse_per_event() -> None:
    log: list[str] = []
    chain = Chain([Recorder("a", log), Recorder("b", log)], Echo(stream=True))

    async def run() -> list[str]:
        reply = await chain.run(ctx())
        assert isinstance(reply, StreamReply)
        return [e.data async for e in reply.events]

    assert asyncio.run(run()) == ['{"n": 1}', "[DONE]"]
    assert log[2:] == ["chunk:b", "chunk:a", "chunk:b", "chunk:a"]


class Blocker(Stage):
    async def on_request(self, ctx: RequestContext) -> None:
        raise PolicyBlocked("blocked")


class Broken(Stage):
    async def on_request(self, ctx: RequestContext) -> None:
        raise RuntimeError("bug")


class MustNotRun(Terminal):
    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        raise AssertionError("the request went out")


@pytest.mark.parametrize("stage", [Blocker(), Broken()])
def test_a_failing_stage_fails_the_request_closed(stage: Stage) -> None:
    log: list[str] = []
    chain = Chain([Recorder("a", log), stage], MustNotRun())
    with pytest.raises((PolicyBlocked, RuntimeError)):
        asyncio.run(chain.run(ctx()))
    assert log[0] == "req:a"
    assert log[1].startswith("err:a:")


class HoldBack(Stage):
    """Holds every event until the end of the stream, then releases them."""

    def __init__(self) -> None:
        self.held: list[StreamEvent] = []

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        self.held.append(event)
        return []

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        out, self.held = self.held, []
        return out


def test_held_back_events_are_flushed_through_outer_stages() -> None:
    log: list[str] = []
    chain = Chain([Recorder("outer", log), HoldBack()], Echo(stream=True))

    async def run() -> list[str]:
        reply = await chain.run(ctx())
        assert isinstance(reply, StreamReply)
        return [e.data async for e in reply.events]

    assert asyncio.run(run()) == ['{"n": 1}', "[DONE]"]
    assert log.count("chunk:outer") == 2  # flushed events still passed the outer stage


def test_only_overridden_hooks_are_called() -> None:
    chain = Chain([Stage()], Echo())
    assert chain._request == () and chain._chunk == () and chain._response == ()
    assert chain.names == ["stage", "stage"]
