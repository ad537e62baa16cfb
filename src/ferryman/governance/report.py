"""Scan results as SARIF 2.1.0 (code-scanning UIs) and JSON - type, place, fingerprint only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ferryman import __version__
from ferryman.governance.scan import ScanFinding

__all__ = ["to_json", "to_sarif"]


def _uri(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def to_json(findings: list[ScanFinding], root: Path, skipped: dict[str, int]) -> dict[str, Any]:
    return {
        "tool": "ferryman scan",
        "version": __version__,
        "findings": [
            {
                "path": _uri(f.path, root),
                "line": f.line,
                "column": f.column,
                "type": f.type,
                "fingerprint": f.fingerprint,
                **({"commit": f.commit} if f.commit else {}),
            }
            for f in findings
        ],
        "skipped": skipped,
    }


def to_sarif(findings: list[ScanFinding], root: Path) -> dict[str, Any]:
    types = sorted({f.type for f in findings})
    rules = [
        {
            "id": t,
            "name": t.title().replace("_", ""),
            "shortDescription": {"text": f"Hard-coded secret: {t}"},
            "defaultConfiguration": {"level": "error"},
        }
        for t in types
    ]
    results = [
        {
            "ruleId": f.type,
            "ruleIndex": types.index(f.type),
            "level": "error",
            "message": {
                "text": f"{f.type} found"
                + (f" in commit {f.commit}" if f.commit else "")
                + f" (fingerprint {f.fingerprint}); rotate it and remove it from the code"
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path, root)},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
            "partialFingerprints": {"ferrymanSecret/v1": f.fingerprint},
        }
        for f in findings
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ferryman",
                        "version": __version__,
                        "informationUri": "https://github.com/ferryman/ferryman",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
