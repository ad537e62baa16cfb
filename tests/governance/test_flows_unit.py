"""The data-flow inventory from values: declared flows, events and keys in, mismatches out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ferryman.errors import ConfigError
from ferryman.governance.flows import KeyRef, build_inventory, region_allowed
from ferryman.governance.flows_render import to_csv, to_html, to_md
from ferryman.settings.loader import parse_settings
from ferryman.settings.model import Settings

NOW = datetime(2026, 11, 1, tzinfo=UTC)

CONFIG = """
providers:
  eu: {kind: demo, region: eu-west-1}
  us: {kind: demo, region: us-east-1}
  nowhere: {kind: demo}
models:
  support-model: {provider: eu, model: m, fallbacks: [us-model]}
  us-model: {provider: us, model: m}
  hr-model: {provider: eu, model: m}
  stray: {provider: eu, model: m}
policies:
  open:
    actions: {public: allow, internal: allow, sensitive: allow, restricted: allow}
flows:
  support:
    owner: support-lead
    data: [CONTACT, internal]
    providers: [eu]
    regions: [eu]
    retention_days: 30
    teams: [support]
    routes: [support-model, us-model]
  hr:
    data: [IDENTITY]
    providers: [eu, nowhere]
    regions: [eu]
    keys: [hr-bot]
    routes: [hr-model]
"""


def settings(text: str = CONFIG) -> Settings:
    return parse_settings(text, env={})


def event(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ts": NOW - timedelta(hours=1), "key_name": "ticket-bot", "key_prefix": "fm_dev_ab12",
        "team": "support", "alias": "support-model", "provider": "eu", "environment": "dev",
        "policy": "default", "identity_kind": "key", "redactions": {},
    }  # fmt: skip
    return {**base, **over}


def inventory(events: list[dict[str, Any]], keys: list[KeyRef] | None = None) -> Any:
    return build_inventory(
        settings(), events, keys or [], since=NOW - timedelta(days=30), until=NOW
    )


def kinds(inv: Any) -> set[tuple[str, str | None, str]]:
    return {(m.kind, m.flow, m.subject) for m in inv.mismatches}


def test_declared_flow_problems_are_reported_without_traffic() -> None:
    found = kinds(inventory([]))
    assert ("no_owner", "hr", "hr") in found and ("no_retention", "hr", "hr") in found
    assert ("no_owner", "support", "support") not in found
    # the fallback of a bound route reaches a US provider: cross-border and not declared
    assert ("cross_border", "support", "us") in found
    assert ("undeclared_provider", "support", "us") in found
    # a provider without a region cannot be shown to stay in the allowed regions
    assert ("cross_border", "hr", "nowhere") in found
    assert ("unbound_route", None, "stray") in found
    assert not any(k == "unbound_route" and s != "stray" for k, _, s in found)


def test_declared_type_passes_and_undeclared_type_is_named() -> None:
    inv = inventory([event(redactions={"EMAIL:allow": 2, "PERSON:allow": 1, "IBAN:mask": 1})])
    found = kinds(inv)
    assert ("undeclared_type", "support", "PERSON") in found  # sensitive, not in CONTACT/internal
    assert ("undeclared_type", "support", "EMAIL") not in found  # CONTACT group declared
    assert ("undeclared_type", "support", "IBAN") not in found  # masked: it did not leave
    (row,) = inv.observed
    assert row.flow == "support" and row.left == {"EMAIL": 2, "PERSON": 1}
    assert row.redacted == {"IBAN:mask": 1} and row.region == "eu-west-1"


def test_a_declared_class_covers_its_types() -> None:
    inv = inventory([event(redactions={"IP_ADDRESS:allow": 1})])  # internal by default
    assert not [m for m in inv.mismatches if m.kind == "undeclared_type"]


def test_restricted_leaving_is_flagged_even_when_declared_and_unmapped() -> None:
    inv = inventory([
        event(redactions={"CREDIT_CARD:allow": 1}, policy="open"),
        event(key_name="other", team=None, alias="stray", redactions={
              "US_SSN:allow": 1}, policy="open"),
    ])  # fmt: skip
    found = kinds(inv)
    assert ("restricted_left", "support", "CREDIT_CARD") in found
    assert ("restricted_left", None, "US_SSN") in found
    assert ("unmapped_traffic", None, "other") in found


def test_a_policy_that_reclassifies_a_type_decides_restricted() -> None:
    text = CONFIG.replace(
        "  open:\n", "  strictmail:\n    classes: {EMAIL: restricted}\n" +
        "    actions: {public: allow, internal: allow, sensitive: allow, restricted: allow}\n"
        "  open:\n"
    )  # fmt: skip
    inv = build_inventory(
        settings(text),
        [event(redactions={"EMAIL:allow": 1}, policy="strictmail")],
        [],
        since=NOW - timedelta(days=1),
        until=NOW,
    )
    assert ("restricted_left", "support", "EMAIL") in kinds(inv)


def test_a_blocked_request_sent_nothing() -> None:
    inv = inventory([event(provider=None, redactions={"EMAIL:allow": 1, "US_SSN:block": 1})])
    (row,) = inv.observed
    assert row.left == {} and row.redacted == {"US_SSN:block": 1}
    assert not [m for m in inv.mismatches if m.kind in ("restricted_left", "undeclared_type")]


def test_observed_provider_outside_regions_and_undeclared() -> None:
    inv = inventory([event(alias="us-model", provider="us")])
    found = kinds(inv)
    assert ("cross_border", "support", "us") in found
    details = [m.detail for m in inv.mismatches if m.kind == "undeclared_provider"]
    assert any(d.startswith("observed:") for d in details)


def test_bindings_need_both_key_and_route_when_both_are_declared() -> None:
    inv = inventory([event(alias="hr-model", team="support")])
    assert inv.observed[0].flow is None  # support does not bind hr-model, hr does not bind the key
    inv = inventory([event(key_name="hr-bot", team=None, alias="hr-model")])
    assert inv.observed[0].flow == "hr"


def test_keys_bound_by_name_prefix_or_team() -> None:
    keys = [
        KeyRef("hr-bot", "fm_dev_1111"),
        KeyRef("x", "fm_dev_2222", team="support"),
        KeyRef("lonely", "fm_dev_3333", environment="prod"),
    ]
    found = kinds(inventory([], keys))
    assert [s for k, _, s in found if k == "unbound_key"] == ["lonely"]


def test_answer_side_findings_are_not_counted_as_leaving() -> None:
    inv = inventory([event(redactions={"PERSON:mask:response": 3})])
    assert inv.observed[0].left == {} and inv.observed[0].answered == {"PERSON:mask": 3}


@pytest.mark.parametrize(
    ("region", "allowed", "ok"),
    [("eu-west-1", ["eu"], True), ("EU", ["eu"], True), ("europe", ["eu"], False),
     ("us-east-1", ["eu", "us-east-1"], True), (None, ["eu"], False)],
)  # fmt: skip
def test_region_allowed(region: str | None, allowed: list[str], ok: bool) -> None:
    assert region_allowed(region, allowed) is ok


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        ("flows: {f: {data: [EMAILS]}}", "flows.f.data[0]: unknown entity type"),
        ("flows: {f: {providers: [ghost]}}", "flows.f.providers: unknown provider 'ghost'"),
        ("flows: {f: {routes: [ghost]}}", "flows.f.routes: unknown model alias 'ghost'"),
        ("flows: {f: {risk: extreme}}", "flows.f.risk"),
        ("flows: {f: {boundary: [{hop: storage}]}}", "flows.f.boundary.0.responsible"),
        ("flows: {f: {colour: red}}", "flows.f.colour: unknown field"),
    ],
)
def test_config_errors_name_the_field(yaml: str, where: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(yaml, env={})
    assert where in info.value.message


def test_renderings_carry_every_mismatch_and_escape_values() -> None:
    inv = inventory(
        [event(key_name="<script>x</script>", team=None, alias="stray")],
        [KeyRef("lonely", "fm_dev_3333")],
    )
    page = to_html(inv)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page.replace("http-equiv", "")  # no external asset
    md, sheet = to_md(inv), to_csv(inv)
    for m in inv.mismatches:
        assert m.kind in page and m.kind in md and m.kind in sheet
    assert sheet.splitlines()[0].startswith("flow,owner,purpose,data,boundary,endpoints")
