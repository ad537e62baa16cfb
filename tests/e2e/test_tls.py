"""HTTPS listener: TLS ≥ 1.2, HSTS, and mTLS callers mapped to identities (also per-route mTLS)."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import openai
import pytest

from tests.conftest import ANT_KEY, Gateway, client_tls, gateway_config, start_gateway
from tests.fakes.pki import Authority, Pair
from tests.fakes.upstream import FakeUpstream


@dataclass
class TlsEnv:
    gw: Gateway
    ca: str
    billing: Pair  # client cert mapped by CN
    spiffe: Pair  # client cert mapped by URI SAN
    stranger: Pair  # valid CA, not mapped
    rogue: Pair  # untrusted CA


@pytest.fixture(scope="module")
def tls_env(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsEnv]:
    tmp = tmp_path_factory.mktemp("tls")
    ca = Authority(tmp)
    server = ca.issue("server", "127.0.0.1", server=True)
    billing = ca.issue("billing", "billing-service")
    spiffe = ca.issue("spiffe", "whatever", uri="spiffe://acme/ns/prod/sa/reporting")
    stranger = ca.issue("stranger", "stranger")
    rogue = Authority(tmp, "rogue CA").issue("rogue", "billing-service")
    key_file = tmp / "ant.key"
    key_file.write_text(ANT_KEY)
    config = (
        gateway_config(upstream, key_file)
        + f"""
  gpt-secure: {{provider: oai, model: gpt-test, require_mtls: true}}
tls:
  cert: {server.cert}
  key: {server.key}
  client_ca: {ca.pair.cert}
  client_cert: optional
  hsts_max_age_s: 600
auth:
  mtls:
    - subject_cn: billing-service
      name: billing
      models: [gpt, gpt-secure]
    - {{san: "spiffe://acme/ns/prod/sa/reporting", name: reporting, role: auditor,
        environment: prod}}
"""
    )
    gw = start_gateway(tmp, config, ca=str(ca.pair.cert))
    yield TlsEnv(gw, str(ca.pair.cert), billing, spiffe, stranger, rogue)
    gw.stop()


def tls(env: TlsEnv, cert: Pair | None = None) -> ssl.SSLContext:
    return client_tls(env.ca, (str(cert.cert), str(cert.key)) if cert else None)


def get(env: TlsEnv, path: str, cert: Pair | None = None) -> httpx.Response:
    return httpx.get(env.gw.url + path, verify=tls(env, cert), timeout=10)


def test_https_with_hsts(tls_env: TlsEnv) -> None:
    resp = get(tls_env, "/healthz")
    assert resp.status_code == 200
    assert resp.headers["strict-transport-security"] == "max-age=600; includeSubDomains"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("version", ["TLSv1", "TLSv1_1"])
def test_old_tls_versions_are_refused(tls_env: TlsEnv, version: str) -> None:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(tls_env.ca)
    ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    ctx.maximum_version = getattr(ssl.TLSVersion, version)
    with contextlib.suppress(ssl.SSLError):
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    host, port = tls_env.gw.url.removeprefix("https://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw, pytest.raises(ssl.SSLError):
        ctx.wrap_socket(raw, server_hostname=host)


def test_tls12_and_13_are_accepted(tls_env: TlsEnv) -> None:
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        ctx = ssl.create_default_context(cafile=tls_env.ca)
        ctx.minimum_version = ctx.maximum_version = version
        host, port = tls_env.gw.url.removeprefix("https://").split(":")
        with (
            socket.create_connection((host, int(port)), timeout=5) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_client_certificate_identifies_the_caller(tls_env: TlsEnv) -> None:
    me = get(tls_env, "/admin/whoami", tls_env.billing).json()
    assert me["kind"] == "mtls" and me["name"] == "billing" and me["role"] == "service"
    ids = {m["id"] for m in get(tls_env, "/v1/models", tls_env.billing).json()["data"]}
    assert ids == {"gpt", "gpt-secure"}
    auditor = get(tls_env, "/admin/keys", tls_env.spiffe)
    assert auditor.status_code == 200  # mapped by URI SAN to an auditor


def test_sdk_over_mtls(tls_env: TlsEnv) -> None:
    http = httpx.Client(verify=tls(tls_env, tls_env.billing))
    # the SDK must send some api_key: a placeholder is fine, the certificate identifies the caller
    with openai.OpenAI(
        base_url=tls_env.gw.url + "/v1", api_key="mtls", http_client=http, max_retries=0
    ) as c:
        resp = c.chat.completions.create(model="gpt", messages=[{"role": "user", "content": "x"}])
        assert resp.choices[0].message.content == "echo: x"
        with pytest.raises(openai.PermissionDeniedError):  # not in the certificate's scopes
            c.chat.completions.create(model="claude", messages=[{"role": "user", "content": "x"}])
    bad_key = httpx.get(
        tls_env.gw.url + "/v1/models",
        headers={"authorization": "Bearer fm_dev_" + "B" * 43},
        verify=tls(tls_env, tls_env.billing),
        timeout=10,
    )
    assert bad_key.status_code == 401  # an explicit ferryman key that fails is never ignored


def test_missing_unmapped_and_untrusted_certificates(tls_env: TlsEnv) -> None:
    assert get(tls_env, "/v1/models").status_code == 401
    unmapped = get(tls_env, "/v1/models", tls_env.stranger)
    assert unmapped.status_code == 401 and unmapped.json()["error"]["code"] == "unknown_certificate"
    with pytest.raises(httpx.HTTPError):
        get(tls_env, "/v1/models", tls_env.rogue)


def test_route_requiring_mtls(tls_env: TlsEnv) -> None:
    body = {"model": "gpt-secure", "messages": [{"role": "user", "content": "x"}]}
    with_key = httpx.post(
        tls_env.gw.url + "/v1/chat/completions",
        json=body,
        headers=tls_env.gw.headers,
        verify=tls(tls_env),
        timeout=10,
    )
    assert with_key.status_code == 403 and with_key.json()["error"]["code"] == "mtls_required"
    with_cert = httpx.post(
        tls_env.gw.url + "/v1/chat/completions",
        json=body,
        verify=tls(tls_env, tls_env.billing),
        timeout=10,
    )
    assert with_cert.status_code == 200


def test_plain_http_to_the_tls_port_gets_nothing(tls_env: TlsEnv) -> None:
    with pytest.raises(httpx.HTTPError):
        httpx.get(tls_env.gw.url.replace("https://", "http://") + "/v1/models", timeout=5)


def test_tls_check_on_the_gateway_itself(tls_env: TlsEnv) -> None:
    from ferryman.tlscheck.probe import probe

    host, port = tls_env.gw.url.removeprefix("https://").split(":")
    report = probe(host, int(port), cafile=tls_env.ca)
    assert report.failures == []  # no legacy TLS, trusted chain, name matches
    assert report.versions["TLSv1_2"] and report.versions["TLSv1_3"]
    assert report.hsts == "max-age=600; includeSubDomains"
    assert "HSTS max-age below 180 days" in report.warnings  # this test config's short max-age


def test_client_certificate_required_mode(upstream: FakeUpstream, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    server = ca.issue("server", "127.0.0.1", server=True)
    billing = ca.issue("billing", "billing-service")
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    config = (
        gateway_config(upstream, key_file)
        + f"""
tls: {{cert: {server.cert}, key: {server.key}, client_ca: {ca.pair.cert}, client_cert: required}}
auth:
  mtls: [{{subject_cn: billing-service, name: billing}}]
"""
    )
    gw = start_gateway(
        tmp_path, config, ca=str(ca.pair.cert), client_cert=(str(billing.cert), str(billing.key))
    )
    try:
        with_cert = client_tls(str(ca.pair.cert), (str(billing.cert), str(billing.key)))
        assert httpx.get(gw.url + "/v1/models", verify=with_cert, timeout=10).status_code == 200
        with pytest.raises(httpx.HTTPError):  # no certificate: no TLS session at all
            httpx.get(gw.url + "/healthz", verify=client_tls(str(ca.pair.cert)), timeout=10)
    finally:
        gw.stop()
