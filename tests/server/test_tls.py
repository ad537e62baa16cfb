"""Client-certificate identity extraction: escaped names, SAN-only certificates."""

from __future__ import annotations

from ferryman.server.routes import client_certificate
from ferryman.server.tls import peer_identity


def test_subject_values_are_escaped() -> None:
    spoof = peer_identity({"subject": ((("commonName", "a,O=b"),),)})
    real = peer_identity({"subject": ((("organizationName", "b"),), (("commonName", "a"),))})
    assert spoof["client_cert_name"] != real["client_cert_name"]
    assert spoof["client_cert_cn"] == "a,O=b"


def test_san_only_certificate_counts() -> None:
    peer = peer_identity({"subject": (), "subjectAltName": (("URI", "spiffe://acme/sa/x"),)})
    scope = {"extensions": {"tls": peer}}
    assert client_certificate(scope) is not None
    assert client_certificate({"extensions": {"tls": {"tls_version": "TLSv1.3"}}}) is None
    assert client_certificate({}) is None


def test_harden_sets_the_floor_and_options() -> None:
    import ssl

    from ferryman.server.tls import harden

    for floor, expected in (("1.2", ssl.TLSVersion.TLSv1_2), ("1.3", ssl.TLSVersion.TLSv1_3)):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        harden(ctx, floor)
        assert ctx.minimum_version == expected
        assert ctx.options & ssl.OP_NO_COMPRESSION
        assert ctx.options & ssl.OP_NO_RENEGOTIATION
        names = {c["name"] for c in ctx.get_ciphers() if c["protocol"] == "TLSv1.2"}
        assert names and all("GCM" in n or "CHACHA20" in n for n in names)  # AEAD only
        assert all(n.startswith("ECDHE") for n in names)  # forward secrecy
