"""The request audit trail end to end: a real gateway, real SDK calls, then ``ferryman audit``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import ANT_KEY, AZ_KEY, OAI_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream

EMAIL = "carol.jones@example.com"
CARD = "4111 1111 1111 1111"
PROMPT = f"Refund {EMAIL}, card {CARD}, thanks"
SUBJECT = "end-user-7f3a@example.org"

EXTRA = """\
  gpt-strict: {provider: oai, model: gpt-test, policy: strict}
policies:
  strict:
    actions: {public: allow, internal: mask, sensitive: pseudonymize, restricted: block}
audit:
  sinks: [database, jsonl]
  jsonl: {path: JSONL_DIR}
  retention_by_environment: {prod: 90}
"""


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("audit")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    extra = EXTRA.replace("JSONL_DIR", str(tmp / "jsonl"))
    g = start_gateway(tmp, gateway_config(upstream, key_file, extra))
    yield g
    g.stop()


def cli(gw: Gateway, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FM_TEST_OAI_KEY": OAI_KEY, "FM_TEST_AZ_KEY": AZ_KEY}
    env.pop("FERRYMAN_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "ferryman", "audit", *args, "--config", str(gw.config_path)]
        if args[0] not in ("verify",)
        else [sys.executable, "-m", "ferryman", "audit", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=gw.config_path.parent,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def events(gw: Gateway, *args: str) -> list[dict[str, Any]]:
    out = cli(gw, "query", "--json", "--limit", "1000", *args).stdout
    return [json.loads(line) for line in out.splitlines() if line]


def wait_events(gw: Gateway, n: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        found = events(gw)
        if len(found) >= n or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_every_path_leaves_one_metadata_event(gw: Gateway, fake: FakeUpstream) -> None:
    client = oai(gw)
    client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": PROMPT}], user=SUBJECT
    )
    list(
        client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": PROMPT}], stream=True
        )
    )
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="gpt-strict", messages=[{"role": "user", "content": PROMPT}]
        )
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(
            model="gpt-500", messages=[{"role": "user", "content": PROMPT}]
        )
    bad = httpx.post(
        gw.url + "/v1/chat/completions", headers=gw.headers, content=b'{"model": "gpt", "messages'
    )
    assert bad.status_code == 400
    anon = httpx.post(
        gw.url + "/v1/chat/completions",
        headers={"authorization": "Bearer fm_dev_wrong"},
        json={"model": "gpt", "messages": [{"role": "user", "content": PROMPT}]},
    )
    assert anon.status_code == 401
    found = wait_events(gw, 6)
    by_outcome: dict[str, list[dict[str, Any]]] = {}
    for e in found:
        by_outcome.setdefault(e["outcome"], []).append(e)
    ok = next(e for e in by_outcome["ok"] if not e["stream"])
    assert ok["status"] == 200 and ok["provider"] == "oai" and ok["alias"] == "gpt"
    assert ok["key_prefix"] and ok["environment"] == "dev" and ok["identity_kind"] == "key"
    assert ok["prompt_tokens"] == 11 and ok["completion_tokens"] == 7
    assert ok["redactions"]["EMAIL:pseudonymize"] == 2  # the prompt and the `user` field
    assert ok["redactions"]["CREDIT_CARD:mask"] == 1
    assert ok["policy"] == "default" and len(ok["fingerprint"]) == 64
    assert ok["subject"] and SUBJECT not in json.dumps(ok)
    assert ok["upstream_ms"] > 0 and ok["latency_ms"] >= ok["upstream_ms"]
    assert ok["attempts"][0]["provider"] == "oai"
    streamed = next(e for e in by_outcome["ok"] if e["stream"])
    assert streamed["ttft_ms"] is not None and streamed["bytes_out"] > 0
    blocked = by_outcome["blocked"][0]
    assert blocked["status"] == 422 and blocked["blocked"] == "sensitive_data_blocked"
    assert blocked["provider"] is None  # nothing left
    errors = {e["status"]: e for e in by_outcome["error"]}
    assert errors[400]["error_code"] and errors[401]["key_id"] is None
    assert errors[502]["error_type"] == "upstream_error" or 500 in errors
    # equal prompts correlate without being readable
    assert blocked["fingerprint"] == ok["fingerprint"]


def test_nothing_sensitive_in_any_store(gw: Gateway, fake: FakeUpstream) -> None:
    oai(gw).chat.completions.create(model="gpt", messages=[{"role": "user", "content": PROMPT}])
    wait_events(gw, 1)
    tmp = gw.config_path.parent
    blobs = [p.read_bytes() for p in tmp.rglob("*") if p.is_file() and p.suffix != ".yaml"]
    for needle in (EMAIL, "4111 1111", SUBJECT, "Refund", gw.key, OAI_KEY):
        for blob in blobs:
            assert needle.encode() not in blob
    lines = [
        json.loads(x) for p in (tmp / "jsonl").glob("*.jsonl") for x in p.read_text().splitlines()
    ]
    assert lines and all(x["request_id"] for x in lines)


def test_filters(gw: Gateway, fake: FakeUpstream) -> None:
    assert all(e["status"] >= 400 for e in events(gw, "--status", "4xx"))
    assert all(e["alias"] == "gpt-strict" for e in events(gw, "--model", "gpt-strict"))
    assert events(gw, "--since", "2000-01-01", "--until", "2000-01-02") == []


def test_signed_export_verifies_and_detects_tampering(gw: Gateway, tmp_path: Path) -> None:
    out = tmp_path / "snapshot.jsonl"
    cli(gw, "export", "--since", "1d", "--out", str(out))
    manifest = json.loads((tmp_path / "snapshot.jsonl.manifest.json").read_text())
    assert manifest["events"] >= 1 and manifest["signature"]
    assert "valid" in cli(gw, "verify", str(out), "--public-key", manifest["public_key"]).stdout
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[1:]) + "\n")  # drop one event
    bad = cli(gw, "verify", str(out), check=False)
    assert bad.returncode == 1 and "INVALID" in bad.stderr


def test_forget_unlinks_the_subject_everywhere(gw: Gateway, fake: FakeUpstream) -> None:
    who = "forget-me-123"
    for _ in range(2):
        oai(gw).chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "hi"}], user=who
        )
    wait_events(gw, 2)
    time.sleep(0.5)
    before = len(events(gw))
    res = cli(gw, "forget", "--subject", who)
    assert "unlinked 4 events" in res.stdout  # two in the database, two in the jsonl files
    assert len(events(gw)) == before  # kept, but no longer linked to the subject
    again = cli(gw, "forget", "--subject", who)
    assert "unlinked 0 events" in again.stdout


def test_purge_applies_retention(gw: Gateway) -> None:
    res = cli(gw, "purge")
    assert "purged" in res.stdout
    assert len(events(gw)) >= 1  # recent events stay


def test_admin_api_serves_events_and_policies(gw: Gateway, fake: FakeUpstream) -> None:
    from tests.conftest import ADMIN_KEY

    admin = {"authorization": f"Bearer {ADMIN_KEY}"}
    for _ in range(3):
        oai(gw).chat.completions.create(model="gpt", messages=[{"role": "user", "content": "hi"}])
    bad = httpx.post(gw.url + "/v1/chat/completions", headers=gw.headers, content=b"{")
    assert bad.status_code == 400
    wait_events(gw, 4)
    page = httpx.get(gw.url + "/admin/audit", params={"limit": 2}, headers=admin).json()
    assert len(page["data"]) == 2 and page["has_more"]
    older = httpx.get(
        gw.url + "/admin/audit",
        params={"limit": 2, "before": page["data"][-1]["id"]},
        headers=admin,
    ).json()
    assert older["data"] and older["data"][0]["ts"] <= page["data"][-1]["ts"]
    only4xx = httpx.get(gw.url + "/admin/audit", params={"status": "4xx"}, headers=admin).json()
    assert only4xx["data"] and all(400 <= e["status"] < 500 for e in only4xx["data"])
    assert (
        httpx.get(gw.url + "/admin/audit", params={"status": "x"}, headers=admin).status_code == 400
    )
    assert httpx.get(gw.url + "/admin/audit", headers=gw.headers).status_code == 403
    policies = httpx.get(gw.url + "/admin/policies", headers=admin).json()["data"]
    strict = next(p for p in policies if p["name"] == "strict")
    assert strict["types"]["CREDIT_CARD"]["request"] == "block"
