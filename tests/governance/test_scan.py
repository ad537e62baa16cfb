"""``ferryman scan`` on a real temporary git repository with planted keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# planted values are assembled at run time, so this file itself holds no key-shaped string
OPENAI = "sk-proj-" + "Xq7Lm2Zp4VbT8wK1sHd6FgJ3aRe5YuIoPq0Nc9Ty"
AWS = "AKIA" + "QX7LM2ZP4VBT8WK1"
GITHUB = "ghp_" + "Xq7Lm2Zp4VbT8wK1sHd6FgJ3aRe5YuIoPq0N"


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ferryman", "scan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo,
        check=False,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    (r / "src").mkdir(parents=True)
    (r / "src" / "app.py").write_text(f'client = OpenAI(api_key="{OPENAI}")\nx = 1\n')
    (r / "deploy.env").write_text(f"AWS_ACCESS_KEY_ID={AWS}\n")
    (r / "notes.md").write_text("Nothing secret here, see docs. commit d9a148492b81d6e1f896\n")
    (r / "ignored.log").write_text(f"token {GITHUB}\n")
    (r / ".gitignore").write_text("*.log\n")
    (r / "blob.bin").write_bytes(b"\x00\x01" + OPENAI.encode() + b"\x00")
    git(r, "init", "-q")
    git(r, "add", ".")
    git(r, "commit", "-q", "-m", "init")
    return r


def test_finds_planted_keys_respecting_gitignore_and_skipping_binaries(repo: Path) -> None:
    done = run(repo, ".", "--json", "out.json", "--sarif", "out.sarif")
    assert done.returncode == 1, done.stderr
    found = json.loads((repo / "out.json").read_text())
    where = sorted((f["path"], f["line"], f["type"]) for f in found["findings"])
    assert where == [("deploy.env", 1, "AWS_ACCESS_KEY"), ("src/app.py", 1, "OPENAI_API_KEY")]
    assert found["skipped"] == {"binary": 1}
    for secret in (OPENAI, AWS, GITHUB):  # never printed, never written
        assert secret not in done.stdout + done.stderr
        assert secret not in (repo / "out.json").read_text() + (repo / "out.sarif").read_text()
    sarif = json.loads((repo / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"AWS_ACCESS_KEY", "OPENAI_API_KEY"}
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_allowlist_by_fingerprint_and_glob(repo: Path) -> None:
    found = json.loads(run(repo, ".", "--json", "o.json").stdout and (repo / "o.json").read_text())
    fp = next(f["fingerprint"] for f in found["findings"] if f["type"] == "AWS_ACCESS_KEY")
    (repo / ".ferryman-scan-allow").write_text(f"{fp}  # the example key in deploy docs\nsrc/*\n")
    done = run(repo, ".")
    assert done.returncode == 0 and "0 secret(s)" in done.stderr


def test_git_history_finds_a_key_removed_since(repo: Path) -> None:
    (repo / "src" / "app.py").write_text("client = OpenAI()\n")
    (repo / "deploy.env").unlink()
    git(repo, "commit", "-q", "-am", "remove keys")
    assert run(repo, ".").returncode == 0
    done = run(repo, ".", "--git-history")
    assert done.returncode == 1
    assert "src/app.py:1:" in done.stdout and "(commit " in done.stdout


def test_plain_directory_without_git_uses_gitignore(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "conf.yaml").write_text(f"github_token: {GITHUB}\n")
    (tmp_path / "a" / ".gitignore").write_text("secret-*.yaml\n")
    (tmp_path / "a" / "secret-local.yaml").write_text(f"github_token: {GITHUB}\n")
    done = run(tmp_path, "a")
    assert done.returncode == 1
    assert "conf.yaml:1:" in done.stdout and "secret-local" not in done.stdout
