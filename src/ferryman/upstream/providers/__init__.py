"""Provider adapters, one module each; ``build_provider`` picks one by ``kind``."""

from __future__ import annotations

from ferryman.settings.model import ProviderSettings
from ferryman.upstream.providers.anthropic import AnthropicProvider
from ferryman.upstream.providers.azure import AzureOpenAIProvider
from ferryman.upstream.providers.base import Op, Provider, UpstreamResponse
from ferryman.upstream.providers.demo import DemoProvider
from ferryman.upstream.providers.openai import OpenAIProvider

__all__ = ["Op", "Provider", "UpstreamResponse", "build_provider"]


def build_provider(name: str, settings: ProviderSettings) -> Provider:
    provider: Provider
    if settings.kind == "openai":
        provider = OpenAIProvider(name, settings)
    elif settings.kind == "azure":
        provider = AzureOpenAIProvider(name, settings)
    elif settings.kind == "anthropic":
        provider = AnthropicProvider(name, settings)
    else:
        provider = DemoProvider(name, settings.region)
    if settings.environments is not None:
        provider.environments = frozenset(settings.environments)
    return provider
