"""The provider adapter contract.

An adapter speaks one wire format (OpenAI's or Anthropic's) to one provider. It holds that
provider's secrets and is the only code that puts them on the wire. ``send`` returns only for a 2xx
answer; anything else is raised as a :class:`~ferryman.errors.FerrymanError` by the adapter that
met it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping
from enum import StrEnum
from typing import Any

from ferryman.core.context import Wire
from ferryman.core.reply import StreamEvent
from ferryman.settings.model import TimeoutSettings

__all__ = ["Op", "Provider", "UpstreamResponse"]


class Op(StrEnum):
    """What an adapter is asked to do, in its own wire format."""

    CHAT = "chat"  # OpenAI chat/completions
    EMBEDDINGS = "embeddings"  # OpenAI embeddings
    MESSAGES = "messages"  # Anthropic messages


class UpstreamResponse(ABC):
    """A 2xx answer whose body has not been read yet."""

    status: int = 200

    @abstractmethod
    async def read(self) -> bytes:
        """The whole body (non-streamed requests)."""

    @abstractmethod
    def events(self) -> AsyncIterator[StreamEvent]:
        """The SSE events as they arrive (streamed requests). Closing the iterator early closes
        the upstream connection, which cancels the provider's work."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connection."""


class Provider(ABC):
    """One configured provider."""

    wire: Wire
    ops: frozenset[Op]
    is_demo: bool = False

    def __init__(self, name: str, region: str | None) -> None:
        self.name = name
        self.region = region
        self.environments: frozenset[str] | None = None  # None: open to every environment

    async def start(self) -> None:  # noqa: B027 - optional hook, most providers need it
        """Open pools; called once the event loop runs."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Close pools; called at shutdown or after a reload once in-flight requests are done."""

    def scoped(self, timeouts: TimeoutSettings) -> Provider:
        """This provider with a route's own timeouts (a provider without timeouts: itself)."""
        return self

    @abstractmethod
    async def send(
        self, op: Op, body: dict[str, Any], *, stream: bool, headers: Mapping[str, str]
    ) -> UpstreamResponse:
        """POST ``body`` for ``op``; ``headers`` are the few caller headers allowed through
        (e.g. ``anthropic-version``), never credentials."""
