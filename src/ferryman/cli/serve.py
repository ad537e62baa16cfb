"""``ferryman serve``: run the gateway.

uvicorn with uvloop and httptools: measured fastest for this workload among the mature options
(docs/performance.md). The config is validated in this process first, so a bad config is a clear
error and exit code 1, not a crash inside a worker. Workers re-read it through ``$FERRYMAN_CONFIG``.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from uvicorn.supervisors import Multiprocess

from ferryman.cli.common import err, settings_or_exit
from ferryman.errors import ConfigError
from ferryman.identity.secrets import pepper_of
from ferryman.observability.logging import configure_logging
from ferryman.server.tls import FerrymanConfig, FerrymanHttpProtocol
from ferryman.settings.model import Settings, plain_http_problem
from ferryman.storage.database import migrate_database

_CERT_REQS = {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL, "required": ssl.CERT_REQUIRED}

__all__ = ["serve"]


def serve(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="YAML config (default: $FERRYMAN_CONFIG, else built-in demo)."
        ),
    ] = None,
    host: Annotated[
        str | None, typer.Option(help="Listen address (overrides server.host).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (overrides server.port).")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (overrides server.workers).")
    ] = None,
) -> None:
    """Run the gateway."""
    configure_logging()
    path = str(config.resolve()) if config else (os.environ.get("FERRYMAN_CONFIG") or None)
    settings = settings_or_exit(path)
    if path:
        os.environ["FERRYMAN_CONFIG"] = path
    n_workers = workers or settings.server.workers
    if n_workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # every worker writes its metric samples here; /metrics on any worker sums them
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ferryman-metrics-")
    server = settings.server
    listen_host = host or server.host
    listen_port = server.port if port is None else port
    problem = plain_http_problem(settings, listen_host)
    if problem:
        err.print(f"refusing to start: {problem}", markup=False)
        raise typer.Exit(1)
    os.environ["FERRYMAN_HTTPS_PORT"] = str(listen_port)
    os.environ["FERRYMAN_LISTEN_HOST"] = listen_host
    tls = settings.tls
    ssl_options: dict[str, Any] = {}
    if tls is not None:
        ssl_options = {
            "ssl_certfile": tls.cert,
            "ssl_keyfile": tls.key,
            "ssl_ca_certs": tls.client_ca,
            "ssl_cert_reqs": _CERT_REQS[tls.client_cert],
        }
    uv_config = FerrymanConfig(
        "ferryman.app:create_app",
        factory=True,
        host=listen_host,
        port=listen_port,
        proxy_headers=bool(server.trusted_proxies),  # uvicorn would trust 127.0.0.1 by default
        forwarded_allow_ips=",".join(server.trusted_proxies) or "",
        workers=n_workers,
        loop="uvloop",
        http=FerrymanHttpProtocol,
        header_timeout_s=server.header_timeout_s,
        lifespan="on",
        access_log=False,
        log_config=None,
        server_header=False,
        date_header=True,
        timeout_graceful_shutdown=int(server.shutdown_grace_s) or None,
        timeout_keep_alive=30,
        h11_max_incomplete_event_size=server.max_header_bytes,
        tls_min_version=tls.min_version if tls is not None else "1.2",
        **ssl_options,
    )
    _check_detection(settings)
    _prepare_storage(settings)
    uv_server = uvicorn.Server(uv_config)
    if n_workers > 1:
        sock = uv_config.bind_socket()
        Multiprocess(uv_config, sockets=[sock]).run()
    else:
        uv_server.run()


def _check_detection(settings: Settings) -> None:
    """Load the optional NER model once up front: a missing model is a clear error, here."""
    ner = settings.detection.ner
    if ner is None:
        return
    from ferryman.detection.ner import load_ner

    try:
        load_ner(ner.backend, ner.model, ner.labels)
    except ConfigError as exc:
        err.print(f"refusing to start: {exc.message}", markup=False)
        raise typer.Exit(1) from None


def _prepare_storage(settings: Settings) -> None:
    """Migrate the schema and create the local pepper once, here, before any worker starts
    (workers starting together on a fresh SQLite file would race for both)."""

    pepper_of(settings)
    migrate_database(settings.storage.url)
