"""``ferryman redact`` as a user runs it: a real process reading stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TEXT = "Write to jane.doe@example.com, card 4111 1111 1111 1111.\n"


def run(*args: str, stdin: str = TEXT, env: dict[str, str] | None = None) -> str:
    full_env = {k: v for k, v in os.environ.items() if k != "FERRYMAN_CONFIG"} | (env or {})
    done = subprocess.run(
        [sys.executable, "-m", "ferryman", "redact", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_redacts_stdin_with_the_default_policy() -> None:
    assert run() == "Write to <EMAIL_1>, card [CREDIT_CARD].\n"


def test_json_spans_carry_offsets_types_and_actions_but_no_values() -> None:
    doc = json.loads(run("--json"))
    assert [(f["type"], f["action"]) for f in doc["findings"]] == [
        ("EMAIL", "pseudonymize"),
        ("CREDIT_CARD", "mask"),
    ]
    first = doc["findings"][0]
    assert TEXT[first["start"] : first["end"]] == "jane.doe@example.com"
    assert "jane" not in json.dumps(doc) and "4111" not in json.dumps(doc)


def test_policy_from_the_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "ferryman.yaml"
    cfg.write_text(
        "policies:\n  hashed:\n    actions: {public: allow, internal: allow,"
        " sensitive: hash, restricted: block}\n"
    )
    env = {"FERRYMAN_HASH_KEY": "k" * 32}
    one = run("--config", str(cfg), "--policy", "hashed", env=env)
    two = run("--config", str(cfg), "--policy", "hashed", env=env)
    assert one == two and "[EMAIL:" in one and "[CREDIT_CARD]" in one
    assert json.loads(run("--config", str(cfg), "-p", "hashed", "--json", env=env))["blocked"]


def test_types_lists_the_active_types() -> None:
    out = run("--types", stdin="")
    for name in ("EMAIL", "IBAN", "OPENAI_API_KEY", "PERSON", "STREET_ADDRESS"):
        assert name in out
