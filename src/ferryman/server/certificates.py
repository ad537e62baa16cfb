"""Serving-certificate life cycle: reload without restart, and an expiry watch.

Automated renewal (cert-manager, certbot, a secrets operator) replaces the certificate and key
files; ferryman picks them up on ``SIGHUP`` or by itself when the files change (checked every
``tls.reload_check_s``). The new pair is loaded into the live TLS context: new handshakes use it,
open connections finish on the old one. A pair that fails to load (half-written files, a key that
does not match) is refused and the current certificate stays.

The expiry time is exported as ``ferryman_tls_certificate_expiry_timestamp_seconds`` and
``ferryman_tls_certificate_expiring`` turns 1 (with a warning in the log) 14 days ahead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import tempfile
import time

from prometheus_client import Gauge

from ferryman.server.tls import active_context, certificate_expiry
from ferryman.settings.model import TlsSettings

__all__ = ["CertificateWatch"]

log = logging.getLogger("ferryman.tls")

EXPIRY_ALERT_S = 14 * 86400
EXPIRY = Gauge(
    "ferryman_tls_certificate_expiry_timestamp_seconds",
    "notAfter of the serving certificate (Unix time).",
    multiprocess_mode="max",
)
EXPIRING = Gauge(
    "ferryman_tls_certificate_expiring",
    "1 when the serving certificate expires within 14 days.",
    multiprocess_mode="max",
)


def _no_password() -> str:
    """An encrypted key is refused instead of prompting on the terminal inside the event loop."""
    raise ValueError("encrypted private keys are not supported; provide an unencrypted key file")


class CertificateWatch:
    def __init__(self, tls: TlsSettings) -> None:
        self.tls = tls
        self._stamp = self._mtimes()

    def _mtimes(self) -> tuple[float, float]:
        try:
            return os.stat(self.tls.cert).st_mtime, os.stat(self.tls.key).st_mtime
        except OSError:
            return (0.0, 0.0)

    def reload(self, tls: TlsSettings | None = None) -> bool:
        """Load the (possibly new) certificate pair into the live context."""
        if tls is not None:
            self.tls = tls
        ctx = active_context()
        if ctx is None:
            return False
        # Read the pair once into private copies, prove it loads into a scratch context, and only
        # then load the very same bytes into the live one: OpenSSL installs a new leaf before it
        # checks the key, so a bad pair loaded directly would leave the listener without a key.
        try:
            with tempfile.TemporaryDirectory(prefix="ferryman-cert-") as folder:
                cert = os.path.join(folder, "cert.pem")
                key = os.path.join(folder, "key.pem")
                for source, target in ((self.tls.cert, cert), (self.tls.key, key)):
                    with open(source, "rb") as src:
                        data = src.read()
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "wb") as dst:
                        dst.write(data)
                scratch = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                scratch.load_cert_chain(cert, key, password=_no_password)
                ctx.load_cert_chain(cert, key, password=_no_password)
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            log.error(
                "certificate reload refused; keeping the current one",
                extra={"code": type(exc).__name__},
            )
            return False
        self._stamp = self._mtimes()
        self.export()
        log.info("serving certificate loaded")
        return True

    def export(self) -> None:
        try:
            expiry = certificate_expiry(self.tls.cert)
        except (OSError, ValueError) as exc:
            log.warning("cannot read the certificate expiry", extra={"code": type(exc).__name__})
            return
        EXPIRY.set(expiry)
        expiring = expiry - time.time() < EXPIRY_ALERT_S
        EXPIRING.set(1 if expiring else 0)
        if expiring:
            log.warning(
                "serving certificate expires within 14 days",
                extra={"status": int((expiry - time.time()) // 86400)},
            )

    async def run(self) -> None:
        """Watch the files; reload when they change."""
        self.export()
        while True:
            await asyncio.sleep(self.tls.reload_check_s)
            if self._mtimes() != self._stamp:
                self.reload()
