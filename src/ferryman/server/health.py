"""Liveness and readiness.

``/healthz`` says the process serves HTTP. ``/readyz`` says the configuration is loaded and the
provider pools are open (storage joins the check when it arrives), and turns unready while the
gateway drains for shutdown, so a load balancer stops sending new requests first.

``/readyz`` also lists each provider's circuit breaker (``closed`` / ``half-open`` / ``open``):
provider names and states only, since the endpoint is unauthenticated. An open circuit does not
make the instance unready - every instance shares it, and the fallbacks still serve.
"""

from __future__ import annotations

import orjson

from ferryman.observability.metrics import CONTENT_TYPE, render
from ferryman.server.http import send_bytes
from ferryman.server.routes import Request

__all__ = ["healthz", "metrics", "readyz"]

_JSON = (b"content-type", b"application/json")


async def healthz(req: Request) -> int:
    await send_bytes(req.send, 200, b'{"status":"ok"}', [_JSON, *req.headers])
    return 200


async def readyz(req: Request) -> int:
    runtime = req.runtime
    draining = bool(req.scope.get("ferryman.draining"))
    checks = {
        "config": True,
        "storage": await runtime.services.db.ping(),
        "providers": runtime.started,
        "routes": bool(runtime.routes.aliases()),
        "accepting": not draining,
    }
    ready = all(checks.values())
    circuits = await runtime.dispatcher.circuit_states()
    body = orjson.dumps(
        {"status": "ready" if ready else "unready", "checks": checks, "circuits": circuits}
    )
    status = 200 if ready else 503
    await send_bytes(req.send, status, body, [_JSON, *req.headers])
    return status


async def metrics(req: Request) -> int:
    """Prometheus text format. Labels come from closed sets only (see observability.metrics)."""
    body = render()
    await send_bytes(req.send, 200, body, [(b"content-type", CONTENT_TYPE.encode()), *req.headers])
    return 200
