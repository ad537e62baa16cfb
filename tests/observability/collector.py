"""A fake OpenTelemetry collector: a real OTLP/HTTP server on 127.0.0.1 in a thread.

It takes the protobuf POSTs of the SDK's exporters (``/v1/traces``, ``/v1/logs``), decodes them
with opentelemetry-proto, and keeps flat records the tests can look at.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import (
    ExportLogsServiceRequest,
    ExportLogsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue


def _value(v: AnyValue) -> Any:
    kind = v.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [_value(x) for x in v.array_value.values]
    if kind == "kvlist_value":
        return _attrs(v.kvlist_value.values)
    return getattr(v, kind)


def _attrs(kvs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kv: KeyValue
    for kv in kvs:
        out[kv.key] = _value(kv.value)
    return out


@dataclass
class Span:
    name: str
    trace_id: str
    span_id: str
    parent_span_id: str
    kind: int
    status_code: int
    status_message: str
    attributes: dict[str, Any]
    resource: dict[str, Any]


@dataclass
class LogRecord:
    body: Any
    event_name: str
    severity_text: str
    time_unix_nano: int
    attributes: dict[str, Any]
    resource: dict[str, Any]


@dataclass
class Collector:
    spans: list[Span] = field(default_factory=list)
    logs: list[LogRecord] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)  # the paths, in arrival order
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                if self.headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                reply = collector._receive(self.path, body)
                if reply is None:
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-otel-collector", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def clear(self) -> None:
        with self._lock:
            self.spans.clear()
            self.logs.clear()
            self.posts.clear()

    def wait_for(self, check: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if check():
                    return
            time.sleep(0.05)
        raise AssertionError("the collector did not receive what was expected in time")

    def _receive(self, path: str, body: bytes) -> bytes | None:
        if path == "/v1/traces":
            traces = ExportTraceServiceRequest.FromString(body)
            spans = [
                Span(
                    name=s.name,
                    trace_id=s.trace_id.hex(),
                    span_id=s.span_id.hex(),
                    parent_span_id=s.parent_span_id.hex(),
                    kind=s.kind,
                    status_code=s.status.code,
                    status_message=s.status.message,
                    attributes=_attrs(s.attributes),
                    resource=_attrs(rs.resource.attributes),
                )
                for rs in traces.resource_spans
                for ss in rs.scope_spans
                for s in ss.spans
            ]
            with self._lock:
                self.posts.append(path)
                self.spans.extend(spans)
            return bytes(ExportTraceServiceResponse().SerializeToString())
        if path == "/v1/logs":
            logs = ExportLogsServiceRequest.FromString(body)
            records = [
                LogRecord(
                    body=_value(r.body),
                    event_name=r.event_name,
                    severity_text=r.severity_text,
                    time_unix_nano=r.time_unix_nano,
                    attributes=_attrs(r.attributes),
                    resource=_attrs(rl.resource.attributes),
                )
                for rl in logs.resource_logs
                for sl in rl.scope_logs
                for r in sl.log_records
            ]
            with self._lock:
                self.posts.append(path)
                self.logs.extend(records)
            return bytes(ExportLogsServiceResponse().SerializeToString())
        return None
