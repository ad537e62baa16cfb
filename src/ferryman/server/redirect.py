"""The plain-HTTP listener that only redirects to HTTPS (308) and serves nothing else.

It is deliberately not the ASGI app: no route, no admin page, no health check is reachable over
plain HTTP, so there is no "forgotten endpoint". Each worker binds it with SO_REUSEPORT.
"""

from __future__ import annotations

import asyncio
import contextlib
import re

__all__ = ["RedirectServer"]

_HOST = re.compile(rb"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]{1,253})(:\d{1,5})?$")
_MAX_HEAD = 8192
_READ_TIMEOUT_S = 5.0
_BAD = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class RedirectServer:
    def __init__(self, host: str, port: int, https_port: int) -> None:
        self.host = host
        self.port = port
        self.https_port = https_port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, self.host, self.port, reuse_port=True, limit=_MAX_HEAD
        )

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(_READ_TIMEOUT_S):
                head = await reader.readuntil(b"\r\n\r\n")
            writer.write(self._answer(head))
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            with contextlib.suppress(OSError):
                writer.write(_BAD)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    def _answer(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[1].startswith(b"/") or any(c < 0x21 for c in parts[1]):
            return _BAD
        host = next(
            (
                v.strip()
                for k, _, v in (line.partition(b":") for line in lines[1:])
                if k.strip().lower() == b"host"
            ),
            None,
        )
        match = _HOST.match(host) if host else None
        if match is None:
            return _BAD
        name = match.group(1).decode()
        port = "" if self.https_port == 443 else f":{self.https_port}"
        location = f"https://{name}{port}".encode() + parts[1]
        return (
            b"HTTP/1.1 308 Permanent Redirect\r\nLocation: "
            + location
            + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
