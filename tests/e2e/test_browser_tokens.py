"""Short-lived browser tokens: one model, a max_tokens cap, one origin, a request count, ≤ 15 min;
CORS answered only for that origin."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Gateway
from tests.fakes.upstream import FakeUpstream

ORIGIN = "https://app.example.com"


def mint(gw: Gateway, key: str | None = None, **body: Any) -> httpx.Response:
    payload = {"model": "gpt", "max_tokens": 50, "origin": ORIGIN, "requests": 3, **body}
    return httpx.post(
        gw.url + "/admin/tokens",
        json=payload,
        headers={"authorization": f"Bearer {key or gw.key}"},
        timeout=10,
    )


def chat(gw: Gateway, token: str, origin: str | None = ORIGIN, **body: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"}
    if origin:
        headers["origin"] = origin
    payload = {"model": "gpt", "messages": [{"role": "user", "content": "hi"}], **body}
    return httpx.post(gw.url + "/v1/chat/completions", json=payload, headers=headers, timeout=10)


def test_token_lifecycle(gateway: Gateway, fake: FakeUpstream) -> None:
    minted = mint(gateway)
    assert minted.status_code == 201, minted.text
    token = minted.json()["token"]
    assert token.startswith("fmt_")
    ok = chat(gateway, token)
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    assert fake.requests[-1].body["max_tokens"] == 50  # the cap is applied when absent
    assert chat(gateway, token, max_tokens=51).status_code == 403  # above the cap
    assert chat(gateway, token, origin="https://evil.example").status_code == 403
    assert chat(gateway, token).status_code == 401  # three requests used: spent


def test_token_is_bound_to_its_model_and_endpoints(gateway: Gateway) -> None:
    token = mint(gateway, requests=10).json()["token"]
    assert chat(gateway, token, model="claude").status_code == 403
    emb = httpx.post(
        gateway.url + "/v1/embeddings",
        json={"model": "gpt", "input": "x"},
        headers={"authorization": f"Bearer {token}", "origin": ORIGIN},
        timeout=10,
    )
    assert emb.status_code == 403
    admin = httpx.get(
        gateway.url + "/admin/keys", headers={"authorization": f"Bearer {token}"}, timeout=10
    )
    assert admin.status_code == 403
    assert mint(gateway, key=token).status_code == 403  # a token cannot mint tokens


def test_cors_preflight_only_for_token_origins(gateway: Gateway) -> None:
    mint(gateway, origin="https://cors.example.com")

    def preflight(origin: str) -> httpx.Response:
        return httpx.options(
            gateway.url + "/v1/chat/completions",
            headers={"origin": origin, "access-control-request-method": "POST"},
            timeout=10,
        )

    ok = preflight("https://cors.example.com")
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "https://cors.example.com"
    denied = preflight("https://other.example.com")
    assert denied.status_code == 403
    assert "access-control-allow-origin" not in denied.headers


@pytest.mark.parametrize(
    "body",
    [
        {"ttl": "16m"},
        {"ttl": "1h"},
        {"origin": "https://app.example.com/path"},
        {"origin": "*"},
        {"requests": 0},
        {"max_tokens": 0},
        {"model": "*"},
        {"model": "nope"},
    ],
)
def test_mint_is_validated(gateway: Gateway, body: dict[str, Any]) -> None:
    assert mint(gateway, **body).status_code in (400, 404)


def test_auditor_cannot_mint(gateway: Gateway) -> None:
    _, auditor = gateway.create_key(name="aud-tokens", role="auditor", environment="dev")
    assert mint(gateway, key=auditor).status_code == 403
