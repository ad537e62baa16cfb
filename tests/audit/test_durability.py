"""SIGTERM under load loses no accepted event: every request that got an answer has its event.

Clients keep sending while the gateway is told to stop. The gateway stops accepting, finishes the
requests in flight, flushes the audit queue and exits; then the events in the database are
counted against the answers the clients received (by request id).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from ferryman.storage.schema import audit_events
from tests.conftest import ANT_KEY, gateway_config, start_gateway
from tests.e2e.backends import PEPPER, postgres_database
from tests.fakes.upstream import FakeUpstream


async def _request_ids(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(audit_events.c.request_id))).all()
    finally:
        await engine.dispose()
    return {r[0] for r in rows}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigterm_under_load_loses_no_accepted_event(
    backend: str, upstream: FakeUpstream, tmp_path: Path
) -> None:
    key_file = tmp_path / "anthropic.key"
    key_file.write_text(ANT_KEY + "\n")
    with contextlib.ExitStack() as stack:
        if backend == "postgresql":
            url = stack.enter_context(postgres_database())
            extra = f"storage: {{url: '{url}'}}\nauth: {{pepper: '${{FM_TEST_PEPPER}}'}}\n"
        else:
            url = f"sqlite+aiosqlite:///{tmp_path}/ferryman.db"
            extra = f"storage: {{url: '{url}'}}\n"
        gw = start_gateway(
            tmp_path, gateway_config(upstream, key_file, extra), {"FM_TEST_PEPPER": PEPPER}
        )
        answered: list[str] = []
        stop = threading.Event()

        def client() -> None:
            with httpx.Client(timeout=10) as http:
                while not stop.is_set():
                    try:
                        r = http.post(
                            gw.url + "/v1/chat/completions",
                            headers=gw.headers,
                            json={"model": "gpt", "messages": [{"role": "user", "content": "hi"}]},
                        )
                    except httpx.HTTPError:
                        time.sleep(0.01)  # refused: the gateway no longer accepts
                        continue
                    answered.append(r.headers["x-request-id"])

        workers = [threading.Thread(target=client) for _ in range(8)]
        for w in workers:
            w.start()
        time.sleep(1.5)
        gw.process.send_signal(signal.SIGTERM)
        gw.process.wait(30)
        stop.set()
        for w in workers:
            w.join(15)
        assert len(answered) > 20, "no load was generated"
        stored = asyncio.run(_request_ids(url))
        missing = set(answered) - stored
        assert not missing, f"{len(missing)} answered requests have no audit event"
        assert "shutdown complete" in gw.log()
