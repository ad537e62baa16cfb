"""Bad input gets a clear, typed 4xx JSON error: never a 500 or a traceback; nothing sent on."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.conftest import Gateway
from tests.fakes.upstream import FakeUpstream


def post(
    gw: Gateway, path: str, content: bytes, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.post(
        gw.url + path,
        content=content,
        headers={"authorization": f"Bearer {gw.key}", **(headers or {})},
        timeout=10,
    )


def assert_error(resp: httpx.Response, status: int, code: str | None = None) -> dict:  # type: ignore[type-arg]
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers["x-request-id"]
    body = resp.json()
    assert set(body["error"]) >= {"message", "type", "code"}
    if code:
        assert body["error"]["code"] == code
    assert "Traceback" not in resp.text
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"{not json", "invalid_json"),
        (b"", "invalid_json"),
        (b"[1, 2]", "invalid_json"),
        (b'"string"', "invalid_json"),
        (b'{"model": "gpt"}', "invalid_request"),
        (b'{"model": 5, "messages": [{"role": "user", "content": "x"}]}', "invalid_request"),
        (b'{"model": "gpt", "messages": []}', "invalid_request"),
        (b'{"model": "gpt", "messages": [{"role": "wizard", "content": "x"}]}', "invalid_request"),
        (b'{"model": "gpt", "messages": [{"role": "user", "content": 12}]}', "invalid_request"),
        (
            b'{"model": "gpt", "messages": [{"role": "user", "content": "x"}], "stream": "yes"}',
            "invalid_request",
        ),
        (
            b'{"model": "gpt", "messages": [{"role": "user", "content": "x"}], "temperature": 9}',
            "invalid_request",
        ),
        (b"\xff\xfe garbage", "invalid_json"),
    ],
)
def test_malformed_chat_requests(
    gateway: Gateway, fake: FakeUpstream, payload: bytes, code: str
) -> None:
    assert_error(post(gateway, "/v1/chat/completions", payload), 400, code)
    assert fake.requests == []


def test_error_names_the_field_not_the_value(gateway: Gateway, fake: FakeUpstream) -> None:
    body = assert_error(
        post(
            gateway,
            "/v1/chat/completions",
            b'{"model": "gpt", "messages": '
            b'[{"role": "user", "content": {"secret": "s3cr3t-value"}}]}',
        ),
        400,
    )
    assert "messages[0].content" in body["error"]["message"]
    assert "s3cr3t-value" not in body["error"]["message"]


@pytest.mark.parametrize(
    "field", ["base_url", "api_base", "api_key", "azure_endpoint", "extra_headers"]
)
def test_body_cannot_choose_the_upstream(gateway: Gateway, fake: FakeUpstream, field: str) -> None:
    payload = (
        b'{"model": "gpt", "messages": [{"role": "user", "content": "x"}], "%s": "http://evil.example"}'
        % field.encode()
    )
    body = assert_error(post(gateway, "/v1/chat/completions", payload), 400, "forbidden_field")
    assert body["error"]["param"] == field
    assert fake.requests == []


def test_headers_cannot_choose_the_upstream(gateway: Gateway, fake: FakeUpstream) -> None:
    payload = b'{"model": "gpt", "messages": [{"role": "user", "content": "x"}]}'
    resp = post(
        gateway,
        "/v1/chat/completions",
        payload,
        {"x-base-url": "http://evil", "api-base": "http://evil", "x-forwarded-host": "evil"},
    )
    assert resp.status_code == 200
    assert fake.requests[0].path == "/v1/chat/completions"
    assert "evil" not in str(fake.requests[0].headers)


def test_oversized_body_is_413(gateway: Gateway, fake: FakeUpstream) -> None:
    big = b'{"model": "gpt", "messages": [{"role": "user", "content": "' + b"a" * 70000 + b'"}]}'
    assert_error(post(gateway, "/v1/chat/completions", big), 413, "request_too_large")
    assert fake.requests == []


def test_oversized_chunked_body_is_413(gateway: Gateway, fake: FakeUpstream) -> None:
    def gen():  # type: ignore[no-untyped-def]
        yield b'{"model": "gpt", "messages": [{"role": "user", "content": "'
        for _ in range(20):
            yield b"a" * 8192
        yield b'"}]}'

    resp = httpx.post(
        gateway.url + "/v1/chat/completions",
        content=gen(),
        headers={"authorization": f"Bearer {gateway.key}"},
        timeout=10,
    )
    assert_error(resp, 413, "request_too_large")


def test_oversized_headers_are_431(gateway: Gateway) -> None:
    resp = httpx.get(
        gateway.url + "/v1/models",
        headers={"x-junk": "a" * 15000, "x-more": "b" * 3000},
        timeout=10,
    )
    assert resp.status_code == 431


def test_slow_client_is_408(gateway: Gateway, fake: FakeUpstream) -> None:
    host, port = gateway.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"model":'
        )
        started = time.monotonic()
        data = sock.recv(65536)
        assert time.monotonic() - started < 8
    assert data.startswith(b"HTTP/1.1 408")
    assert fake.requests == []


def test_client_too_slow_with_its_headers_is_408(gateway: Gateway, fake: FakeUpstream) -> None:
    host, port = gateway.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        data = sock.recv(65536)
        assert time.monotonic() - started < 8
    assert data.startswith(b"HTTP/1.1 408")
    assert b"request_timeout" in data
    assert fake.requests == []


def test_keep_alive_connection_gets_a_fresh_header_deadline(gateway: Gateway) -> None:
    host, port = gateway.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        for _ in range(2):  # two requests, each within the deadline, on one connection
            time.sleep(1.0)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while not data.endswith(b"0\r\n\r\n"):  # one whole chunked response
                data += sock.recv(65536)
            assert data.startswith(b"HTTP/1.1 200")


def test_unknown_path_and_wrong_method(gateway: Gateway) -> None:
    assert_error(httpx.get(gateway.url + "/v1/nope", timeout=5), 404, "unknown_endpoint")
    assert_error(
        httpx.get(gateway.url + "/v1/chat/completions", timeout=5), 405, "method_not_allowed"
    )


def test_anthropic_endpoint_validates_and_answers_in_its_shape(
    gateway: Gateway, fake: FakeUpstream
) -> None:
    resp = post(
        gateway,
        "/v1/messages",
        b'{"model": "claude", "messages": [{"role": "user", "content": "x"}]}',
    )
    assert resp.status_code == 400
    body = resp.json()
    assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in body["error"]["message"]
    assert fake.requests == []


def test_embeddings_validation(gateway: Gateway, fake: FakeUpstream) -> None:
    assert_error(post(gateway, "/v1/embeddings", b'{"model": "embed", "input": {"a": 1}}'), 400)
    assert_error(
        post(
            gateway, "/v1/embeddings", b'{"model": "embed", "input": "x", "encoding_format": "hex"}'
        ),
        400,
    )


def test_client_request_id_is_kept_when_safe(gateway: Gateway) -> None:
    resp = httpx.get(
        gateway.url + "/healthz", headers={"x-request-id": "trace-abc-12345678"}, timeout=5
    )
    assert resp.headers["x-request-id"] == "trace-abc-12345678"
    resp = httpx.get(
        gateway.url + "/healthz", headers={"x-request-id": "bad id <script>"}, timeout=5
    )
    assert resp.headers["x-request-id"] != "bad id <script>"
    assert len(resp.headers["x-request-id"]) == 24
