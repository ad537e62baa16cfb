"""What the innermost stage hands back: a whole JSON answer or a stream of SSE events.

Both keep the bytes they arrived with until a stage asks for the parsed form, so a response no
stage inspects is relayed without a decode/encode round trip (the hot path stays lean).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson

__all__ = ["JsonReply", "StreamEvent", "StreamReply"]


class JsonReply:
    """A complete JSON response in the client's wire format."""

    __slots__ = ("_body", "_raw", "headers", "status")

    def __init__(
        self,
        status: int,
        *,
        raw: bytes | None = None,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if raw is None and body is None:
            raise ValueError("JsonReply needs raw bytes or a body")
        self.status = status
        self._raw = raw
        self._body = body
        self.headers = headers or {}

    @property
    def body(self) -> dict[str, Any]:
        """The parsed body; the raw bytes are dropped, since the caller may change it."""
        if self._body is None:
            assert self._raw is not None
            parsed = orjson.loads(self._raw)
            self._body = parsed if isinstance(parsed, dict) else {"data": parsed}
        self._raw = None
        return self._body

    def render(self) -> bytes:
        if self._raw is not None:
            return self._raw
        return orjson.dumps(self._body)


@dataclass(slots=True)
class StreamEvent:
    """One server-sent event. ``data`` is the JSON text; ``done`` marks OpenAI's ``[DONE]``."""

    data: str
    event: str | None = None
    _parsed: dict[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, payload: dict[str, Any], event: str | None = None) -> StreamEvent:
        return cls(data=orjson.dumps(payload).decode(), event=event, _parsed=payload)

    @property
    def done(self) -> bool:
        return self.data == "[DONE]"

    def json(self) -> dict[str, Any]:
        """Parsed data (cached). Call :meth:`replace` after changing it."""
        if self._parsed is None:
            value = orjson.loads(self.data)
            self._parsed = value if isinstance(value, dict) else {}
        return self._parsed

    def replace(self, payload: dict[str, Any]) -> None:
        self._parsed = payload
        self.data = orjson.dumps(payload).decode()

    def encode(self) -> bytes:
        head = f"event: {self.event}\n" if self.event else ""
        if "\n" in self.data:  # a multi-line payload needs one data: field per line
            body = "".join(f"data: {line}\n" for line in self.data.split("\n"))
            return f"{head}{body}\n".encode()
        return f"{head}data: {self.data}\n\n".encode()


@dataclass(slots=True)
class StreamReply:
    """A streamed response: events in the client's wire format, produced as they arrive upstream."""

    events: AsyncIterator[StreamEvent]
    headers: dict[str, str] = field(default_factory=dict)
