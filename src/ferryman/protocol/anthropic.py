"""Anthropic Messages request shape, for validation at the listener (see protocol.openai)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

__all__ = ["MessagesRequest"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Message(_Open):
    role: Literal["user", "assistant"]
    content: StrictStr | list[dict[str, Any]]


class MessagesRequest(_Open):
    model: Annotated[StrictStr, Field(min_length=1, max_length=256)]
    messages: Annotated[list[Message], Field(min_length=1)]
    max_tokens: Annotated[StrictInt, Field(ge=1)]
    system: StrictStr | list[dict[str, Any]] | None = None
    stream: StrictBool | None = None
    temperature: Annotated[float, Field(ge=0, le=1)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1)] | None = None
    top_k: Annotated[StrictInt, Field(ge=0)] | None = None
    stop_sequences: list[StrictStr] | None = None
    tools: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None
