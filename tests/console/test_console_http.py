"""The console over plain HTTP: security headers, cookie flags, sessions, CSRF, roles, stats."""

from __future__ import annotations

import io
import re
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ferryman.console.sessions import SessionStore
from tests.conftest import ADMIN_KEY, Gateway

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def login(gw: Gateway, credential: str) -> tuple[httpx.Client, httpx.Response]:
    client = httpx.Client(base_url=gw.url, timeout=10)
    _OPEN.append(client)
    form = client.get("/console/login")
    token = _CSRF.search(form.text)
    assert token is not None
    answer = client.post("/console/login", data={"csrf": token.group(1), "credential": credential})
    return client, answer


def session(gw: Gateway, credential: str = ADMIN_KEY) -> tuple[httpx.Client, str]:
    """A signed-in client and the page's CSRF token."""
    client, answer = login(gw, credential)
    assert answer.status_code == 303, answer.text
    page = client.get("/console/")
    assert page.status_code == 200
    found = _META.search(page.text)
    assert found is not None
    return client, found.group(1)


def assert_console_headers(resp: httpx.Response) -> None:
    assert resp.headers["content-security-policy"] == CSP
    assert resp.headers["x-frame-options"] == "DENY"
    assert resp.headers["referrer-policy"] == "no-referrer"
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_every_console_answer_carries_the_strict_headers(gateway: Gateway) -> None:
    client, _ = session(gateway)
    for path in (
        "/console/login",
        "/console/",
        "/console/keys",
        "/console/audit",
        "/console/protection",
        "/console/flows",
        "/console/controls",
        "/console/static/console.js",
        "/console/static/console.css",
        "/console/nope",
        "/console/static/../api.py",
    ):
        resp = client.get(path)
        assert_console_headers(resp)
        assert "<script>" not in resp.text and " style=" not in resp.text, path
    assert (
        client.get("/console/static/console.js")
        .headers["content-type"]
        .startswith("text/javascript")
    )
    assert client.get("/console/nope").status_code == 404


def test_pages_need_a_session(gateway: Gateway) -> None:
    for path in ("/console/", "/console/keys", "/console/audit", "/console/keys/abc"):
        resp = httpx.get(gateway.url + path, timeout=10)
        assert resp.status_code == 303
        assert resp.headers["location"] == "/console/login"
        assert_console_headers(resp)


def test_sign_in_sets_a_strict_session_cookie(gateway: Gateway) -> None:
    _, answer = login(gateway, ADMIN_KEY)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/"
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("fm_console="))
    flags = {f.strip() for f in session_cookie.split(";")[1:]}
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= flags
    assert "Secure" not in flags  # plain HTTP here; Secure over HTTPS (tested below)
    assert ADMIN_KEY not in session_cookie


def test_cookie_is_secure_over_https() -> None:
    from ferryman.console.security import cookie

    assert cookie("x", "y", {"scheme": "https"}).endswith(b"; Secure")


def test_wrong_key_and_service_keys_cannot_sign_in(gateway: Gateway) -> None:
    _, wrong = login(gateway, "fm_not-a-real-key-0123456789")
    assert wrong.status_code == 401 and "fm_console=" not in wrong.headers.get("set-cookie", "")
    _, service = login(gateway, gateway.key)
    assert service.status_code == 403 and "no admin or auditor role" in service.text


def test_sign_in_without_the_form_token_is_refused(gateway: Gateway) -> None:
    resp = httpx.post(
        gateway.url + "/console/login", data={"credential": ADMIN_KEY, "csrf": "x"}, timeout=10
    )
    assert resp.status_code == 403
    assert "fm_console=" not in resp.headers.get("set-cookie", "")


def test_session_cookie_reads_the_admin_api(gateway: Gateway) -> None:
    client, _ = session(gateway)
    who = client.get("/admin/whoami")
    assert who.status_code == 200 and who.json()["kind"] == "bootstrap"
    stats = client.get("/admin/stats", params={"since": "1h", "bucket": "5m"})
    assert stats.status_code == 200
    assert len(stats.json()["series"]) == 13
    assert client.get("/admin/alerts").json()["object"] == "list"


def test_state_changing_calls_need_the_csrf_token(gateway: Gateway) -> None:
    client, token = session(gateway)
    body = {"name": "csrf-probe", "role": "service"}
    refused = client.post("/admin/keys", json=body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/admin/keys", json=body, headers={"x-csrf-token": "nope"})
    assert wrong.status_code == 403
    made = client.post("/admin/keys", json=body, headers={"x-csrf-token": token})
    assert made.status_code == 201
    key_id = made.json()["key"]["id"]
    assert client.post(f"/admin/keys/{key_id}/revoke").status_code == 403
    assert client.delete(f"/admin/keys/{key_id}").status_code == 403
    ok = client.post(f"/admin/keys/{key_id}/revoke", headers={"x-csrf-token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "revoked"


def test_auditor_session_reads_but_never_writes(gateway: Gateway) -> None:
    _, secret = gateway.create_key(name="console-auditor", role="auditor")
    client, token = session(gateway, secret)
    page = client.get("/console/keys")
    assert 'data-write="no"' in page.text and 'id="create-key"' not in page.text
    assert client.get("/admin/keys").status_code == 200
    denied = client.post(
        "/admin/keys", json={"name": "x", "role": "service"}, headers={"x-csrf-token": token}
    )
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "role_not_allowed"
    switch = client.post(
        "/admin/kill-switches",
        json={"scope": "all", "reason": "auditor try"},
        headers={"x-csrf-token": token},
    )
    assert switch.status_code == 403


def test_sign_out_ends_the_session(gateway: Gateway) -> None:
    client, token = session(gateway)
    assert client.post("/console/logout", data={"csrf": "wrong"}).status_code == 403
    out = client.post("/console/logout", data={"csrf": token})
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    assert "fm_console=;" in out.headers["set-cookie"]
    client.cookies.clear()
    assert client.get("/admin/whoami").status_code == 401


def test_a_revoked_key_ends_its_session(gateway: Gateway) -> None:
    record, secret = gateway.create_key(name="console-admin", role="admin")
    client, _ = session(gateway, secret)
    assert client.get("/admin/keys").status_code == 200
    revoked = httpx.post(
        f"{gateway.url}/admin/keys/{record['id']}/revoke", headers=gateway.admin, timeout=10
    )
    assert revoked.status_code == 200
    assert client.get("/admin/keys").status_code == 401
    assert client.get("/console/").status_code == 303


def test_signed_export_streams_a_verifiable_snapshot(gateway: Gateway, tmp_path: Path) -> None:
    from ferryman.audit.export import verify

    httpx.post(
        gateway.url + "/v1/chat/completions",
        json={"model": "gpt", "messages": [{"role": "user", "content": "hi"}]},
        headers=gateway.headers,
        timeout=10,
    )
    time.sleep(1.5)  # the audit writer flushes in batches
    client, _ = session(gateway)
    resp = client.get("/admin/audit/export")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(resp.content), mode="r:gz") as tar:
        tar.extractall(tmp_path, filter="data")
    events = next(p for p in tmp_path.iterdir() if p.name.endswith(".jsonl"))
    verdict = verify(events)
    assert verdict.ok, verdict.reason
    assert verdict.events >= 1


def test_session_store_expires_idle_and_old_sessions() -> None:
    now = [0.0]
    store = SessionStore(idle_s=10, absolute_s=25, clock=lambda: now[0])
    sid, _ = store.create("cred", "label", "admin")
    now[0] = 9
    assert store.get(sid) is not None
    now[0] = 18
    assert store.get(sid) is not None  # idle clock restarted at 9
    now[0] = 26
    assert store.get(sid) is None  # absolute expiry
    sid, _ = store.create("cred", "label", "admin")
    now[0] = 37
    assert store.get(sid) is None  # idle
    assert store.get("unknown") is None and len(store) == 0


def test_csrf_check_applies_only_to_state_changing_methods() -> None:
    from ferryman.errors import Forbidden

    store = SessionStore()
    sid, s = store.create("cred", "label", "admin")
    cookie = (b"cookie", f"fm_console={sid}".encode())
    assert store.credential({"method": "GET", "headers": [cookie]}) == "cred"
    with pytest.raises(Forbidden):
        store.credential({"method": "POST", "headers": [cookie]})
    good = (b"x-csrf-token", s.csrf.encode())
    assert store.credential({"method": "POST", "headers": [cookie, good]}) == "cred"
    assert store.credential({"method": "POST", "headers": []}) is None
