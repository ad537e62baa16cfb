"""Quality gate on the labelled dev corpus (bench/pii/): the targets of the data protection engine.

Scored by the corpus' own scorer through ``ferryman.redact`` with the default policy. This is a
regression guard on leak and false-redaction rates only; throughput is measured in bench/, never
asserted in tests.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import ferryman

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pii"
PATTERN_TYPES = (
    "EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "IP_ADDRESS", "US_SSN", "UK_NINO", "FR_NIR",
    "DE_TAX_ID", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "NL_BSN", "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "GITHUB_TOKEN", "SLACK_TOKEN",
    "STRIPE_KEY", "JWT", "PRIVATE_KEY", "URL_WITH_CREDENTIALS",
)  # fmt: skip


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("pii_score", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    records = [json.loads(line) for line in (BENCH / "dev.jsonl").read_text().splitlines() if line]
    result: dict[str, Any] = score.evaluate(records, ferryman.redact, "redact", warmup=0)
    return result


def test_overall_leak_rate(summary: dict[str, Any]) -> None:
    assert summary["overall"]["leak_rate"] <= 0.03


def test_pattern_types_leak_at_most_one_percent(summary: dict[str, Any]) -> None:
    per = summary["per_type"]
    leaked = sum(per[t]["leak_rate"] * per[t]["n"] for t in PATTERN_TYPES if t in per)
    total = sum(per[t]["n"] for t in PATTERN_TYPES if t in per)
    assert leaked / total <= 0.01


def test_names_and_addresses(summary: dict[str, Any]) -> None:
    assert summary["per_type"]["PERSON"]["leak_rate"] <= 0.10
    assert summary["per_type"]["STREET_ADDRESS"]["leak_rate"] <= 0.15


def test_every_evasion_kind(summary: dict[str, Any]) -> None:
    for kind, row in summary["per_variant"].items():
        assert row["leak_rate"] <= 0.03, kind


def test_hard_negatives_survive(summary: dict[str, Any]) -> None:
    assert summary["overall"]["false_redaction_rate"] <= 0.02
