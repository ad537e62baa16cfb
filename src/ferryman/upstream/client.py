"""One pooled keep-alive HTTP client per provider.

aiohttp rather than httpx: on this machine its client costs a fraction of httpx's CPU per request
(see docs/performance.md), and the upstream call is most of a proxy's own work. TLS verification is
always on, with TLS 1.2 as the floor; redirects are not followed (a provider never needs them, and
following one could carry the provider key to another host); proxies from the environment are not
used unless configured.
"""

from __future__ import annotations

import ssl

import aiohttp

from ferryman import __version__
from ferryman.settings.model import ProviderSettings

__all__ = ["new_session", "tls_context"]


def tls_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def new_session(settings: ProviderSettings) -> aiohttp.ClientSession:
    """A session with its own connection pool and the provider's timeouts."""
    timeouts = settings.timeouts
    connector = aiohttp.TCPConnector(
        limit=settings.max_connections,
        ssl=tls_context(),
        ttl_dns_cache=300,
        keepalive_timeout=30,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(
            total=timeouts.total, sock_connect=timeouts.connect, sock_read=timeouts.read
        ),
        headers={"user-agent": f"ferryman/{__version__}"},
        trust_env=False,
        raise_for_status=False,
        auto_decompress=True,
    )
