"""The canary: sensitive values sent through every path must appear in nothing the gateway wrote.

Prompts carry PII, a card, a provider key and a secret; they go through success, upstream 500,
timeout, malformed JSON, a policy block, a stream cut mid-way, a client disconnect and an auth
failure, with logging at DEBUG. Then every byte the gateway wrote - its log, the database (the
SQLite file, or every row of every table on PostgreSQL), the JSON lines files, /metrics, the error
bodies it answered - is searched for the raw values and their normalized forms: zero hits.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Iterator

import asyncpg
import httpx
import pytest

from tests.conftest import ANT_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.backends import PEPPER, postgres_database
from tests.fakes.upstream import FakeUpstream

EMAIL = "zebulon.quist@canary-mail.example"
CARD = "4539 1488 0343 6467"
PROVIDER_KEY = "sk-proj-Cn7ryQ9xLm2Zp4VbT8wK1sHd6FgJ3aRe5YuIoPq0"
PASSWORD = "Wint3r-Sunfl0wer!92"
NAME = "Zebulon Quist"
PROMPT = (
    f"Hello, I am {NAME}. Mail {EMAIL}, card {CARD}. Our key is {PROVIDER_KEY} and the db "
    f"password: {PASSWORD} - please help."
)
NEEDLES = [EMAIL, CARD, PROVIDER_KEY, PASSWORD, NAME, "please help"]


def normalized(value: str) -> list[str]:
    flat = re.sub(r"[\W_]+", "", value.lower())
    return [value, value.lower(), flat] if len(flat) >= 6 else [value]


EXTRA = """\
  gpt-strict: {{provider: oai, model: gpt-test, policy: strict}}
policies:
  strict:
    actions: {{public: allow, internal: mask, sensitive: pseudonymize, restricted: block}}
audit:
  sinks: [database, jsonl]
  jsonl: {{path: {jsonl}}}
{storage}"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def gw(
    request: pytest.FixtureRequest, upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Gateway, str | None]]:
    tmp = tmp_path_factory.mktemp(f"canary-{request.param}")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    with contextlib.ExitStack() as stack:
        storage, url = "", None
        if request.param == "postgresql":
            url = stack.enter_context(postgres_database())
            storage = f"storage: {{url: '{url}'}}\nauth: {{pepper: '${{FM_TEST_PEPPER}}'}}\n"
        extra = EXTRA.format(jsonl=tmp / "jsonl", storage=storage)
        g = start_gateway(
            tmp, gateway_config(upstream, key_file, extra), {"FM_TEST_PEPPER": PEPPER}
        )
        try:
            yield g, url
        finally:
            g.stop()


def _post(gw: Gateway, body: dict[str, object] | bytes, **kw: object) -> httpx.Response:
    headers = kw.pop("headers", gw.headers)
    content = body if isinstance(body, bytes) else None
    return httpx.post(
        gw.url + "/v1/chat/completions",
        headers=headers,  # type: ignore[arg-type]
        json=None if content is not None else body,
        content=content,
        timeout=10,
    )


def _every_path(gw: Gateway) -> list[bytes]:
    msg = [{"role": "user", "content": PROMPT}]
    answers: list[bytes] = []
    for model in ("gpt", "gpt-500", "gpt-slow", "gpt-strict", "gpt-garbage", "claude-400"):
        answers.append(_post(gw, {"model": model, "messages": msg}).content)
    malformed = ('{"model": "gpt", "messages": [{"role": "user", "content": "' + PROMPT).encode()
    answers.append(_post(gw, malformed).content)
    answers.append(
        _post(
            gw,
            {"model": "gpt", "messages": msg},
            headers={"authorization": "Bearer " + PROVIDER_KEY},
        ).content
    )
    with httpx.stream(
        "POST",
        gw.url + "/v1/chat/completions",
        headers=gw.headers,
        json={"model": "gpt-cut", "messages": msg, "stream": True},
        timeout=10,
    ) as r:
        answers.append(b"".join(r.iter_bytes()))
    with httpx.stream(
        "POST",
        gw.url + "/v1/chat/completions",
        headers=gw.headers,
        json={"model": "gpt-slow-stream", "messages": msg, "stream": True},
        timeout=10,
    ) as r:
        next(r.iter_bytes())  # then hang up mid-stream
    return answers


async def _pg_dump(url: str) -> bytes:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"), timeout=10)
    try:
        out = []
        tables = await conn.fetch("select tablename from pg_tables where schemaname = 'public'")
        for t in tables:
            query = f'select * from "{t["tablename"]}"'  # noqa: S608 - names from pg_tables
            for row in await conn.fetch(query):
                out.append(repr(dict(row)).encode())
        return b"\n".join(out)
    finally:
        await conn.close()


def test_no_sensitive_value_anywhere(gw: tuple[Gateway, str | None], fake: FakeUpstream) -> None:
    g, url = gw
    answers = _every_path(g)
    time.sleep(1.0)  # the audit writer flushes every 200 ms
    stores = [g.log().encode(), httpx.get(g.url + "/metrics").content, *answers]
    tmp = g.config_path.parent
    stores += [p.read_bytes() for p in tmp.rglob("*") if p.is_file() and p.name != "ferryman.yaml"]
    if url is not None:
        stores.append(asyncio.run(_pg_dump(url)))
    hits = [
        (needle, i)
        for value in NEEDLES
        for needle in normalized(value)
        for i, blob in enumerate(stores)
        if needle.encode() in blob.lower() or needle.encode() in blob
    ]
    # the successful answer echoes the caller's own text back to the caller: that one is allowed
    hits = [(n, i) for n, i in hits if i != 2]
    assert hits == []
