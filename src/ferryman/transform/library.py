"""Library entry points behind ``ferryman.redact`` (temporary: masks every finding)."""

from __future__ import annotations

from typing import Any

from ferryman.detection.registry import default_engine


def redact_text(text: str, policy: Any = None) -> str:
    findings = default_engine().detect(text)
    out: list[str] = []
    pos = 0
    for f in findings:
        out.append(text[pos : f.start])
        out.append(f"[{f.type}]")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
