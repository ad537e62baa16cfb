"""Structured JSON logs that cannot carry content.

Only fields on an allow-list reach a log line; anything else passed through ``extra=`` is dropped.
Tracebacks are never written (a frame or an exception message may hold a prompt or a key): an error
is logged by its exception type name only. Even ``DEBUG`` logs no content, because the code never
hands content to the logger and the formatter would drop it if it did.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from typing import Any

import orjson

__all__ = ["ALLOWED_FIELDS", "JsonFormatter", "configure_logging"]

ALLOWED_FIELDS = frozenset(
    {
        "alias",
        "attempts",
        "client",
        "code",
        "config",
        "demo",
        "duration_ms",
        "endpoint",
        "method",
        "path",
        "pid",
        "provider",
        "providers",
        "request_id",
        "status",
        "stream",
        "upstream_model",
        "workers",
        "host",
        "port",
        "aliases",
        "key_prefix",
        "identity",
        "identity_kind",
        "environment",
        "action",
        "outcome",
        "policies",
        "entity_types",
        "recognizers",
        "redactions",
        "alert",
        "severity",
        "state",
        "summary",
        "labels",
        "value",
        "threshold",
    }
)
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.msg if isinstance(record.msg, str) else type(record.msg).__name__,
        }
        if record.args:  # %-style arguments are only ever type names or numbers in our code
            with contextlib.suppress(TypeError, ValueError):
                out["msg"] = record.getMessage()
        for key, value in record.__dict__.items():
            if key in ALLOWED_FIELDS:
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
        return orjson.dumps(out, default=str).decode()


def configure_logging(level: str | None = None) -> None:
    """Route every logger (ours, uvicorn's, aiohttp's) through the JSON formatter.

    ``FERRYMAN_LOG_LEVEL`` (DEBUG ... ERROR) sets the level; INFO by default.
    """
    name = (level or os.environ.get("FERRYMAN_LOG_LEVEL") or "INFO").upper()
    if name not in _LEVELS:
        name = "INFO"
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(name)
    for noisy in ("uvicorn", "uvicorn.error", "uvicorn.access", "aiohttp", "asyncio"):
        lg = logging.getLogger(noisy)
        lg.handlers[:] = []
        lg.propagate = True
    # uvicorn's access log would print the raw path with its query string: ours replaces it
    logging.getLogger("uvicorn.access").disabled = True
    # third-party loggers may format exceptions with content; keep them at WARNING or above
    # (SQL loggers would print statements with bound values: hashes, names, metadata)
    for chatty in (
        "aiohttp",
        "asyncio",
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
        "alembic",
        "urllib3",
        "opentelemetry",
        "httpx",
        "httpcore",
    ):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
