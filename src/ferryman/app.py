"""build_app(settings): the ASGI application, composed once at startup.

One pure-ASGI layer does the listener's work for every request - request id, header-size limit,
routing, the security headers, the error boundary and the access log - then calls the handler.
No framework middleware stack: each layer would cost a closure per request on the hot path, and a
gateway's own overhead is what users measure.

The error boundary renders every :class:`~ferryman.errors.FerrymanError` as a typed JSON error
(OpenAI's shape; Anthropic's on ``/v1/messages``) and anything else as a bare 500 without detail:
never a traceback, never content.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import time
from collections.abc import MutableMapping
from typing import Any

import orjson

from ferryman.errors import (
    ConfigError,
    FerrymanError,
    HeadersTooLarge,
    InternalError,
    MethodNotAllowed,
    NotFound,
)
from ferryman.observability.metrics import REQUESTS, endpoint_label, status_class
from ferryman.runtime import Runtime
from ferryman.server.certificates import CertificateWatch
from ferryman.server.credentials import refuse_query_credentials
from ferryman.server.health import healthz, metrics, readyz
from ferryman.server.heap import settle_heap
from ferryman.server.http import Headers, read_body, send_bytes
from ferryman.server.redirect import RedirectServer
from ferryman.server.routes import (
    HANDLERS,
    Handler,
    Request,
    cors_headers,
    preflight,
    retrieve_model,
)
from ferryman.services import Services
from ferryman.settings import load_settings
from ferryman.settings.model import Settings
from ferryman.storage.admin_events import AdminEvent
from ferryman.util.ids import unique_id
from ferryman.util.tasks import spawn

__all__ = ["FerrymanApp", "build_app", "create_app"]

log = logging.getLogger("ferryman.server")
access = logging.getLogger("ferryman.access")

_ADMIN_MAX_BODY = 64 * 1024
_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:\-]{8,128}$")
_JSON = (b"content-type", b"application/json")
_COMMON: Headers = [(b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store")]
_ROUTES: dict[str, tuple[str, Handler]] = {
    **HANDLERS,
    "/healthz": ("GET", healthz),
    "/readyz": ("GET", readyz),
    "/metrics": ("GET", metrics),
}


class FerrymanApp:
    """The gateway as an ASGI callable. ``runtime`` is swapped on reload."""

    def __init__(self, settings: Settings, *, config_path: str | None = None) -> None:
        self.services = Services(settings)
        self.runtime = Runtime(settings, self.services)
        self._admin_app: Any = None
        self._cert_watch = CertificateWatch(settings.tls) if settings.tls is not None else None
        self._watch_task: asyncio.Task[None] | None = None
        self._redirect: RedirectServer | None = None
        if settings.tls is not None and settings.tls.redirect_http_port is not None:
            https_port = int(os.environ.get("FERRYMAN_HTTPS_PORT") or settings.server.port)
            listen_host = os.environ.get("FERRYMAN_LISTEN_HOST") or settings.server.host
            self._redirect = RedirectServer(
                listen_host, settings.tls.redirect_http_port, https_port
            )
        self.config_path = config_path
        self.draining = False
        self._max_header = settings.server.max_header_bytes
        self._body_timeout = settings.server.body_timeout_s
        self._hsts = _hsts_header(settings)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    # ------------------------------------------------------------------ requests

    async def _http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        started = time.perf_counter()
        runtime = self.runtime  # pinned: a reload mid-request does not change this request's view
        runtime.inflight += 1
        request_id = _request_id(scope)
        req = Request(scope, receive, send, request_id, runtime)
        req.headers = [(b"x-request-id", request_id.encode()), *_COMMON]
        if self._hsts is not None and scope.get("scheme") == "https":
            req.headers.append(self._hsts)
        path = scope["path"]
        status = 500
        try:
            size = sum(len(k) + len(v) for k, v in scope["headers"])
            if size > self._max_header:
                raise HeadersTooLarge("request headers are too large")
            if self.draining:
                scope["ferryman.draining"] = True
                req.headers.append((b"connection", b"close"))  # keep-alive clients move on
            refuse_query_credentials(scope["query_string"])
            if path.startswith(("/admin/", "/console/")) or path in ("/admin", "/console"):
                status = await self._admin(req)  # the console is mounted in the admin app
                return
            route = _ROUTES.get(path)
            if route is None and path.startswith(("/v1/models/", "/models/")):
                route = ("GET", retrieve_model)
            if route is None:
                raise NotFound("no such endpoint", code="unknown_endpoint")
            method, handler = route
            if scope["method"] == "OPTIONS" and method == "POST":
                handler = preflight
                method = "OPTIONS"
            if scope["method"] != method:
                raise MethodNotAllowed(f"use {method} on this endpoint")
            status = await handler(req)
        except FerrymanError as exc:
            status = exc.http_status
            await self._send_error(req, exc)
        except asyncio.CancelledError:
            # the client disconnected (see server.tls): nothing is left to answer; 499 as nginx
            status = 499
            log.info("client disconnected before the answer", extra={"request_id": request_id})
        except Exception as exc:
            log.error(
                "unhandled error", extra={"request_id": request_id, "code": type(exc).__name__}
            )
            await self._send_error(req, InternalError("internal error"))
        finally:
            runtime.inflight -= 1
            REQUESTS.labels(endpoint_label(path), status_class(status)).inc()
            _access_log(req, status, started)

    async def _admin(self, req: Request) -> int:
        """Hand over to the admin API (FastAPI), adding the common response headers.

        The body is read here first, under the admin size limit and the body deadline, so an
        unauthenticated client cannot make FastAPI buffer an unbounded body. Admin bodies are JSON
        whatever the Content-Type says (``curl -d`` sends a form type).
        """
        status = 500
        extra = req.headers
        scope = req.scope
        receive = req.receive
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            body = await read_body(
                req.receive, scope, limit=_ADMIN_MAX_BODY, deadline_s=self._body_timeout
            )
            delivered = False

            async def receive() -> dict[str, Any]:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return dict(await req.receive())

            headers = [
                (k, v) for k, v in scope["headers"] if k not in (b"content-type", b"content-length")
            ]
            headers += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            scope = {**scope, "headers": headers}

        async def send(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await req.send(message)

        if self._admin_app is None:
            # built on first use: the data plane never pays FastAPI's import and memory
            from ferryman.admin.api import build_admin_app

            self._admin_app = build_admin_app(lambda: self.runtime)
        await self._admin_app(scope, receive, send)
        return status

    async def _send_error(self, req: Request, exc: FerrymanError) -> None:
        anthropic = req.path.endswith("/messages")
        body = exc.to_anthropic() if anthropic else exc.to_openai()
        headers = [
            _JSON,
            *req.headers,
            *cors_headers(req.scope.get("ferryman.ctx")),
            *((k.encode(), v.encode()) for k, v in exc.headers.items()),
        ]
        # if the response already started or the client is gone, nothing sane is left to send
        with contextlib.suppress(OSError, RuntimeError):
            await send_bytes(req.send, exc.http_status, orjson.dumps(body), headers)

    # ------------------------------------------------------------------ lifecycle

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.services.start(lambda: self.runtime.auth.take_used())
                    await self.runtime.start()
                    self._install_reload_signal()
                    self._install_drain_signal()
                    if self._redirect is not None:
                        await self._redirect.start()
                    if self._cert_watch is not None:
                        self._watch_task = spawn(self._cert_watch.run(), name="ferryman-cert-watch")
                    settle_heap()  # freeze the startup heap, fewer young passes
                except Exception as exc:
                    log.error("startup failed", extra={"code": type(exc).__name__})
                    await send({"type": "lifespan.startup.failed", "message": type(exc).__name__})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.draining = True
                if self._watch_task is not None:
                    self._watch_task.cancel()
                if self._redirect is not None:
                    await self._redirect.aclose()
                await self.runtime.aclose(grace=self.runtime.settings.server.shutdown_grace_s)
                await self.services.aclose()
                log.info("shutdown complete")
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _install_drain_signal(self) -> None:
        """With ``server.drain_s``, SIGTERM first drains: ``/readyz`` turns 503 and answers close
        their connections while requests are still served, so the load balancer takes this
        instance out; after ``drain_s`` uvicorn's own handler runs its graceful shutdown (stop
        accepting, finish in-flight requests, then the lifespan shutdown flushes the audit).
        A second SIGTERM skips the rest of the drain."""
        drain_s = self.runtime.settings.server.drain_s
        stop = signal.getsignal(signal.SIGTERM)
        if drain_s <= 0 or not callable(stop):
            return
        loop = asyncio.get_running_loop()

        def on_sigterm() -> None:
            if self.draining:
                stop(signal.SIGTERM, None)
                return
            self.draining = True
            log.info("draining before shutdown", extra={"duration_ms": int(drain_s * 1000)})
            loop.call_later(drain_s, stop, signal.SIGTERM, None)

        try:
            loop.add_signal_handler(signal.SIGTERM, on_sigterm)
        except (NotImplementedError, RuntimeError, ValueError):
            log.warning("SIGTERM drain is not available in this process")

    def _install_reload_signal(self) -> None:
        try:
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: spawn(self.reload(), name="ferryman-reload")
            )
        except (NotImplementedError, RuntimeError, ValueError):
            log.warning("SIGHUP reload is not available in this process")

    async def _retire(self, old: Runtime) -> None:
        await old.aclose(grace=old.longest_request_s())
        # key uses recorded by requests that finished on the old runtime
        self.runtime.auth.used.update(old.auth.used)

    async def _audit_reload(self, outcome: str) -> None:
        try:
            await self.services.admin_events.record(
                AdminEvent(
                    actor_kind="signal", actor="SIGHUP", action="config.reload", outcome=outcome
                )
            )
        except Exception as exc:  # the reload itself must not fail because of its audit line
            log.warning("could not record the reload", extra={"code": type(exc).__name__})

    async def reload(self) -> bool:
        """Re-read config and secrets; swap the runtime without dropping in-flight requests.
        The serving certificate is reloaded either way (renewal must not wait for a config fix)."""
        swapped = await self._reload_config()
        if not swapped and self._cert_watch is not None:
            self._cert_watch.reload()
        return swapped

    async def _reload_config(self) -> bool:
        new: Runtime | None = None
        try:
            settings = await asyncio.to_thread(load_settings, self.config_path)
            new = Runtime(settings, self.services)
            await new.start()
        except ConfigError as exc:
            log.error("reload refused: the new configuration is invalid; keeping the current one")
            for line in exc.message.splitlines()[1:]:
                log.error("config error", extra={"config": line})
            await self._audit_reload("refused")
            return False
        except Exception as exc:  # e.g. a provider pool that cannot start: keep serving
            log.error(
                "reload failed; keeping the current configuration",
                extra={"code": type(exc).__name__},
            )
            if new is not None:
                await new.aclose()
            await self._audit_reload("failed")
            return False
        if self._cert_watch is not None:
            self._cert_watch.reload(settings.tls)
        new.auth.used.update(self.runtime.auth.used)
        old, self.runtime = self.runtime, new
        self._max_header = settings.server.max_header_bytes
        self._hsts = _hsts_header(settings)
        log.info("configuration reloaded")
        await self._audit_reload("ok")
        # requests started on the old runtime may run as long as its providers' total timeout
        spawn(self._retire(old), name="ferryman-retire-runtime")
        return True


def _hsts_header(settings: Settings) -> tuple[bytes, bytes] | None:
    tls = settings.tls
    if tls is None or not tls.hsts:
        return None
    value = f"max-age={tls.hsts_max_age_s}" + (
        "; includeSubDomains" if tls.hsts_include_subdomains else ""
    )
    return (b"strict-transport-security", value.encode())


def _request_id(scope: dict[str, Any]) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _REQUEST_ID.match(value):
            return str(value.decode())
    return unique_id()


def _access_log(req: Request, status: int, started: float) -> None:
    if not access.isEnabledFor(logging.INFO):
        return
    ctx = req.scope.get("ferryman.ctx")
    extra: dict[str, Any] = {
        "request_id": req.request_id,
        "method": req.method,
        "path": req.path if req.path in _ROUTES else "<other>",
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
    }
    if ctx is not None:
        extra["endpoint"] = ctx.endpoint.value
        extra["stream"] = ctx.stream
        extra["alias"] = ctx.alias if req.runtime.routes.resolve(ctx.alias) else "<unknown>"
        extra["provider"] = ctx.provider
        extra["attempts"] = len(ctx.attempts)
        protected = ctx.state.get("redact")
        if protected is not None:  # counts by type and action only, never values
            extra["redactions"] = {
                f"{t}:{a}": n
                for (t, a), n in (protected.report.counts + protected.response.counts).items()
            }
    access.info("request", extra=extra)


def build_app(settings: Settings, *, config_path: str | None = None) -> FerrymanApp:
    return FerrymanApp(settings, config_path=config_path)


def create_app() -> FerrymanApp:
    """Factory for ASGI servers (``uvicorn --factory ferryman.app:create_app``): reads
    ``$FERRYMAN_CONFIG`` (or the built-in default) in each worker process."""
    from ferryman.observability.logging import configure_logging

    configure_logging()
    path = os.environ.get("FERRYMAN_CONFIG") or None
    return build_app(load_settings(path), config_path=path)
