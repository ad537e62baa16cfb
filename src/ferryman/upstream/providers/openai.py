"""OpenAI and every OpenAI-compatible API (Mistral, Groq, vLLM, Ollama, LM Studio, ...)."""

from __future__ import annotations

from typing import ClassVar

from ferryman.core.context import Wire
from ferryman.upstream.providers.base import Op
from ferryman.upstream.providers.http import HttpProvider

__all__ = ["OpenAIProvider"]


class OpenAIProvider(HttpProvider):
    wire = Wire.OPENAI
    ops = frozenset({Op.CHAT, Op.EMBEDDINGS})
    _paths: ClassVar[dict[Op, str]] = {Op.CHAT: "/chat/completions", Op.EMBEDDINGS: "/embeddings"}

    def url(self, op: Op, model: str) -> str:
        return self.base_url + self._paths[op]

    def auth_headers(self, key: str | None) -> dict[str, str]:
        return {"authorization": f"Bearer {key}"} if key else {}
