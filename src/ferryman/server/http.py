"""Pure-ASGI helpers for the listener: bounded body reading and plain responses.

The body is read under two bounds before any other work: its size (413, checked against
``Content-Length`` first, then while reading) and the time the client takes to send it (408), so a
slow or oversized client cannot tie up the gateway.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from ferryman.errors import BadRequest, PayloadTooLarge, RequestTimeout

__all__ = ["Headers", "read_body", "read_json_object", "send_bytes"]

Headers = list[tuple[bytes, bytes]]
Scope = dict[str, Any]


async def read_body(receive: Any, scope: Scope, *, limit: int, deadline_s: float) -> bytes:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                declared = int(value)
            except ValueError:
                raise BadRequest("invalid Content-Length header", code="invalid_header") from None
            if declared > limit:
                raise PayloadTooLarge(f"request body is larger than {limit} bytes")
            break
    try:
        async with asyncio.timeout(deadline_s):
            message = await receive()
            body: bytes = message.get("body", b"")
            if not message.get("more_body"):
                return body  # the common case: one message, no copy
            parts = [body]
            size = len(body)
            while message.get("more_body"):
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise RequestTimeout("client disconnected while sending the request")
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"request body is larger than {limit} bytes")
                parts.append(chunk)
            return b"".join(parts)
    except TimeoutError:
        raise RequestTimeout("the client took too long to send the request body") from None


def read_json_object(raw: bytes) -> dict[str, Any]:
    if not raw:
        raise BadRequest("request body is empty; a JSON object is expected", code="invalid_json")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("request body is not valid JSON", code="invalid_json") from None
    if not isinstance(value, dict):
        raise BadRequest("request body must be a JSON object", code="invalid_json")
    return value


async def send_bytes(send: Any, status: int, body: bytes, headers: Headers) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
