"""The auth matrix: every route x every credential state, through real HTTP, on SQLite and
PostgreSQL. Deny by default: anything not explicitly granted is refused."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ANT_KEY, Gateway, start_gateway
from tests.e2e.backends import PEPPER, postgres_database, sqlite_url
from tests.e2e.jwt_issuer import AUDIENCE, ISSUER, Issuer
from tests.fakes.upstream import FakeUpstream


def matrix_config(upstream: FakeUpstream, key_file: Path, storage_url: str) -> str:
    return f"""
server: {{host: 127.0.0.1}}
storage: {{url: '{storage_url}'}}
limits: {{default: {{rpm: 1000000, tpm: 1000000000, concurrency: 512}}, new_keys: null}}
auth:
  pepper: ${{FM_TEST_PEPPER}}
  key_cache_ttl_s: 2
  max_failures_per_minute: 10000
  jwt:
    - issuer: {ISSUER}
      audience: {AUDIENCE}
      jwks_url: {upstream.base}/jwks.json
providers:
  oai: {{kind: openai, base_url: {upstream.base}/v1, api_key: ${{FM_TEST_OAI_KEY}}}}
  ant: {{kind: anthropic, base_url: {upstream.base}, api_key: ${{file:{key_file}}}}}
  prodai:
    kind: openai
    base_url: {upstream.base}/v1
    api_key: ${{FM_TEST_OAI_KEY}}
    environments: [prod]
models:
  gpt: {{provider: oai, model: gpt-test}}
  claude: {{provider: ant, model: claude-test}}
  embed: {{provider: oai, model: embed-test}}
  prod-gpt: {{provider: prodai, model: gpt-prod}}
"""


@dataclass
class Env:
    gw: Gateway
    creds: dict[str, str | None]
    issuer: Issuer


def _setup(upstream: FakeUpstream, tmp: Path, storage_url: str) -> Env:
    issuer = Issuer()
    upstream.jwks = issuer.jwks()
    key_file = tmp / "ant.key"
    key_file.write_text(ANT_KEY)
    gw = start_gateway(
        tmp, matrix_config(upstream, key_file, storage_url), {"FM_TEST_PEPPER": PEPPER}
    )
    creds: dict[str, str | None] = {
        "none": None,
        "malformed": "fm_dev_tooshort",
        "unknown": "fm_dev_" + "A" * 43,
    }
    creds["service"] = gw.create_key(name="svc", role="service", environment="dev")[1]
    creds["scoped"] = gw.create_key(
        name="scoped", role="service", environment="dev", models=["gpt", "embed"]
    )[1]
    creds["admin"] = gw.create_key(name="adm", role="admin", environment="dev")[1]
    creds["auditor"] = gw.create_key(name="aud", role="auditor", environment="dev")[1]
    revoked_meta, creds["revoked"] = gw.create_key(name="rev", role="service", environment="dev")
    httpx.post(
        f"{gw.url}/admin/keys/{revoked_meta['id']}/revoke", headers=gw.admin, timeout=10
    ).raise_for_status()
    creds["expired"] = gw.create_key(name="exp", role="service", environment="dev", expires="1s")[1]
    in_grace_meta, creds["rotated_in_grace"] = gw.create_key(
        name="rot1", role="service", environment="dev"
    )
    r = httpx.post(
        f"{gw.url}/admin/keys/{in_grace_meta['id']}/rotate",
        json={"grace": "1h"},
        headers=gw.admin,
        timeout=10,
    )
    creds["rotated_new"] = r.json()["secret"]
    after_meta, creds["rotated_after_grace"] = gw.create_key(
        name="rot2", role="service", environment="dev"
    )
    httpx.post(
        f"{gw.url}/admin/keys/{after_meta['id']}/rotate",
        json={"grace": "1s"},
        headers=gw.admin,
        timeout=10,
    ).raise_for_status()
    creds["jwt_valid"] = issuer.token(environment="dev")
    creds["jwt_admin"] = issuer.token(role="admin")
    creds["jwt_bad_signature"] = Issuer().token(environment="dev")
    creds["jwt_expired"] = issuer.token(exp_in=-120, environment="dev")
    creds["jwt_wrong_audience"] = issuer.token(aud="someone-else", environment="dev")
    time.sleep(1.2)  # let the 1 s expiry and the 1 s grace run out
    return Env(gw, creds, issuer)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def env(
    request: pytest.FixtureRequest, upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp(f"matrix-{request.param}")
    if request.param == "sqlite":
        e = _setup(upstream, tmp, sqlite_url(tmp))
        yield e
        e.gw.stop()
        return
    with postgres_database() as url:
        e = _setup(upstream, tmp, url)
        yield e
        e.gw.stop()


def call(gw: Gateway, route: str, credential: str | None, model: str = "gpt") -> httpx.Response:
    headers = {"authorization": f"Bearer {credential}"} if credential else {}
    chat = {"model": model, "messages": [{"role": "user", "content": "hi"}]}
    requests: dict[str, tuple[str, str, Any]] = {
        "chat": ("POST", "/v1/chat/completions", chat),
        "embeddings": (
            "POST",
            "/v1/embeddings",
            {"model": "embed" if model == "gpt" else model, "input": "x"},
        ),
        "messages": (
            "POST",
            "/v1/messages",
            {"model": model, "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]},
        ),
        "models": ("GET", "/v1/models", None),
        "admin_list": ("GET", "/admin/keys", None),
        "admin_create": ("POST", "/admin/keys", {"name": "x", "role": "service"}),
        "whoami": ("GET", "/admin/whoami", None),
        "admin_events": ("GET", "/admin/events", None),
    }
    method, path, body = requests[route]
    return httpx.request(method, gw.url + path, json=body, headers=headers, timeout=10)


DATA = ["chat", "embeddings", "messages", "models"]
ADMIN_READ = ["admin_list", "admin_events"]
ADMIN_WRITE = ["admin_create"]
ALL = [*DATA, *ADMIN_READ, *ADMIN_WRITE, "whoami"]

# state -> {route: expected status}; routes not listed use the state's default
DEFAULTS: dict[str, int] = {
    "none": 401,
    "malformed": 401,
    "unknown": 401,
    "revoked": 401,
    "expired": 401,
    "rotated_after_grace": 401,
    "jwt_bad_signature": 401,
    "jwt_expired": 401,
    "jwt_wrong_audience": 401,
}
SPECIFIC: dict[str, dict[str, int]] = {
    "service": {
        **dict.fromkeys(DATA, 200),
        **dict.fromkeys(ADMIN_READ + ADMIN_WRITE, 403),
        "whoami": 200,
    },
    "rotated_in_grace": {
        **dict.fromkeys(DATA, 200),
        **dict.fromkeys(ADMIN_READ + ADMIN_WRITE, 403),
        "whoami": 200,
    },
    "rotated_new": {
        **dict.fromkeys(DATA, 200),
        **dict.fromkeys(ADMIN_READ + ADMIN_WRITE, 403),
        "whoami": 200,
    },
    "jwt_valid": {
        **dict.fromkeys(DATA, 200),
        **dict.fromkeys(ADMIN_READ + ADMIN_WRITE, 403),
        "whoami": 200,
    },
    # scoped to gpt + embed: messages uses claude -> out of scope
    "scoped": {
        "chat": 200,
        "embeddings": 200,
        "messages": 403,
        "models": 200,
        **dict.fromkeys(ADMIN_READ + ADMIN_WRITE, 403),
        "whoami": 200,
    },
    # admin keys are not inference keys unless their scopes say so
    "admin": {
        **dict.fromkeys(["chat", "embeddings", "messages"], 403),
        "models": 200,
        **dict.fromkeys(ADMIN_READ, 200),
        "admin_create": 201,
        "whoami": 200,
    },
    "jwt_admin": {
        **dict.fromkeys(["chat", "embeddings", "messages"], 403),
        "models": 200,
        **dict.fromkeys(ADMIN_READ, 200),
        "admin_create": 201,
        "whoami": 200,
    },
    "auditor": {
        **dict.fromkeys(["chat", "embeddings", "messages"], 403),
        "models": 200,
        **dict.fromkeys(ADMIN_READ, 200),
        "admin_create": 403,
        "whoami": 200,
    },
}
STATES = [*DEFAULTS, *SPECIFIC]


@pytest.mark.parametrize("state", STATES)
def test_matrix(env: Env, state: str) -> None:
    failures = []
    for route in ALL:
        expected = SPECIFIC.get(state, {}).get(route, DEFAULTS.get(state))
        resp = call(
            env.gw, route, env.creds[state], model="claude" if route == "messages" else "gpt"
        )
        if resp.status_code != expected:
            failures.append(f"{route}: {resp.status_code} != {expected} ({resp.text[:120]})")
        if resp.status_code >= 400:
            assert "error" in resp.json()
    assert not failures, f"{state}: " + "; ".join(failures)


@pytest.mark.parametrize("state", ["service", "jwt_valid", "rotated_in_grace"])
def test_wrong_environment_never_reaches_a_prod_provider(
    env: Env, state: str, upstream: FakeUpstream
) -> None:
    upstream.clear()
    resp = call(env.gw, "chat", env.creds[state], model="prod-gpt")
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "environment_not_allowed"
    assert upstream.requests == []
    models = call(env.gw, "models", env.creds[state]).json()["data"]
    assert "prod-gpt" not in [m["id"] for m in models]


def test_prod_key_reaches_prod_provider(env: Env, upstream: FakeUpstream) -> None:
    _, prod_key = env.gw.create_key(name="prod-svc", role="service", environment="prod")
    assert prod_key.startswith("fm_prod_")
    upstream.clear()
    assert call(env.gw, "chat", prod_key, model="prod-gpt").status_code == 200
    assert upstream.requests[0].body["model"] == "gpt-prod"


def test_models_lists_only_granted_aliases(env: Env) -> None:
    ids = {m["id"] for m in call(env.gw, "models", env.creds["scoped"]).json()["data"]}
    assert ids == {"gpt", "embed"}
    assert call(env.gw, "models", env.creds["admin"]).json()["data"] == []


def test_endpoint_scope(env: Env) -> None:
    _, key = env.gw.create_key(
        name="emb-only", role="service", environment="dev", endpoints=["embeddings"]
    )
    assert call(env.gw, "embeddings", key).status_code == 200
    resp = call(env.gw, "chat", key)
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "endpoint_not_allowed"


@pytest.mark.parametrize(
    "hostile",
    [
        "fm_dev_' OR '1'='1' --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "' OR 1=1; DROP TABLE virtual_keys; --",
        "fm_dev_" + "A" * 5000,
        "fm_\u00e9\u00e9\u00e9",
        '"; SELECT pg_sleep(5); --',
    ],
)
def test_hostile_credentials_are_just_unknown(env: Env, hostile: str) -> None:
    resp = httpx.get(
        env.gw.url + "/v1/models",
        headers={"x-api-key": hostile.encode("utf-8")},
        timeout=10,
    )
    assert resp.status_code in (400, 401)
    assert call(env.gw, "chat", env.creds["service"]).status_code == 200  # table intact


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x'; DROP TABLE virtual_keys; --", "role": "service"},
        {"name": "ok", "role": "superuser"},
        {"name": "ok", "role": "service", "environment": "moon"},
        {"name": "ok", "role": "service", "models": ["gpt'; --"]},
        {"name": "ok", "role": "service", "expires": "yesterday"},
        {"name": "ok", "role": "service", "expires": "2001-01-01"},
        {"name": "ok", "role": "service", "endpoints": ["admin"]},
        {"name": "", "role": "service"},
        {"role": "service"},
        {"name": "ok", "role": "service", "unknown_field": 1},
    ],
)
def test_admin_input_is_validated(env: Env, body: dict[str, Any]) -> None:
    resp = httpx.post(env.gw.url + "/admin/keys", json=body, headers=env.gw.admin, timeout=10)
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    assert "DROP TABLE" not in error["message"]


def test_revocation_is_immediate_on_this_instance(env: Env) -> None:
    meta, key = env.gw.create_key(name="short", role="service", environment="dev")
    assert call(env.gw, "models", key).status_code == 200  # now cached
    httpx.post(
        f"{env.gw.url}/admin/keys/{meta['id']}/revoke", headers=env.gw.admin, timeout=10
    ).raise_for_status()
    assert call(env.gw, "models", key).status_code == 401


def test_secrets_never_stored_or_listed(env: Env) -> None:
    listing = httpx.get(
        env.gw.url + "/admin/keys?include_revoked=true", headers=env.gw.admin, timeout=10
    ).text
    for state in ("service", "scoped", "admin", "revoked", "rotated_new"):
        secret = env.creds[state]
        assert secret and secret not in listing
    assert "secret_hash" not in listing and "previous_hash" not in listing


def test_admin_actions_are_audited(env: Env) -> None:
    events = httpx.get(
        env.gw.url + "/admin/events?limit=1000", headers=env.gw.admin, timeout=10
    ).json()["data"]
    actions = {e["action"] for e in events}
    assert {"key.create", "key.revoke", "key.rotate"} <= actions
    assert any(e["action"] == "admin.write" and e["outcome"] == "denied" for e in events)
    text = str(events)
    for state in ("service", "admin", "revoked"):
        assert str(env.creds[state]) not in text


def test_credentials_in_query_string_are_refused(env: Env) -> None:
    resp = httpx.get(f"{env.gw.url}/v1/models?api_key={env.creds['service']}", timeout=10)
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "credentials_in_query"
    assert str(env.creds["service"]) not in env.gw.log()


def test_auth_failures_are_logged_without_secrets(env: Env) -> None:
    log = env.gw.log()
    assert "authentication failed" in log
    for state in STATES:
        secret = env.creds[state]
        if secret and len(secret) > 20:
            assert secret not in log, state


def test_whoami_maps_jwt_claims(env: Env) -> None:
    token = env.issuer.token(environment="prod", team="billing", models=["gpt"])
    me = httpx.get(
        env.gw.url + "/admin/whoami", headers={"authorization": f"Bearer {token}"}, timeout=10
    ).json()
    assert me == {
        **me,
        "kind": "jwt",
        "id": "svc-billing",
        "role": "service",
        "environment": "prod",
        "team": "billing",
        "models": ["gpt"],
    }


def test_openapi_document_is_served_to_admin_readers(env: Env) -> None:
    assert httpx.get(env.gw.url + "/admin/openapi.json", timeout=10).status_code == 401
    service = {"authorization": f"Bearer {env.creds['service']}"}
    assert (
        httpx.get(env.gw.url + "/admin/openapi.json", headers=service, timeout=10).status_code
        == 403
    )
    auditor = {"authorization": f"Bearer {env.creds['auditor']}"}
    doc = httpx.get(env.gw.url + "/admin/openapi.json", headers=auditor, timeout=10).json()
    assert "/admin/keys" in doc["paths"]


def test_admin_bodies_are_bounded_before_authentication(env: Env) -> None:
    big = b'{"name": "' + b"x" * 70_000 + b'"}'
    resp = httpx.post(env.gw.url + "/admin/keys", content=big, timeout=10)
    assert resp.status_code == 413


def test_admin_accepts_json_sent_as_a_form_by_curl(env: Env) -> None:
    body = b'{"name": "from-curl", "role": "service", "environment": "dev"}'
    headers = {**env.gw.admin, "content-type": "application/x-www-form-urlencoded"}
    resp = httpx.post(env.gw.url + "/admin/keys", content=body, headers=headers, timeout=10)
    assert resp.status_code == 201, resp.text


def test_admin_errors_do_not_echo_unknown_field_names(env: Env) -> None:
    body = {"name": "x", "role": "service", "sk-proj-SECRETSECRET": 1}
    resp = httpx.post(env.gw.url + "/admin/keys", json=body, headers=env.gw.admin, timeout=10)
    assert resp.status_code == 400 and "SECRETSECRET" not in resp.text
    body = {"name": "x", "role": "service", "metadata": {"sk-proj-SECRETSECRET": 5}}
    resp = httpx.post(env.gw.url + "/admin/keys", json=body, headers=env.gw.admin, timeout=10)
    assert resp.status_code == 400 and "SECRETSECRET" not in resp.text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/admin/keys", {"name": "x", "role": "service", "expires": "999999w"}),
        ("/admin/keys", {"name": "x", "role": "service", "expires": "9999999999d"}),
    ],
)
def test_absurd_durations_are_400(env: Env, path: str, body: dict[str, Any]) -> None:
    resp = httpx.post(env.gw.url + path, json=body, headers=env.gw.admin, timeout=10)
    assert resp.status_code == 400


def test_absurd_rotation_grace_is_400(env: Env) -> None:
    meta, _ = env.gw.create_key(name="grace", role="service", environment="dev")
    resp = httpx.post(
        f"{env.gw.url}/admin/keys/{meta['id']}/rotate",
        json={"grace": "999999w"},
        headers=env.gw.admin,
        timeout=10,
    )
    assert resp.status_code == 400


def test_unknown_model_is_not_echoed(env: Env) -> None:
    resp = call(env.gw, "chat", env.creds["service"], model="sk-proj-NOT-A-MODEL-123456")
    assert resp.status_code == 404 and "NOT-A-MODEL" not in resp.text


def test_models_endpoint_scope(env: Env) -> None:
    _, key = env.gw.create_key(
        name="no-models", role="service", environment="dev", endpoints=["chat"]
    )
    assert call(env.gw, "models", key).status_code == 403
    assert call(env.gw, "chat", key).status_code == 200


def test_browser_token_minting_rules(env: Env) -> None:
    no_env_jwt = env.issuer.token()  # a JWT without an environment claim
    mint = {"model": "gpt", "max_tokens": 5, "origin": "https://a.example"}
    resp = httpx.post(
        env.gw.url + "/admin/tokens",
        json=mint,
        headers={"authorization": f"Bearer {no_env_jwt}"},
        timeout=10,
    )
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "environment_required"
    _, chat_only = env.gw.create_key(
        name="chat-only", role="service", environment="dev", endpoints=["chat"]
    )
    resp = httpx.post(
        env.gw.url + "/admin/tokens",
        json=mint,
        headers={"authorization": f"Bearer {chat_only}"},
        timeout=10,
    )
    assert resp.status_code == 403
    token = httpx.post(
        env.gw.url + "/admin/tokens",
        json=mint,
        headers={"authorization": f"Bearer {env.creds['service']}"},
        timeout=10,
    ).json()["token"]
    body = {"model": "gpt", "n": 5, "messages": [{"role": "user", "content": "x"}]}
    resp = httpx.post(
        env.gw.url + "/v1/chat/completions",
        json=body,
        headers={"authorization": f"Bearer {token}", "origin": "https://a.example"},
        timeout=10,
    )
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "n_not_allowed"
