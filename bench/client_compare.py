"""Upstream HTTP client cost: aiohttp vs httpx, CPU time per request against the shared mock.

    python bench/client_compare.py   # starts ../shared/bench/overhead/mock_upstream.py itself

Measures what matters for a proxy's hot path: CPU seconds of this process per completed request
(keep-alive, 1 KB JSON body, concurrency 1 and 64), not wall time.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx
import orjson

MOCK = Path(__file__).resolve().parents[2] / "shared" / "bench" / "overhead" / "mock_upstream.py"
PORT = 18090
URL = f"http://127.0.0.1:{PORT}/v1/chat/completions"
BODY = orjson.dumps(
    {"model": "m", "messages": [{"role": "user", "content": "x" * 900}], "max_tokens": 10}
)
N = 4000


async def run_aiohttp(conc: int) -> float:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as s:

        async def one() -> None:
            async with s.post(URL, data=BODY, headers={"content-type": "application/json"}) as r:
                await r.read()

        return await measure(one, conc)


async def run_httpx(conc: int) -> float:
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(limits=limits) as c:

        async def one() -> None:
            r = await c.post(URL, content=BODY, headers={"content-type": "application/json"})
            r.read()

        return await measure(one, conc)


async def measure(one, conc: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await one()
    sem = asyncio.Semaphore(conc)

    async def guarded() -> None:
        async with sem:
            await one()

    cpu = time.process_time()
    await asyncio.gather(*(guarded() for _ in range(N)))
    return (time.process_time() - cpu) / N * 1e6


def main() -> None:
    mock = subprocess.Popen(
        [sys.executable, str(MOCK), "--port", str(PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        print(f"{'client':8} {'conc':>4} {'CPU us/req':>10}")
        for conc in (1, 64):
            for name, fn in (("aiohttp", run_aiohttp), ("httpx", run_httpx)):
                us = asyncio.run(fn(conc))
                print(f"{name:8} {conc:>4} {us:>10.0f}")
    finally:
        mock.terminate()
        mock.wait(5)


if __name__ == "__main__":
    os.sched_setaffinity(0, {0}) if hasattr(os, "sched_setaffinity") else None
    main()
