"""The HTTPS listener: a hardened server TLS context and the client certificate in the ASGI scope.

- TLS 1.2 is the floor (``tls.min_version: "1.3"`` raises it); TLS 1.0/1.1 handshakes fail.
- Only AEAD cipher suites with forward secrecy for TLS 1.2; no compression, no renegotiation.
- With ``tls.client_ca``, client certificates are verified against it (``optional`` or
  ``required``); the verified certificate's subject and SANs are put in the ASGI scope under the
  ``tls`` extension (``client_cert_name``, plus ferryman's parsed ``client_cert_cn`` and
  ``client_cert_sans``), where the authenticate stage maps them to an identity.

uvicorn does not expose the peer certificate to the app, hence the small protocol subclass.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import Any, ClassVar

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ferryman.util.tasks import spawn

__all__ = [
    "FerrymanConfig",
    "FerrymanHttpProtocol",
    "active_context",
    "certificate_expiry",
    "harden",
    "peer_identity",
]

_active: list[ssl.SSLContext] = []  # the listener's context in this process (set by load())


def active_context() -> ssl.SSLContext | None:
    """The serving TLS context of this process, to reload certificates into."""
    return _active[0] if _active else None


def certificate_expiry(cert_file: str) -> float:
    """The notAfter of the first certificate in a PEM file, as a Unix timestamp."""
    from pathlib import Path

    from cryptography import x509

    cert = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    return cert.not_valid_after_utc.timestamp()


_TLS12_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20"
_HEADER_TIMEOUT_BODY = (
    b'{"error":{"message":"the client took too long to send the request headers",'
    b'"type":"invalid_request_error","param":null,"code":"request_timeout"}}'
)
_HEADER_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
    b"content-length: "
    + str(len(_HEADER_TIMEOUT_BODY)).encode()
    + b"\r\n\r\n"
    + _HEADER_TIMEOUT_BODY
)


def harden(ctx: ssl.SSLContext, min_version: str) -> None:
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3 if min_version == "1.3" else ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(_TLS12_CIPHERS)
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE
    ctx.options |= getattr(ssl, "OP_NO_RENEGOTIATION", 0)


def _escape(value: str) -> str:
    """RFC 4514 escaping, so a CN such as ``a,O=b`` cannot pose as a two-part name."""
    out = "".join("\\" + ch if ch in ',+"\\<>;=' else ch for ch in value)
    if out.startswith(("#", " ")):
        out = "\\" + out
    if out.endswith(" "):
        out = out[:-1] + "\\ "
    return out


def peer_identity(cert: dict[str, Any]) -> dict[str, Any]:
    """Subject CN, an RFC 4514-style name, and SANs of a verified peer certificate."""
    rdns = [attr for rdn in cert.get("subject", ()) for attr in rdn]
    cn = next((value for key, value in rdns if key == "commonName"), None)
    name = ",".join(f"{key}={_escape(value)}" for key, value in reversed(rdns))
    sans = [value for _kind, value in cert.get("subjectAltName", ())]
    return {"client_cert_name": name, "client_cert_cn": cn, "client_cert_sans": sans}


class FerrymanHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with two additions:

    - a deadline for the request line and headers (uvicorn has none: a client sending one header
      byte every few seconds would hold its connection forever); past it the client gets 408 and
      the connection is closed. One sweeper per process checks the connections every second, so
      a request pays two attribute writes, not a timer;
    - the verified client certificate of a TLS connection in each request's scope.
    """

    _peer: dict[str, Any] | None = None
    _awaiting_since: float | None = None  # loop time a request began and its headers are not in
    _app_task: asyncio.Task[None] | None = None
    header_timeout_s: float = 10.0
    _open: ClassVar[set[FerrymanHttpProtocol]] = set()
    _sweeper: ClassVar[asyncio.Task[None] | None] = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        loop = asyncio.get_running_loop()
        self._awaiting_since = loop.time()
        FerrymanHttpProtocol._open.add(self)
        if FerrymanHttpProtocol._sweeper is None or FerrymanHttpProtocol._sweeper.done():
            FerrymanHttpProtocol._sweeper = spawn(_sweep(), name="ferryman-header-deadline")
        ssl_object = transport.get_extra_info("ssl_object")
        if ssl_object is not None:
            cert = ssl_object.getpeercert()  # only returned when the chain was verified
            self._peer = peer_identity(cert) if cert else {}
            self._peer["tls_version"] = ssl_object.version()

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        # remember this connection's request task, so a client that leaves can cancel it
        task = self.loop.create_task(cycle.run_asgi(app))
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)
        self._app_task = task

    def connection_lost(self, exc: Exception | None) -> None:
        FerrymanHttpProtocol._open.discard(self)
        cycle = self.cycle
        task = self._app_task
        super().connection_lost(exc)
        if (
            cycle is not None
            and not cycle.response_complete
            and task is not None
            and not task.done()
        ):
            # The client is gone before its answer: stop the work, which closes the upstream
            # connection, so the provider stops generating (and billing) a reply nobody reads.
            task.cancel()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._awaiting_since = asyncio.get_running_loop().time()
        if self._peer is not None:
            scope: dict[str, Any] = self.scope  # type: ignore[assignment]
            scope["extensions"] = {"tls": self._peer}

    def on_headers_complete(self) -> None:
        self._awaiting_since = None
        super().on_headers_complete()

    def headers_too_slow(self, now: float) -> bool:
        since = self._awaiting_since
        return since is not None and now - since > self.header_timeout_s

    def reject_slow_client(self) -> None:
        self._awaiting_since = None
        if not self.transport.is_closing():
            self.transport.write(_HEADER_TIMEOUT)
            self.transport.close()


async def _sweep() -> None:
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(1.0)
        now = loop.time()
        for conn in [c for c in FerrymanHttpProtocol._open if c.headers_too_slow(now)]:
            conn.reject_slow_client()


class FerrymanConfig(uvicorn.Config):
    """uvicorn's config with ferryman's TLS hardening applied to the context it builds (also in
    each worker process, where the config is loaded again)."""

    def __init__(
        self,
        *args: Any,
        tls_min_version: str = "1.2",
        header_timeout_s: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tls_min_version = tls_min_version
        self.header_timeout_s = header_timeout_s

    def load(self) -> None:
        FerrymanHttpProtocol.header_timeout_s = self.header_timeout_s
        super().load()
        if self.ssl is not None:
            harden(self.ssl, self.tls_min_version)
            _active[:] = [self.ssl]
