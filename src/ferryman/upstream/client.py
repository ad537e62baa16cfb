"""One pooled keep-alive HTTP client per provider.

aiohttp rather than httpx: on this machine its client costs a fraction of httpx's CPU per request
(see docs/performance.md), and the upstream call is most of a proxy's own work.

TLS towards providers: verification is always on with TLS 1.2 as the floor; a provider may name
its own CA bundle (private endpoints), a client certificate (mTLS to the provider) and SPKI pins.
Pins are checked right after the handshake, before a single byte of the request - and so the
provider key - is written. Redirects are not followed (a provider never needs them, and following
one could carry the provider key to another host); proxies from the environment are not used.
"""

from __future__ import annotations

import base64
import hashlib
import ssl
from typing import Any

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ferryman import __version__
from ferryman.settings.model import ProviderSettings, TimeoutSettings, UpstreamTls

__all__ = ["PinMismatch", "client_timeout", "new_session", "spki_pin", "tls_context"]


class PinMismatch(aiohttp.ClientConnectionError):
    """The provider's public key matches none of the configured SPKI pins."""


def spki_pin(der_certificate: bytes) -> str:
    """base64(SHA-256(SubjectPublicKeyInfo)) of a DER certificate, as in HPKP ``pin-sha256``."""
    spki = (
        x509.load_der_x509_certificate(der_certificate)
        .public_key()
        .public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def tls_context(tls: UpstreamTls | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=tls.ca_bundle if tls else None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    if tls is not None and tls.client_cert and tls.client_key:
        ctx.load_cert_chain(tls.client_cert, tls.client_key)
    return ctx


class _PinnedConnector(aiohttp.TCPConnector):
    """A connector that refuses a TLS peer whose public key is not pinned."""

    def __init__(self, *, pins: frozenset[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pins = pins

    async def _wrap_create_connection(self, *args: Any, **kwargs: Any) -> Any:
        transport, protocol = await super()._wrap_create_connection(*args, **kwargs)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der or spki_pin(der) not in self._pins:
            transport.close()
            raise PinMismatch("the provider's public key matches no configured pin")
        return transport, protocol


def client_timeout(timeouts: TimeoutSettings) -> aiohttp.ClientTimeout:
    """connect: TCP + TLS; read: each read of the answer (a stream's every chunk); total: all."""
    return aiohttp.ClientTimeout(
        total=timeouts.total, sock_connect=timeouts.connect, sock_read=timeouts.read
    )


def new_session(settings: ProviderSettings) -> aiohttp.ClientSession:
    """A session with its own connection pool, TLS policy and the provider's timeouts."""
    options: dict[str, Any] = {
        "limit": settings.max_connections,
        "ssl": tls_context(settings.tls),
        "ttl_dns_cache": 300,
        "keepalive_timeout": 30,
    }
    pins = frozenset(settings.tls.spki_pins)
    connector = _PinnedConnector(pins=pins, **options) if pins else aiohttp.TCPConnector(**options)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=client_timeout(settings.timeouts),
        headers={"user-agent": f"ferryman/{__version__}"},
        trust_env=False,
        raise_for_status=False,
        auto_decompress=True,
    )
