"""Repeated authentication failures from one address are slowed down (429); key use is stamped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.conftest import ANT_KEY, gateway_config, start_gateway
from tests.fakes.upstream import FakeUpstream


def test_failures_are_throttled_then_usage_is_recorded(
    upstream: FakeUpstream, tmp_path: Path
) -> None:
    key_file = tmp_path / "ant.key"
    key_file.write_text(ANT_KEY)
    config = gateway_config(upstream, key_file) + "auth: {max_failures_per_minute: 3}\n"
    gw = start_gateway(tmp_path, config)
    try:
        assert httpx.get(gw.url + "/v1/models", headers=gw.headers, timeout=5).status_code == 200
        bad = {"authorization": "Bearer fm_dev_" + "Z" * 43}
        statuses = [
            httpx.get(gw.url + "/v1/models", headers=bad, timeout=5).status_code for _ in range(5)
        ]
        assert statuses[:3] == [401, 401, 401]
        assert statuses[3:] == [429, 429]
        throttled = httpx.get(gw.url + "/v1/models", headers=gw.headers, timeout=5)
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
        metrics = httpx.get(gw.url + "/metrics", timeout=5).text
        assert 'ferryman_auth_failures_total{reason="unknown"} 3.0' in metrics
        assert 'ferryman_auth_failures_total{reason="throttled"} 3.0' in metrics
        assert "Z" * 20 not in metrics and gw.key not in metrics
    finally:
        gw.stop()
    assert "Z" * 43 not in gw.log()
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "ferryman",
            "keys",
            "list",
            "--json",
            "--config",
            str(gw.config_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"FM_TEST_OAI_KEY": "x", "FM_TEST_AZ_KEY": "x", "PATH": "/usr/bin:/bin"},
    )
    assert shown.returncode == 0, shown.stderr
    keys = json.loads(shown.stdout)
    used = next(k for k in keys if k["name"] == "tests")
    assert used["last_used_at"] is not None  # batched, flushed at shutdown at the latest
