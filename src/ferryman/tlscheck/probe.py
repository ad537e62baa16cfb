"""Probe one TLS endpoint: protocol versions it accepts, negotiated cipher, certificate chain and
hostname, days to expiry, and HSTS - then a verdict.

Each version is offered on its own connection (client minimum = maximum = that version, with
OpenSSL's security level lowered so that the *client* can still offer TLS 1.0/1.1: we want to learn
whether the *server* accepts them). Blocking sockets with short timeouts: this is a CLI tool.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import ssl
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

from cryptography import x509

__all__ = ["Report", "probe"]

VERSIONS = ("TLSv1", "TLSv1_1", "TLSv1_2", "TLSv1_3")
LEGACY = ("TLSv1", "TLSv1_1")
EXPIRY_WARN_DAYS = 14
HSTS_MIN_AGE = 15_552_000  # 180 days
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass
class Report:
    target: str
    sni: str
    reachable: bool = False
    versions: dict[str, bool] = field(default_factory=dict)
    protocol: str | None = None
    cipher: str | None = None
    chain_valid: bool = False
    hostname_ok: bool = False
    verify_error: str | None = None
    subject: str | None = None
    issuer: str | None = None
    not_after: str | None = None
    days_left: int | None = None
    hsts: str | None = None
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "fail" if self.failures else "warn" if self.warnings else "pass"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


def _context(
    version: str | None,
    cafile: str | None,
    verify: bool,
    client_cert: tuple[str, str] | None = None,
) -> ssl.SSLContext:
    if verify:
        ctx = ssl.create_default_context(cafile=cafile)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if client_cert:
            ctx.load_cert_chain(*client_cert)
        return ctx
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if version is not None:
        with warnings.catch_warnings():  # the deprecated versions are exactly what we test
            warnings.simplefilter("ignore", DeprecationWarning)
            tls_version = getattr(ssl.TLSVersion, version)
            ctx.minimum_version = tls_version
            ctx.maximum_version = tls_version
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    if client_cert:
        ctx.load_cert_chain(*client_cert)
    return ctx


def _watch_server_hello(ctx: ssl.SSLContext, seen: list[bool]) -> None:
    """Note when the server answers with a ServerHello: it agreed to the offered version, even
    if the handshake fails afterwards (e.g. it wants a client certificate we do not have)."""

    def callback(
        conn: object,
        direction: str,
        version: object,
        content_type: object,
        msg_type: object,
        data: object,
    ) -> None:
        if direction == "read" and msg_type == ssl._TLSMessageType.SERVER_HELLO:  # type: ignore[attr-defined]
            seen.append(True)

    ctx._msg_callback = callback  # type: ignore[attr-defined]


def _connect(host: str, port: int, sni: str, ctx: ssl.SSLContext, timeout: float) -> ssl.SSLSocket:
    raw = socket.create_connection((host, port), timeout=timeout)
    try:
        return ctx.wrap_socket(raw, server_hostname=sni)
    except BaseException:
        raw.close()
        raise


def _hsts(tls: ssl.SSLSocket, sni: str) -> str | None:
    tls.sendall(f"HEAD / HTTP/1.1\r\nHost: {sni}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = tls.recv(4096)
        if not chunk:
            break
        data += chunk
    for line in data.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"strict-transport-security":
            return value.strip().decode("latin-1")
    return None


def probe(
    host: str,
    port: int,
    *,
    sni: str | None = None,
    cafile: str | None = None,
    client_cert: tuple[str, str] | None = None,
    timeout: float = 5.0,
) -> Report:
    sni = sni or host
    report = Report(target=f"{host}:{port}", sni=sni)
    try:
        sni.encode("idna")
    except UnicodeError:
        report.failures.append("invalid server name")
        return report
    for version in VERSIONS:
        seen: list[bool] = []
        ctx = _context(version, None, verify=False, client_cert=client_cert)
        _watch_server_hello(ctx, seen)
        try:
            with _connect(host, port, sni, ctx, timeout) as tls:
                report.versions[version] = True
                report.reachable = True
                cipher = tls.cipher()
                report.protocol = tls.version()
                report.cipher = cipher[0] if cipher else None
                if version == VERSIONS[-1] or not report.subject:
                    _certificate(report, tls.getpeercert(binary_form=True))
        except (ssl.SSLError, OSError, UnicodeError, ValueError):
            report.versions[version] = bool(seen)
            report.reachable = report.reachable or bool(seen)
    if not report.reachable:
        report.failures.append(
            "no TLS handshake succeeded (closed port, plain HTTP, or no common protocol)"
        )
        return report
    try:
        verified = _context(None, cafile, verify=True, client_cert=client_cert)
        with _connect(host, port, sni, verified, timeout) as tls:
            report.chain_valid = report.hostname_ok = True
            report.hsts = _hsts(tls, sni)
    except ssl.SSLCertVerificationError as exc:
        report.verify_error = exc.verify_message or "verification failed"
        # a name mismatch means the chain itself verified; anything else is an untrusted chain
        report.chain_valid = "mismatch" in report.verify_error.lower()
        report.hostname_ok = False
    except (ssl.SSLError, OSError) as exc:
        report.verify_error = type(exc).__name__
    _judge(report)
    return report


def _certificate(report: Report, der: bytes | None) -> None:
    if not der:
        return
    cert = x509.load_der_x509_certificate(der)
    report.subject = cert.subject.rfc4514_string()
    report.issuer = cert.issuer.rfc4514_string()
    not_after = cert.not_valid_after_utc
    report.not_after = not_after.isoformat()
    report.days_left = (not_after - dt.datetime.now(dt.UTC)).days


def _judge(report: Report) -> None:
    for version in LEGACY:
        if report.versions.get(version):
            report.failures.append(f"accepts {version.replace('_', '.')} (TLS 1.2 is the minimum)")
    if not (report.versions.get("TLSv1_2") or report.versions.get("TLSv1_3")):
        report.failures.append("accepts neither TLS 1.2 nor TLS 1.3")
    elif not report.versions.get("TLSv1_3"):
        report.warnings.append("TLS 1.3 not offered")
    if report.days_left is not None and report.days_left < 0:
        report.failures.append("certificate has expired")
    elif not report.chain_valid:
        report.failures.append(f"certificate chain not trusted ({report.verify_error})")
    if not report.hostname_ok and report.chain_valid:
        report.failures.append(f"certificate does not match {report.sni}")
    if report.days_left is not None and 0 <= report.days_left < EXPIRY_WARN_DAYS:
        report.warnings.append(f"certificate expires in {report.days_left} days")
    if report.chain_valid and report.hostname_ok:
        if report.hsts is None:
            report.warnings.append("no Strict-Transport-Security header")
        else:
            match = _MAX_AGE.search(report.hsts)
            if not match or int(match.group(1)) < HSTS_MIN_AGE:
                report.warnings.append("HSTS max-age below 180 days")
