"""tls-check against the test's own TLS servers: versions, chain, hostname, expiry, HSTS."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from ferryman.tlscheck.probe import probe
from tests.fakes.pki import Authority, Pair


class Server:
    """A TLS server answering every request with a fixed HTTP response."""

    def __init__(
        self,
        pair: Pair,
        *,
        legacy: bool = False,
        hsts: str | None = None,
        client_ca: str | None = None,
    ) -> None:
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(pair.cert, pair.key)
        if client_ca:
            self.ctx.load_verify_locations(client_ca)
            self.ctx.verify_mode = ssl.CERT_REQUIRED
        if legacy:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                self.ctx.minimum_version = ssl.TLSVersion.TLSv1
            self.ctx.set_ciphers("ALL:@SECLEVEL=0")
        else:
            self.ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        header = f"Strict-Transport-Security: {hsts}\r\n" if hsts else ""
        self.reply = f"HTTP/1.1 200 OK\r\n{header}Content-Length: 0\r\n\r\n".encode()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                with self.ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.settimeout(2)
                    if tls.recv(4096):
                        tls.sendall(self.reply)
            except (ssl.SSLError, OSError):
                conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Authority, Path]]:
    tmp = tmp_path_factory.mktemp("tlscheck")
    yield Authority(tmp), tmp


def run(
    pki: tuple[Authority, Path],
    *,
    legacy: bool = False,
    hsts: str | None = "max-age=31536000",
    days: int = 90,
    cn: str = "127.0.0.1",
    trust: bool = True,
    server_san: bool = True,
):  # type: ignore[no-untyped-def]
    ca, _ = pki
    pair = ca.issue(
        f"s-{legacy}-{days}-{cn}-{server_san}",
        cn,
        server=server_san,
        days=days,
        dns=None if server_san else "other.example",
    )
    server = Server(pair, legacy=legacy, hsts=hsts)
    try:
        return probe(
            "127.0.0.1", server.port, cafile=str(ca.pair.cert) if trust else None, timeout=3
        )
    finally:
        server.close()


def test_good_endpoint_passes(pki: tuple[Authority, Path]) -> None:
    report = run(pki)
    assert report.verdict == "pass", report.as_dict()
    assert report.versions == {"TLSv1": False, "TLSv1_1": False, "TLSv1_2": True, "TLSv1_3": True}
    assert report.chain_valid and report.hostname_ok and report.hsts == "max-age=31536000"
    assert 88 <= (report.days_left or 0) <= 90


def test_legacy_versions_fail(pki: tuple[Authority, Path]) -> None:
    report = run(pki, legacy=True)
    assert report.verdict == "fail"
    assert report.versions["TLSv1"] and report.versions["TLSv1_1"]
    assert any("TLSv1" in f for f in report.failures)


def test_expired_certificate_fails(pki: tuple[Authority, Path]) -> None:
    report = run(pki, days=-1)
    assert report.verdict == "fail" and "certificate has expired" in report.failures


def test_wrong_host_fails(pki: tuple[Authority, Path]) -> None:
    report = run(pki, cn="other.example", server_san=False)
    assert report.verdict == "fail"
    assert any("does not match" in f for f in report.failures)


def test_untrusted_chain_fails(pki: tuple[Authority, Path]) -> None:
    report = run(pki, trust=False)
    assert report.verdict == "fail" and not report.chain_valid


def test_missing_or_short_hsts_and_near_expiry_warn(pki: tuple[Authority, Path]) -> None:
    assert "no Strict-Transport-Security header" in run(pki, hsts=None).warnings
    assert "HSTS max-age below 180 days" in run(pki, hsts="max-age=600").warnings
    assert any("expires in" in w for w in run(pki, days=5).warnings)


def test_legacy_versions_are_seen_behind_a_client_certificate_requirement(
    pki: tuple[Authority, Path],
) -> None:
    ca, _ = pki
    server = Server(
        ca.issue("mtls-legacy", "127.0.0.1", server=True, days=90),
        legacy=True,
        client_ca=str(ca.pair.cert),
    )
    try:
        report = probe("127.0.0.1", server.port, cafile=str(ca.pair.cert), timeout=3)
    finally:
        server.close()
    assert report.versions["TLSv1"] and report.versions["TLSv1_1"]
    assert report.verdict == "fail"


def test_invalid_server_name_is_a_clean_failure() -> None:
    report = probe("127.0.0.1", 9, sni="a..b", timeout=1)
    assert report.verdict == "fail" and report.failures == ["invalid server name"]


def test_closed_port_fails() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert probe("127.0.0.1", port, timeout=1).verdict == "fail"


def test_cli_json_and_exit_codes(pki: tuple[Authority, Path]) -> None:
    ca, _ = pki
    good = Server(ca.issue("cli-good", "127.0.0.1", server=True, days=90), hsts="max-age=31536000")
    bad = Server(ca.issue("cli-bad", "127.0.0.1", server=True, days=90), legacy=True)
    try:

        def cli(port: int, *extra: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "ferryman",
                    "tls-check",
                    f"127.0.0.1:{port}",
                    "--ca",
                    str(ca.pair.cert),
                    *extra,
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )

        ok = cli(good.port, "--json")
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)[0]["verdict"] == "pass"
        failed = cli(bad.port)
        assert failed.returncode == 1
        assert "FAIL" in failed.stdout
    finally:
        good.close()
        bad.close()
