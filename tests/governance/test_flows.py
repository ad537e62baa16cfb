"""``ferryman flows`` and ``/admin/flows`` against a real gateway: SDK traffic, then the report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from tests.conftest import ANT_KEY, AZ_KEY, OAI_KEY, Gateway, gateway_config, start_gateway
from tests.e2e.clients import oai
from tests.fakes.upstream import FakeUpstream

EXTRA = """\
policies:
  open:
    actions: {public: allow, internal: allow, sensitive: allow, restricted: allow}
flows:
  support:
    owner: support-lead
    purpose: draft replies to tickets
    data: [CONTACT]
    boundary:
      - {hop: collection, responsible: Support team}
      - {hop: third-party call, responsible: Anthropic (processor)}
    providers: [ant]
    regions: [eu]
    retention_days: 30
    legal_basis: contract
    risk: medium
    keys: [tests]
    teams: [support]
    routes: [gpt, claude]
  orphan:
    purpose: nobody answers for this one
    routes: [demo]
"""

KINDS = (
    "undeclared_type",
    "restricted_left",
    "cross_border",
    "no_owner",
    "no_retention",
    "unbound_key",
    "unbound_route",
)


@pytest.fixture(scope="module")
def gw(upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("flows")
    key_file = tmp / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    text = gateway_config(upstream, key_file, EXTRA)
    text = text.replace("    kind: openai\n", "    kind: openai\n    region: us-east-1\n")
    text = text.replace("    kind: anthropic\n", "    kind: anthropic\n    region: eu-central-1\n")
    g = start_gateway(tmp, text)
    _, open_secret = g.create_key(
        name="open-bot", role="service", environment="dev", team="support", policy="open"
    )
    g.create_key(name="lonely", role="service", environment="dev")
    open_client = openai.OpenAI(base_url=g.url + "/v1", api_key=open_secret, max_retries=0)
    try:
        # the default key: the email is pseudonymized (redacted), through the US provider
        oai(g).chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": "Mail carol.jones@example.com"}]
        )
        oai(g).chat.completions.create(model="claude", messages=[{"role": "user", "content": "hi"}])
        # a key whose policy lets everything through: the email and the card leave in clear
        open_client.chat.completions.create(
            model="gpt",
            messages=[{"role": "user", "content": "Mail ann@example.org card 4111 1111 1111 1111"}],
        )
    finally:
        open_client.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        page = httpx.get(g.url + "/admin/audit", headers=g.admin, params={"limit": 10}).json()
        if len([e for e in page["data"] if e["provider"]]) >= 3:
            break
        time.sleep(0.2)
    yield g
    g.stop()


def flows(gw: Gateway, *args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FM_TEST_OAI_KEY": OAI_KEY, "FM_TEST_AZ_KEY": AZ_KEY}
    env["COLUMNS"] = str(columns)
    env.pop("FERRYMAN_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "ferryman", "flows", "--config", str(gw.config_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=gw.config_path.parent,
        check=False,
    )


def test_json_inventory_shows_declared_observed_and_every_mismatch(gw: Gateway) -> None:
    done = flows(gw, "--format", "json")
    assert done.returncode == 0, done.stderr
    inv = json.loads(done.stdout)
    assert [d["name"] for d in inv["declared"]] == ["support", "orphan"]
    support = inv["declared"][0]
    assert support["boundary"][1] == {
        "hop": "third-party call",
        "responsible": "Anthropic (processor)",
    }
    assert {"provider": "oai", "region": "us-east-1"} in support["endpoints"]
    rows = {(o["caller"], o["route"]): o for o in inv["observed"]}
    mine = rows[("tests", "gpt")]
    assert mine["flow"] == "support" and mine["provider"] == "oai"
    assert mine["region"] == "us-east-1" and mine["left"] == {}
    assert mine["redacted"]["EMAIL:pseudonymize"] >= 1
    opened = rows[("open-bot", "gpt")]
    assert opened["flow"] == "support"
    assert opened["left"]["EMAIL"]["count"] == 1
    assert opened["left"]["CREDIT_CARD"] == {"count": 1, "class": "restricted"}
    found = {(m["kind"], m["flow"], m["subject"]) for m in inv["mismatches"]}
    assert ("undeclared_type", "support", "CREDIT_CARD") in found
    assert ("undeclared_type", "support", "EMAIL") not in found  # CONTACT is declared
    assert ("restricted_left", "support", "CREDIT_CARD") in found
    assert ("cross_border", "support", "oai") in found  # us-east-1, allowed: eu
    assert ("cross_border", "support", "ant") not in found  # eu-central-1
    assert ("no_owner", "orphan", "orphan") in found
    assert ("no_retention", "orphan", "orphan") in found
    assert ("unbound_key", None, "lonely") in found
    assert ("unbound_key", None, "open-bot") not in found  # bound by its team
    assert ("unbound_route", None, "embed") in found
    assert ("unbound_route", None, "gpt") not in found
    assert set(KINDS) <= set(inv["summary"])


def test_strict_exits_one_on_mismatches(gw: Gateway) -> None:
    assert flows(gw, "--format", "csv").returncode == 0
    assert flows(gw, "--format", "csv", "--strict").returncode == 1
    bad = flows(gw, "--since", "soon")
    assert bad.returncode == 2 and "--since" in bad.stderr


def test_table_on_the_terminal(gw: Gateway) -> None:
    done = flows(gw, columns=400)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Declared flows" in out and "Observed traffic" in out and "Mismatches" in out
    assert "support-lead" in out and "CREDIT_CARD=1" in out and "us-east-1" in out
    for kind in KINDS:
        assert kind in out


def test_csv_is_the_checklist_spreadsheet(gw: Gateway) -> None:
    done = flows(gw, "--format", "csv")
    rows = {r["flow"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert set(rows) == {"support", "orphan", "(no flow)"}
    support = rows["support"]
    assert support["owner"] == "support-lead" and support["retention_days"] == "30"
    assert support["risk"] == "medium" and "oai (us-east-1)" in support["endpoints"]
    assert "CREDIT_CARD=1" in support["types_left"] and "oai" in support["observed_providers"]
    assert "restricted_left: CREDIT_CARD" in support["mismatches"]
    assert "cross_border: oai" in support["mismatches"]
    assert "no_owner" in rows["orphan"]["mismatches"]
    assert "unbound_key: lonely" in rows["(no flow)"]["mismatches"]
    assert "unbound_route: embed" in rows["(no flow)"]["mismatches"]


def test_markdown_and_html_files(gw: Gateway, tmp_path: Path) -> None:
    md = flows(gw, "--format", "markdown").stdout
    assert md.startswith("# Data-flow inventory") and "## Mismatches" in md
    for kind in KINDS:
        assert f"| {kind} |" in md
    page = tmp_path / "flows.html"
    done = flows(gw, "--format", "html", "--out", str(page))
    assert done.returncode == 0 and "mismatch" in done.stderr
    text = page.read_text()
    assert text.startswith("<!doctype html>") and "<script" not in text
    assert "src=" not in text and "href=" not in text and "@import" not in text
    assert '<tr class="bad"><td>restricted_left</td>' in text
    assert '<td class="bad">CREDIT_CARD=1, EMAIL=1</td>' in text
    for kind in KINDS:
        assert kind in text


def test_admin_flows_json(gw: Gateway) -> None:
    resp = httpx.get(gw.url + "/admin/flows", headers=gw.admin, params={"since": "1d"})
    assert resp.status_code == 200, resp.text
    inv = resp.json()
    assert {m["kind"] for m in inv["mismatches"]} >= set(KINDS)
    assert any(o["caller"] == "open-bot" for o in inv["observed"])
    assert (
        httpx.get(gw.url + "/admin/flows", headers=gw.admin, params={"since": "x"}).status_code
        == 400
    )
    assert httpx.get(gw.url + "/admin/flows", headers=gw.headers).status_code == 403
