"""The chain: runs request hooks left to right, the terminal, then response hooks right to left.

Which hooks each stage overrides is resolved once at construction, so a request pays only for the
hooks that exist. Any exception ends the request (fail closed); ``on_error`` observers are told.

An optional ``wrap`` (tracing, see observability.tracing) is applied to each resolved hook, the
terminal call and the whole run, once, here: without one the chain calls the stages' own bound
methods, so instrumentation that is off costs nothing per request.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from typing import Any, Protocol, TypeVar

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.core.stage import Stage, Terminal

__all__ = ["RUN", "Chain", "HookWrapper"]

log = logging.getLogger("ferryman.chain")

RequestHook = Callable[[RequestContext], Awaitable[None]]
ResponseHook = Callable[[RequestContext, JsonReply], Awaitable[None]]
ChunkHook = Callable[[RequestContext, StreamEvent], list[StreamEvent]]
EndHook = Callable[[RequestContext], list[StreamEvent]]
ErrorHook = Callable[[RequestContext, BaseException], Awaitable[None]]
RequestHookReply = Callable[[RequestContext], Awaitable[JsonReply | StreamReply]]
RunHook = Callable[[RequestContext], Coroutine[Any, Any, JsonReply | StreamReply]]

_H = TypeVar("_H", bound=Callable[..., Any])

#: the name the whole run is wrapped under; hooks are ``stage.<name>.<hook>``, the terminal
#: call is its stage name (``route``)
RUN = "ferryman.request"


class HookWrapper(Protocol):
    """Returns a callable with the hook's signature (e.g. one that opens a span around it)."""

    def __call__(self, name: str, hook: _H, /) -> _H: ...


def _same(name: str, hook: _H, /) -> _H:
    return hook


def _overrides(stage: Stage, hook: str) -> bool:
    return getattr(type(stage), hook) is not getattr(Stage, hook)


class Chain:
    """An ordered list of stages ending in a terminal."""

    def __init__(
        self, stages: Sequence[Stage], terminal: Terminal, *, wrap: HookWrapper | None = None
    ) -> None:
        self.stages: tuple[Stage, ...] = (*stages, terminal)
        self.terminal = terminal
        w: HookWrapper = wrap or _same
        everything = self.stages
        backwards = tuple(reversed(everything))
        self._request: tuple[RequestHook, ...] = tuple(
            w(f"stage.{s.name}.on_request", s.on_request)
            for s in everything
            if _overrides(s, "on_request")
        )
        self._response: tuple[ResponseHook, ...] = tuple(
            w(f"stage.{s.name}.on_response", s.on_response)
            for s in backwards
            if _overrides(s, "on_response")
        )
        self._chunk: tuple[ChunkHook, ...] = tuple(
            w(f"stage.{s.name}.on_chunk", s.on_chunk)
            for s in backwards
            if _overrides(s, "on_chunk")
        )
        self._end: tuple[tuple[int, EndHook], ...] = tuple(
            (i, w(f"stage.{s.name}.on_stream_end", s.on_stream_end))
            for i, s in enumerate(s for s in backwards if _overrides(s, "on_chunk"))
            if _overrides(s, "on_stream_end")
        )
        self._error: tuple[ErrorHook, ...] = tuple(
            w(f"stage.{s.name}.on_error", s.on_error)
            for s in backwards
            if _overrides(s, "on_error")
        )
        self._call: RequestHookReply = w(terminal.name, terminal.call)
        self._run: RunHook = w(RUN, self._run_stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, ctx: RequestContext) -> Coroutine[Any, Any, JsonReply | StreamReply]:
        """Run the request through every stage; the reply is in the client's wire format."""
        return self._run(ctx)

    async def _run_stages(self, ctx: RequestContext) -> JsonReply | StreamReply:
        try:
            for hook in self._request:
                await hook(ctx)
            reply = await self._call(ctx)
            if isinstance(reply, JsonReply):
                for rhook in self._response:
                    await rhook(ctx, reply)
                return reply
            if self._chunk or self._error:
                reply = StreamReply(self._filtered(ctx, reply.events), reply.headers)
            return reply
        except BaseException as exc:
            await self.notify_error(ctx, exc)
            raise

    async def notify_error(self, ctx: RequestContext, exc: BaseException) -> None:
        for ehook in self._error:
            try:
                await ehook(ctx, exc)
            except Exception as hook_exc:  # an observer must never mask the real error
                log.error("on_error hook failed: %s", type(hook_exc).__name__)

    async def _filtered(
        self, ctx: RequestContext, events: AsyncIterator[StreamEvent]
    ) -> AsyncIterator[StreamEvent]:
        """Pass each event through the chunk hooks (right to left), flushing at the end."""
        hooks = self._chunk
        try:
            async for event in events:
                batch = [event]
                for hook in hooks:
                    batch = [out for ev in batch for out in hook(ctx, ev)]
                    if not batch:
                        break
                for ev in batch:
                    yield ev
            # Flush held-back events: a stage's leftovers still pass the stages to its left.
            for position, end in self._end:
                batch = end(ctx)
                for hook in hooks[position + 1 :]:
                    batch = [out for ev in batch for out in hook(ctx, ev)]
                for ev in batch:
                    yield ev
        except BaseException as exc:
            await self.notify_error(ctx, exc)
            raise
