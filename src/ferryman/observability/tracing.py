"""Optional OpenTelemetry tracing of the stage chain (the ``otel`` extra), exported over OTLP/HTTP.

Each request gets a server span ``ferryman.request``; each stage hook a child span
(``stage.<name>.on_request``, ``.on_response``, ``.on_stream_end``, ``.on_error``) and the
terminal one named after it (``route``). Per-chunk hooks get no span: a streamed answer would
otherwise cost stages x chunks spans. A streamed request's span ends with its stream.

:class:`Tracing` is the chain's hook wrapper: the chain applies it once, at construction, so with
tracing off (no wrapper) the chain calls the stages' own methods and nothing here runs.

Attributes are metadata from a closed set: request id, endpoint, stream flag, stage and hook,
alias (only when it is a configured alias: the field is caller-supplied), provider, HTTP status,
error class and code. Never content, credentials, or an exception's message (record_exception is
off: messages of third-party errors may quote what they failed on).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ferryman.core.chain import RUN
from ferryman.core.context import RequestContext
from ferryman.core.reply import JsonReply, StreamEvent, StreamReply
from ferryman.errors import ConfigError, FerrymanError
from ferryman.settings.observability import TracingSettings

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

__all__ = ["Tracing", "build_tracing"]

_H = TypeVar("_H", bound=Callable[..., Any])
_STATE = "tracing"  # ctx.state key of the request span
_NEEDS_EXTRA = "observability.tracing: needs `pip install 'ferryman[otel]'`"

Reply = JsonReply | StreamReply


def build_tracing(settings: TracingSettings, aliases: Iterable[str]) -> Tracing | None:
    """The chain's wrapper when tracing is enabled; None (and no OpenTelemetry import) when not."""
    return Tracing(settings, aliases) if settings.enabled else None


class Tracing:
    """Wraps chain hooks in spans; owns the tracer provider and its export thread."""

    def __init__(self, settings: TracingSettings, aliases: Iterable[str]) -> None:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
            from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
            from opentelemetry.trace import (
                SpanKind,
                Status,
                StatusCode,
                set_span_in_context,
                use_span,
            )
        except ImportError:
            raise ConfigError(_NEEDS_EXTRA) from None
        endpoint = f"{settings.endpoint}/v1/traces" if settings.endpoint else None
        self.provider: TracerProvider = TracerProvider(
            sampler=ParentBased(TraceIdRatioBased(settings.sample_ratio)),
            resource=Resource.create({"service.name": settings.service_name}),
            shutdown_on_exit=False,
        )
        self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        self.tracer: Tracer = self.provider.get_tracer("ferryman")
        self.aliases = frozenset(aliases)
        self._in_context = set_span_in_context
        self._use_span = use_span
        self._server = SpanKind.SERVER
        self._error = Status(StatusCode.ERROR)  # no description: it could quote content

    def __call__(self, name: str, hook: _H, /) -> _H:
        if name == RUN:
            return cast(_H, self._request(hook))
        kind, _, rest = name.partition(".")
        stage, hook_name = rest.rsplit(".", 1) if kind == "stage" else (name, "call")
        if hook_name == "on_chunk":
            return hook
        attrs = {"ferryman.stage": stage, "ferryman.hook": hook_name}
        if inspect.iscoroutinefunction(hook):
            return cast(_H, self._async_hook(name, attrs, hook))
        return cast(_H, self._sync_hook(name, attrs, hook))

    async def aclose(self) -> None:
        """Export what is buffered and stop the export thread (off the event loop)."""
        await asyncio.to_thread(self.provider.shutdown)

    # -- spans -------------------------------------------------------------------------------

    def _parent(self, ctx: RequestContext) -> Context | None:
        span: Span | None = ctx.state.get(_STATE)
        return self._in_context(span) if span is not None else None

    def _async_hook(
        self, name: str, attrs: dict[str, str], hook: Callable[..., Awaitable[Any]]
    ) -> Callable[..., Awaitable[Any]]:
        tracer = self.tracer

        async def traced(ctx: RequestContext, *args: Any) -> Any:
            with tracer.start_as_current_span(
                name,
                context=self._parent(ctx),
                attributes=attrs,
                record_exception=False,
                set_status_on_exception=False,
            ) as span:
                try:
                    return await hook(ctx, *args)
                except BaseException as exc:
                    self._failed(span, exc)
                    raise

        return traced

    def _sync_hook(
        self, name: str, attrs: dict[str, str], hook: Callable[..., Any]
    ) -> Callable[..., Any]:
        tracer = self.tracer

        def traced(ctx: RequestContext, *args: Any) -> Any:
            with tracer.start_as_current_span(
                name,
                context=self._parent(ctx),
                attributes=attrs,
                record_exception=False,
                set_status_on_exception=False,
            ) as span:
                try:
                    return hook(ctx, *args)
                except BaseException as exc:
                    self._failed(span, exc)
                    raise

        return traced

    def _request(
        self, run: Callable[[RequestContext], Awaitable[Reply]]
    ) -> Callable[[RequestContext], Awaitable[Reply]]:
        tracer, use_span = self.tracer, self._use_span

        async def traced(ctx: RequestContext) -> Reply:
            span = tracer.start_span(
                RUN,
                kind=self._server,
                attributes={
                    "ferryman.request_id": ctx.request_id,
                    "ferryman.endpoint": ctx.endpoint.value,
                    "ferryman.stream": ctx.stream,
                },
                record_exception=False,
                set_status_on_exception=False,
            )
            ctx.state[_STATE] = span
            try:
                with use_span(span, record_exception=False, set_status_on_exception=False):
                    reply = await run(ctx)
            except BaseException as exc:
                self._end(span, ctx, None, exc)
                raise
            if isinstance(reply, StreamReply):
                return StreamReply(self._stream(span, ctx, reply.events), reply.headers)
            self._end(span, ctx, reply.status, None)
            return reply

        return traced

    async def _stream(
        self, span: Span, ctx: RequestContext, events: AsyncIterator[StreamEvent]
    ) -> AsyncIterator[StreamEvent]:
        """Relay the events; the request span ends with the stream (however it ends)."""
        error: BaseException | None = None
        try:
            async for event in events:
                yield event
        except BaseException as exc:
            error = exc
            raise
        finally:
            aclose = getattr(events, "aclose", None)
            try:
                if aclose is not None:
                    await aclose()
            finally:
                self._end(span, ctx, 200, error)

    def _end(
        self, span: Span, ctx: RequestContext, status: int | None, exc: BaseException | None
    ) -> None:
        if ctx.alias in self.aliases:
            span.set_attribute("ferryman.alias", ctx.alias)
        if ctx.provider:
            span.set_attribute("ferryman.provider", ctx.provider)
        if exc is not None:
            status = self._failed(span, exc)
        if status is not None:
            span.set_attribute("http.response.status_code", status)
        span.end()

    def _failed(self, span: Span, exc: BaseException) -> int:
        """Mark the span failed with the error's class and code - never its message."""
        span.set_status(self._error)
        span.set_attribute("error.type", type(exc).__name__)
        if isinstance(exc, FerrymanError):
            span.set_attribute("ferryman.error_code", exc.code)
            return exc.http_status
        if isinstance(exc, asyncio.CancelledError | GeneratorExit):
            return 499
        return 500
