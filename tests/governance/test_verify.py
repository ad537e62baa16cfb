"""``ferryman verify`` as CI runs it: the real gateway, a capturing upstream, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PERMISSIVE = """\
providers:
  local: {kind: demo}
models:
  chat: {provider: local, model: demo-echo}
policies:
  default:
    actions: {public: allow, internal: allow, sensitive: allow, restricted: mask}
    injection: flag
"""


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FERRYMAN_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "ferryman", "verify", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp,
        env=env,
        check=False,
    )


def test_the_default_policy_passes_with_json_and_junit(tmp_path: Path) -> None:
    done = run(tmp_path, "--json", "out.json", "--junit", "out.xml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["passed"] and {r["category"] for r in doc["results"]} >= {
        "pii",
        "secret",
        "evasion",
        "injection",
        "exfiltration",
    }
    assert all(r["outcome"] in ("redacted", "blocked") for r in doc["results"])
    xml = (tmp_path / "out.xml").read_text()
    assert "<testsuites" in xml and 'failures="0"' in xml
    assert list(tmp_path.iterdir()) and not (tmp_path / ".ferryman").exists()  # no state left


def test_a_permissive_policy_fails_naming_the_leaks(tmp_path: Path) -> None:
    (tmp_path / "permissive.yaml").write_text(PERMISSIVE)
    done = run(tmp_path, "--config", "permissive.yaml", "--junit", "out.xml")
    assert done.returncode == 1
    assert (
        "case=pii-email: leak - EMAIL reached the provider (allowed by the policy)" in done.stdout
    )
    assert "case=pii-person-en: leak" in done.stdout
    assert "case=secret-openai" not in done.stdout  # restricted data is still masked
    assert "<failure" in (tmp_path / "out.xml").read_text()
    # injections are flagged, not blocked: reported but not a failure under `flag`
    assert "inj-override-en" not in done.stdout
