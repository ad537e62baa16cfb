"""The configuration reference in docs/ is generated from the models and must not drift."""

from __future__ import annotations

from pathlib import Path

from ferryman.settings.reference import render_reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_docs_reference_matches_the_models() -> None:
    assert render_reference() in DOC.read_text(encoding="utf-8"), (
        "docs/configuration.md is stale: run `python -m ferryman.settings.reference`"
    )


def test_every_field_is_described() -> None:
    for line in render_reference().splitlines():
        if line.startswith("| `"):
            assert not line.rstrip().endswith("|  |"), line
