"""Two gateway processes on one PostgreSQL behave as one: keys, revocations and rotations made on
one are honoured by the other (revocation within the key cache TTL, ≤ 5 s)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ANT_KEY, Gateway, start_gateway
from tests.e2e.backends import PEPPER, postgres_database
from tests.e2e.test_auth_matrix import matrix_config
from tests.fakes.upstream import FakeUpstream


@pytest.fixture(scope="module")
def pair(
    upstream: FakeUpstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Gateway, Gateway, Path]]:
    with postgres_database() as url:
        gws = []
        for name in ("a", "b"):
            tmp = tmp_path_factory.mktemp(f"instance-{name}")
            key_file = tmp / "ant.key"
            key_file.write_text(ANT_KEY)
            gws.append(
                start_gateway(
                    tmp, matrix_config(upstream, key_file, url), {"FM_TEST_PEPPER": PEPPER}
                )
            )
        try:
            yield gws[0], gws[1], gws[0].config_path
        finally:
            for gw in gws:
                gw.stop()


def models(gw: Gateway, key: str) -> int:
    return httpx.get(
        gw.url + "/v1/models", headers={"authorization": f"Bearer {key}"}, timeout=10
    ).status_code


def test_key_created_on_one_works_on_the_other(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, b, _ = pair
    _, key = a.create_key(name="shared", role="service", environment="dev")
    assert models(b, key) == 200


def test_revocation_on_one_reaches_the_other_within_5s(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, b, _ = pair
    meta, key = a.create_key(name="to-revoke", role="service", environment="dev")
    assert models(b, key) == 200  # b has it cached now
    httpx.post(
        f"{a.url}/admin/keys/{meta['id']}/revoke", headers=a.admin, timeout=10
    ).raise_for_status()
    started = time.monotonic()
    assert models(a, key) == 401  # at once on the revoking instance
    while models(b, key) != 401:
        assert time.monotonic() - started < 5, "revocation did not reach the other instance in 5 s"
        time.sleep(0.1)


def test_rotation_on_one_is_honoured_by_the_other(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, b, _ = pair
    meta, old = a.create_key(name="to-rotate", role="service", environment="dev")
    new = httpx.post(
        f"{a.url}/admin/keys/{meta['id']}/rotate", json={"grace": "1h"}, headers=a.admin, timeout=10
    ).json()["secret"]
    assert models(b, new) == 200
    assert models(b, old) == 200  # still in its grace period


def test_cli_works_directly_on_the_shared_database(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, b, config = pair
    env = {"FM_TEST_OAI_KEY": "x", "FM_TEST_PEPPER": PEPPER, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferryman",
            "keys",
            "create",
            "--name",
            "from-cli",
            "--role",
            "service",
            "--env",
            "dev",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=config.parent,
    )
    assert out.returncode == 0, out.stderr
    key = out.stdout.strip()
    assert models(a, key) == 200 and models(b, key) == 200
    listing = subprocess.run(
        [sys.executable, "-m", "ferryman", "keys", "list", "--json", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=config.parent,
    )
    assert "from-cli" in listing.stdout and key not in listing.stdout


def test_cli_revokes_a_leaked_key_by_its_secret(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, b, config = pair
    _, key = a.create_key(name="leaked", role="service", environment="dev")
    env = {"FM_TEST_OAI_KEY": "x", "FM_TEST_PEPPER": PEPPER, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "ferryman", "keys", "revoke", key, "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=config.parent,
    )
    assert out.returncode == 0, out.stderr
    assert key not in out.stderr + out.stdout  # only the prefix is echoed
    started = time.monotonic()
    while models(b, key) != 401:
        assert time.monotonic() - started < 5
        time.sleep(0.1)


def test_admin_api_accepts_cli_style_fields(pair: tuple[Gateway, Gateway, Path]) -> None:
    a, _, _ = pair
    resp = httpx.post(
        a.url + "/admin/keys",
        json={"name": "cli-style", "role": "service", "env": "prod", "models": "gpt,claude"},
        headers=a.admin,
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    assert resp.json()["key"]["environment"] == "prod"
    assert resp.json()["key"]["models"] == ["claude", "gpt"]
