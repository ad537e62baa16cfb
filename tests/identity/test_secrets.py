"""Key format and hashing: recognisable, environment-tagged, stored only as a keyed hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from ferryman.errors import ConfigError
from ferryman.identity.secrets import (
    KEY_PATTERN,
    hash_secret,
    key_environment,
    load_pepper,
    new_key,
    visible_prefix,
)


def test_key_format_and_entropy() -> None:
    keys = {new_key("prod") for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        assert KEY_PATTERN.fullmatch(key)
        assert key_environment(key) == "prod"
        assert len(key) == len("fm_prod_") + 43  # 32 random bytes, url-safe


def test_visible_prefix_never_echoes_arbitrary_input() -> None:
    key = new_key("dev")
    prefix = visible_prefix(key)
    assert prefix is not None and key.startswith(prefix) and len(prefix) == len("fm_dev_") + 8
    assert visible_prefix("sk-not-ours") is None
    assert visible_prefix("fm_dev_' OR 1=1") is None


def test_hash_is_keyed_by_the_pepper() -> None:
    key = new_key("dev")
    assert hash_secret(b"pepper-one-0123456", key) != hash_secret(b"pepper-two-0123456", key)
    assert key not in hash_secret(b"p" * 16, key)
    assert len(hash_secret(b"p" * 16, key)) == 64


def test_generated_pepper_is_private_and_stable(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/db/ferryman.db"
    first = load_pepper(None, url)
    assert load_pepper(None, url) == first
    pepper_file = tmp_path / "db" / "pepper"
    assert pepper_file.stat().st_mode & 0o777 == 0o600


def test_configured_pepper_must_be_long_enough() -> None:
    assert load_pepper("x" * 16, "sqlite+aiosqlite:///unused.db") == b"x" * 16
    with pytest.raises(ConfigError):
        load_pepper("short", "sqlite+aiosqlite:///unused.db")


def test_processes_starting_together_agree_on_one_pepper(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite+aiosqlite:///{tmp_path}/race/ferryman.db"
    code = (
        "from ferryman.identity.secrets import load_pepper; "
        f"print(load_pepper(None, {url!r}).decode())"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    peppers = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(peppers) == 1 and len(peppers.pop()) >= 16
    assert [p.name for p in (tmp_path / "race").iterdir()] == ["pepper"]  # no temp files left
