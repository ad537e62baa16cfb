"""The SSE parser yields the same events whatever the chunk boundaries."""

from __future__ import annotations

import pytest

from ferryman.protocol.sse import SSEParser, SSETooLarge

STREAM = (
    b'event: message_start\r\ndata: {"a": "\xc3\xa9t\xc3\xa9"}\r\n\r\n'
    b": keep-alive comment\n\n"
    b"data: line one\ndata: line two\n\n"
    b"event: ping\ndata:{}\n\n"
    b"data: [DONE]\r\r"
)
EXPECTED = [
    ("message_start", '{"a": "été"}'),
    (None, "line one\nline two"),
    ("ping", "{}"),
    (None, "[DONE]"),
]


def parse(chunks: list[bytes]) -> list[tuple[str | None, str]]:
    parser = SSEParser()
    out = []
    for chunk in chunks:
        out += [(e.event, e.data) for e in parser.feed(chunk)]
    out += [(e.event, e.data) for e in parser.flush()]
    return out


def test_whole_stream() -> None:
    assert parse([STREAM]) == EXPECTED


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_split_at_every_offset(cut: int) -> None:
    assert parse([STREAM[:cut], STREAM[cut:]]) == EXPECTED


def test_byte_by_byte() -> None:
    assert parse([bytes([b]) for b in STREAM]) == EXPECTED


def test_last_event_without_blank_line_is_flushed() -> None:
    assert parse([b"data: x\n\ndata: tail"]) == [(None, "x"), (None, "tail")]


def test_oversized_event_is_refused() -> None:
    parser = SSEParser()
    with pytest.raises(SSETooLarge):
        for _ in range(20):
            list(parser.feed(b"data: " + b"x" * (1024 * 1024) + b"\n"))


def test_encode_round_trip() -> None:
    parser = SSEParser()
    (event,) = list(parser.feed(b'event: e\ndata: {"k": 1}\n\n'))
    assert event.encode() == b'event: e\ndata: {"k": 1}\n\n'
    assert event.json() == {"k": 1}
