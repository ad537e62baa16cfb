"""Anthropic's Messages API."""

from __future__ import annotations

from collections.abc import Mapping

from ferryman.core.context import Wire
from ferryman.upstream.providers.base import Op
from ferryman.upstream.providers.http import HttpProvider

__all__ = ["ANTHROPIC_VERSION", "AnthropicProvider"]

ANTHROPIC_VERSION = "2023-06-01"


class AnthropicProvider(HttpProvider):
    wire = Wire.ANTHROPIC
    ops = frozenset({Op.MESSAGES})

    def url(self, op: Op, model: str) -> str:
        return self.base_url + "/v1/messages"

    def auth_headers(self, key: str | None) -> dict[str, str]:
        return {"x-api-key": key} if key else {}

    def extra_headers(self, op: Op, headers: Mapping[str, str]) -> dict[str, str]:
        out = {"anthropic-version": headers.get("anthropic-version") or ANTHROPIC_VERSION}
        if beta := headers.get("anthropic-beta"):
            out["anthropic-beta"] = beta
        return out
