"""The Stage base class: one pipeline step with typed hooks.

A stage overrides only the hooks it needs; the chain resolves which ones once, at startup.
To stop a request, a hook raises a :class:`~ferryman.errors.FerrymanError` (a typed rejection);
any other exception in a hook also ends the request (fail closed): nothing leaves that a stage did
not pass.

Hooks, in the order they fire:

``on_request(ctx)``
    Before the upstream call, left to right. May change ``ctx.body`` (e.g. redact) or raise.
``on_response(ctx, reply)``
    After a whole (non-streamed) answer, right to left. ``reply`` is in the client's wire format;
    ``reply.body`` gives the parsed body to change in place.
``on_chunk(ctx, event)``
    For every streamed event, right to left. Returns the events to pass on: ``[event]`` to relay,
    ``[]`` to hold it back (e.g. a pseudonym split across chunks), or several.
``on_stream_end(ctx)``
    When the upstream stream ends normally; returns held-back events to flush.
``on_error(ctx, exc)``
    When the request fails at any point (observers such as audit; must not raise).
"""

from __future__ import annotations

from typing import ClassVar

from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply

__all__ = ["Stage", "Terminal"]


class Stage:
    name: ClassVar[str] = "stage"

    async def on_request(self, ctx: RequestContext) -> None:
        """Inspect or change the request before it leaves."""

    async def on_response(self, ctx: RequestContext, reply: JsonReply) -> None:
        """Inspect or change a whole response before the client sees it."""

    def on_chunk(self, ctx: RequestContext, event: StreamEvent) -> list[StreamEvent]:
        """Inspect or change one streamed event; return what to pass on."""
        return [event]

    def on_stream_end(self, ctx: RequestContext) -> list[StreamEvent]:
        """Flush whatever this stage held back."""
        return []

    async def on_error(self, ctx: RequestContext, exc: BaseException) -> None:
        """Observe a failed request. Must not raise."""


class Terminal(Stage):
    """The innermost stage: it produces the reply (the route stage, calling the provider)."""

    async def call(self, ctx: RequestContext) -> JsonReply | StreamReply:
        raise NotImplementedError
