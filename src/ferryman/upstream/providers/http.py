"""The shared HTTP adapter: pooled POST, error mapping, SSE reading. Subclasses add URL and auth."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import orjson

from ferryman.core.reply import StreamEvent
from ferryman.errors import FerrymanError, ServiceUnavailable, UpstreamError, UpstreamTimeout
from ferryman.protocol.sse import SSEParser, SSETooLarge
from ferryman.settings.model import ProviderSettings, TimeoutSettings
from ferryman.upstream.breaker import BreakerConfig
from ferryman.upstream.client import PinMismatch, client_timeout, new_session
from ferryman.upstream.errors import ProviderFailed, ProviderRateLimited, from_status
from ferryman.upstream.keys import KeyAlert, KeyLease, KeyRing
from ferryman.upstream.providers.base import Op, Provider, UpstreamResponse

__all__ = ["HttpProvider"]

_MAX_BODY = 64 * 1024 * 1024
_MAX_ERROR_BODY = 64 * 1024


class _HttpResponse(UpstreamResponse):
    def __init__(self, resp: aiohttp.ClientResponse, provider: str) -> None:
        self._resp = resp
        self._provider = provider
        self.status = resp.status

    async def read(self) -> bytes:
        try:
            if (self._resp.content_length or 0) > _MAX_BODY:
                raise UpstreamError(f"provider '{self._provider}' answer is too large")
            return await self._resp.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamTimeout(f"provider '{self._provider}' timed out") from exc
        except aiohttp.ClientError as exc:
            raise UpstreamError(
                f"provider '{self._provider}' connection failed while reading the answer",
                code="upstream_connection_error",
            ) from exc
        finally:
            self._resp.release()

    async def events(self) -> AsyncIterator[StreamEvent]:
        parser = SSEParser()
        finished = False
        try:
            async for chunk in self._resp.content.iter_any():
                for event in parser.feed(chunk):
                    yield event
            for event in parser.flush():
                yield event
            finished = True
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamTimeout(
                f"provider '{self._provider}' stream stalled", code="upstream_stream_timeout"
            ) from exc
        except (aiohttp.ClientError, SSETooLarge) as exc:
            raise UpstreamError(
                f"provider '{self._provider}' stream was interrupted",
                code="upstream_stream_interrupted",
            ) from exc
        finally:
            if finished:
                self._resp.release()
            else:  # stop the provider's work: drop the connection instead of draining it
                self._resp.close()

    async def close(self) -> None:
        self._resp.close()


class HttpProvider(Provider):
    """A provider reached over HTTPS with one pooled session and a rotation of API keys."""

    def __init__(
        self, name: str, settings: ProviderSettings, *, on_key_refused: KeyAlert | None = None
    ) -> None:
        super().__init__(name, settings.region)
        self.settings = settings
        self.base_url = settings.resolved_base_url()
        self._keys = settings.keys()
        self.keyring = KeyRing(
            name,
            self._keys,
            weights=settings.key_weights if settings.key_strategy == "weighted" else None,
            breaker=BreakerConfig.of(settings.circuit),
            cooldown_s=settings.key_cooldown_s,
            on_refused=on_key_refused,
        )
        self._session: aiohttp.ClientSession | None = None
        self._static_headers = dict(settings.headers)

    async def start(self) -> None:
        if self._session is None:
            self._session = new_session(self.settings)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def scoped(self, timeouts: TimeoutSettings) -> Provider:
        return _RouteScoped(self, timeouts)

    def url(self, op: Op, model: str) -> str:
        raise NotImplementedError

    def auth_headers(self, key: str | None) -> dict[str, str]:
        raise NotImplementedError

    def extra_headers(self, op: Op, headers: Mapping[str, str]) -> dict[str, str]:
        return {}

    async def send(
        self,
        op: Op,
        body: dict[str, Any],
        *,
        stream: bool,
        headers: Mapping[str, str],
        timeouts: TimeoutSettings | None = None,
    ) -> UpstreamResponse:
        if op not in self.ops:
            raise UpstreamError(f"provider '{self.name}' does not support {op.value}")
        if self._session is None:
            raise ServiceUnavailable(f"provider '{self.name}' is not started")
        lease = self.keyring.pick()
        try:
            resp = await self._post(op, body, stream, headers, lease, timeouts)
        except (UpstreamError, UpstreamTimeout, ProviderRateLimited) as exc:
            if lease is not None:
                self._blame(lease, exc)
            raise
        if lease is not None:
            self.keyring.succeeded(lease)
        return resp

    def _blame(self, lease: KeyLease, exc: FerrymanError) -> None:
        """Tell the key rotation what this failure says about the key that was used."""
        if exc.code == "upstream_auth_failed":
            self.keyring.refused(lease)
        elif isinstance(exc, ProviderRateLimited | ProviderFailed):
            self.keyring.failed(lease)

    async def _post(
        self,
        op: Op,
        body: dict[str, Any],
        stream: bool,
        headers: Mapping[str, str],
        lease: KeyLease | None,
        timeouts: TimeoutSettings | None,
    ) -> UpstreamResponse:
        assert self._session is not None
        out_headers = {
            **self._static_headers,
            **self.extra_headers(op, headers),
            **self.auth_headers(lease.secret if lease is not None else None),
            "content-type": "application/json",
            "accept": "text/event-stream" if stream else "application/json",
        }
        url = self.url(op, str(body.get("model", "")))
        options: dict[str, Any] = {}
        if timeouts is not None:
            options["timeout"] = client_timeout(timeouts)
        try:
            resp = await self._session.post(
                url, data=orjson.dumps(body), headers=out_headers, allow_redirects=False, **options
            )
        except aiohttp.ConnectionTimeoutError as exc:
            raise UpstreamTimeout(
                f"provider '{self.name}' did not accept a connection in time",
                code="upstream_connect_timeout",
            ) from exc
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamTimeout(f"provider '{self.name}' timed out") from exc
        except (aiohttp.ClientSSLError, PinMismatch) as exc:
            raise UpstreamError(
                f"provider '{self.name}' failed TLS verification", code="upstream_tls_error"
            ) from exc
        except aiohttp.ClientError as exc:
            raise UpstreamError(
                f"provider '{self.name}' is unreachable", code="upstream_unreachable"
            ) from exc
        if resp.status >= 300:
            raise await self._error(resp)
        return _HttpResponse(resp, self.name)

    async def _error(self, resp: aiohttp.ClientResponse) -> FerrymanError:
        try:
            body = await asyncio.wait_for(resp.content.read(_MAX_ERROR_BODY), timeout=5)
        except (TimeoutError, aiohttp.ClientError):
            body = b""
        finally:
            resp.close()
        if 300 <= resp.status < 400:
            return UpstreamError(f"provider '{self.name}' answered with a redirect")
        return from_status(
            resp.status,
            body,
            provider=self.name,
            retry_after=resp.headers.get("retry-after"),
            secrets=self._keys,
        )


class _RouteScoped(Provider):
    """A provider as one route sees it: the same pool and keys, the route's own timeouts."""

    def __init__(self, inner: HttpProvider, timeouts: TimeoutSettings) -> None:
        super().__init__(inner.name, inner.region)
        self.inner = inner
        self.wire = inner.wire
        self.ops = inner.ops
        self.environments = inner.environments
        self.timeouts = timeouts

    async def send(
        self, op: Op, body: dict[str, Any], *, stream: bool, headers: Mapping[str, str]
    ) -> UpstreamResponse:
        return await self.inner.send(
            op, body, stream=stream, headers=headers, timeouts=self.timeouts
        )
