"""Incremental server-sent-events parser (sans-I/O): bytes in, events out.

Feed it network chunks of any size; it yields each complete event once its terminating blank line
has arrived, whatever the chunk boundaries (a frame, a line or a UTF-8 character may be split).
Follows the WHATWG event-stream rules that matter for AI APIs: ``\\n``, ``\\r\\n`` and ``\\r`` line
ends, several ``data:`` lines joined with ``\\n``, comments (``:``) ignored, one optional space
after the colon stripped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ferryman.core.reply import StreamEvent

__all__ = ["MAX_EVENT_BYTES", "SSEParser", "SSETooLarge"]

MAX_EVENT_BYTES = 8 * 1024 * 1024


class SSETooLarge(ValueError):
    """An event grew past the bound without ending (a broken or hostile upstream)."""


class SSEParser:
    __slots__ = ("_buf", "_data", "_event", "_pending_cr", "_size")

    def __init__(self) -> None:
        self._buf = b""
        self._data: list[str] = []
        self._event: str | None = None
        self._size = 0
        self._pending_cr = False

    def feed(self, chunk: bytes) -> Iterator[StreamEvent]:
        """Consume ``chunk`` and yield every event it completes."""
        if self._pending_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the \n of a \r\n split across two chunks
        self._pending_cr = False
        buf = self._buf + chunk
        if b"\r" in buf:
            if buf.endswith(b"\r"):
                self._pending_cr = True
            buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        start = 0
        while True:
            end = buf.find(b"\n", start)
            if end < 0:
                break
            line = buf[start:end]
            start = end + 1
            event = self._line(line)
            if event is not None:
                yield event
        self._buf = buf[start:]
        if len(self._buf) + self._size > MAX_EVENT_BYTES:
            raise SSETooLarge("server-sent event larger than the bound")

    def _line(self, raw: bytes) -> StreamEvent | None:
        if not raw:
            if not self._data and self._event is None:
                return None
            event = StreamEvent(data="\n".join(self._data), event=self._event)
            self._data = []
            self._event = None
            self._size = 0
            return event
        if raw.startswith(b":"):
            return None
        name, _, value = raw.partition(b":")
        if value.startswith(b" "):
            value = value[1:]
        text = value.decode("utf-8", errors="replace")
        if name == b"data":
            self._data.append(text)
            self._size += len(value)
        elif name == b"event":
            self._event = text
        return None

    def flush(self) -> Iterator[StreamEvent]:
        """End of input: a final event without its blank line still counts (lenient, like browsers
        are not; several AI servers omit the last blank line)."""
        if self._buf:
            tail, self._buf = self._buf, b""
            yield from self.feed(tail + b"\n")
        yield from self.feed(b"\n")
