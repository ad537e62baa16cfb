"""Azure OpenAI: deployments in the URL, ``api-version`` in the query, ``api-key`` header."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import quote

from ferryman.core.context import Wire
from ferryman.upstream.providers.base import Op
from ferryman.upstream.providers.http import HttpProvider

__all__ = ["AzureOpenAIProvider"]


class AzureOpenAIProvider(HttpProvider):
    """``models.<alias>.model`` names the Azure *deployment*."""

    wire = Wire.OPENAI
    ops = frozenset({Op.CHAT, Op.EMBEDDINGS})
    _paths: ClassVar[dict[Op, str]] = {Op.CHAT: "chat/completions", Op.EMBEDDINGS: "embeddings"}

    def url(self, op: Op, model: str) -> str:
        version = quote(self.settings.api_version or "", safe="")
        deployment = quote(model, safe="")
        path = f"/openai/deployments/{deployment}/{self._paths[op]}"
        return f"{self.base_url}{path}?api-version={version}"

    def auth_headers(self, key: str | None) -> dict[str, str]:
        return {"api-key": key} if key else {}
