"""deploy/: the Prometheus rules and the Grafana dashboard parse, and every expression names
metrics that a real gateway's /metrics exports (promtool checks and unit-tests the rules when it
is installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from ferryman.observability.alerts import RULE_NAMES
from ferryman.settings.alerts import AlertThresholds
from tests.conftest import Gateway

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
RULES = DEPLOY / "prometheus" / "ferryman-alerts.yaml"
RULE_TESTS = DEPLOY / "prometheus" / "ferryman-alerts.test.yaml"
DASHBOARD = DEPLOY / "grafana" / "ferryman-dashboard.json"
_METRIC = re.compile(r"\bferryman_[a-z0-9_]+")


_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created"),
    "gauge": ("",),
}


@pytest.fixture(scope="module")
def exported(gateway: Gateway) -> set[str]:
    """Sample names a real /metrics scrape declares (``_bucket``, ``_count``, ``_total`` ...),
    from its ``# TYPE`` lines, so a labelled counter with no sample yet counts too."""
    text = httpx.get(gateway.url + "/metrics", timeout=10).text
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE ferryman_"):
            _, _, family, kind = line.split()
            family = family.removesuffix("_total")
            names.update(family + suffix for suffix in _SUFFIXES.get(kind, ("",)))
        elif line.startswith("ferryman_"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def rules() -> list[dict[str, Any]]:
    doc = yaml.safe_load(RULES.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"]]


def panel_exprs() -> list[tuple[str, str]]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [
        (panel["title"], target["expr"])
        for panel in dashboard["panels"]
        for target in panel.get("targets", [])
    ]


def test_every_rule_expression_uses_exported_metrics(exported: set[str]) -> None:
    for rule in rules():
        names = set(_METRIC.findall(rule["expr"]))
        assert names, rule["alert"]
        assert names <= exported, (rule["alert"], names - exported)


def test_the_rules_mirror_the_in_process_rules_and_their_defaults() -> None:
    by_name = {r["labels"].get("ferryman_alert"): r for r in rules()}
    assert set(RULE_NAMES) <= set(by_name)
    defaults = AlertThresholds()
    assert f"> {defaults.upstream_error_rate}" in by_name["upstream_error_rate"]["expr"]
    assert f">= {defaults.upstream_min_requests}" in by_name["upstream_error_rate"]["expr"]
    assert f"> {defaults.auth_failures_per_minute}" in by_name["auth_failure_spike"]["expr"]
    assert f">= {defaults.redaction_spike_min}" in by_name["redaction_spike"]["expr"]
    assert f"> {defaults.redaction_spike_factor:g} *" in by_name["redaction_spike"]["expr"]
    assert f">= {defaults.block_spike_min}" in by_name["block_spike"]["expr"]
    assert f"> {defaults.audit_queue_ratio}" in by_name["audit_queue_full"]["expr"]
    for rule in rules():
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"]


def test_every_dashboard_panel_queries_exported_metrics(exported: set[str]) -> None:
    exprs = panel_exprs()
    assert len(exprs) >= 15
    for title, expr in exprs:
        names = set(_METRIC.findall(expr))
        assert names, title
        assert names <= exported, (title, names - exported)
    dashboard = json.loads(DASHBOARD.read_text())
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    titles = " ".join(panel["title"] for panel in dashboard["panels"]).lower()
    for topic in ("latency", "overhead", "first token", "tokens", "cost", "redactions", "blocks"):
        assert topic in titles
    for topic in ("authentication", "audit queue", "alerts", "error"):
        assert topic in titles


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_promtool_checks_and_unit_tests_the_rules() -> None:
    for args in (["check", "rules", str(RULES)], ["test", "rules", str(RULE_TESTS)]):
        done = subprocess.run(
            ["promtool", *args],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=RULES.parent,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
