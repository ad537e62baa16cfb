"""Certificate renewal without restart: file change or SIGHUP; expiry exported and alerted."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
from pathlib import Path

import httpx

from tests.conftest import ANT_KEY, client_tls, gateway_config, start_gateway
from tests.fakes.pki import Authority
from tests.fakes.upstream import FakeUpstream, wait_for


def served_serial(url: str, ca: str) -> int:
    host, port = url.removeprefix("https://").split(":")
    ctx = ssl.create_default_context(cafile=ca)
    with (
        socket.create_connection((host, int(port)), timeout=5) as raw,
        ctx.wrap_socket(raw, server_hostname=host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    from cryptography import x509

    return int(x509.load_der_x509_certificate(der).serial_number)


def serial_of(path: Path) -> int:
    from cryptography import x509

    return int(x509.load_pem_x509_certificate(path.read_bytes()).serial_number)


def test_certificate_reload_and_expiry(upstream: FakeUpstream, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    first = ca.issue("first", "127.0.0.1", server=True, days=90)
    live_cert, live_key = tmp_path / "live.crt", tmp_path / "live.key"
    shutil.copy(first.cert, live_cert)
    shutil.copy(first.key, live_key)
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    config = gateway_config(upstream, key_file) + (
        f"tls: {{cert: {live_cert}, key: {live_key}, reload_check_s: 0.3}}\n"
    )
    gw = start_gateway(tmp_path, config, ca=str(ca.pair.cert))
    try:
        ca_file = str(ca.pair.cert)
        assert served_serial(gw.url, ca_file) == serial_of(first.cert)
        metrics = httpx.get(gw.url + "/metrics", verify=client_tls(ca_file), timeout=5).text
        assert "ferryman_tls_certificate_expiring 0.0" in metrics

        # renewal by file replacement (as cert-manager or certbot would do), soon to expire
        second = ca.issue("second", "127.0.0.1", server=True, days=5)
        shutil.copy(second.key, live_key)
        shutil.copy(second.cert, live_cert)
        assert wait_for(
            lambda: served_serial(gw.url, ca_file) == serial_of(second.cert), timeout=10
        )
        metrics = httpx.get(gw.url + "/metrics", verify=client_tls(ca_file), timeout=5).text
        assert "ferryman_tls_certificate_expiring 1.0" in metrics
        assert "expires within 14 days" in gw.log()

        # a broken pair is refused, the current certificate keeps serving: a key that does not
        # match the new certificate (renewal writing the cert before the key), then garbage
        mismatched = ca.issue("mismatched", "127.0.0.1", server=True, days=90)
        shutil.copy(mismatched.cert, live_cert)
        assert wait_for(lambda: "certificate reload refused" in gw.log(), timeout=10)
        assert served_serial(gw.url, ca_file) == serial_of(second.cert)
        live_key.write_text("not a key")
        assert wait_for(lambda: gw.log().count("certificate reload refused") >= 2, timeout=10)
        assert served_serial(gw.url, ca_file) == serial_of(second.cert)

        # renewal announced by SIGHUP
        third = ca.issue("third", "127.0.0.1", server=True, days=90)
        shutil.copy(third.key, live_key)
        shutil.copy(third.cert, live_cert)
        gw.process.send_signal(signal.SIGHUP)
        assert wait_for(lambda: served_serial(gw.url, ca_file) == serial_of(third.cert), timeout=10)
    finally:
        gw.stop()
