"""Provider adapters, one module each; ``build_provider`` picks one by ``kind``."""

from __future__ import annotations

from ferryman.settings.model import ProviderSettings
from ferryman.upstream.keys import KeyAlert
from ferryman.upstream.providers.anthropic import AnthropicProvider
from ferryman.upstream.providers.azure import AzureOpenAIProvider
from ferryman.upstream.providers.base import Op, Provider, UpstreamResponse
from ferryman.upstream.providers.demo import DemoProvider
from ferryman.upstream.providers.openai import OpenAIProvider

__all__ = ["Op", "Provider", "UpstreamResponse", "build_provider"]


def build_provider(
    name: str, settings: ProviderSettings, *, on_key_refused: KeyAlert | None = None
) -> Provider:
    """``on_key_refused`` is told (provider, key position) when a provider refuses one of its
    keys, which then leaves the rotation for ``key_cooldown_s``."""
    provider: Provider
    if settings.kind == "openai":
        provider = OpenAIProvider(name, settings, on_key_refused=on_key_refused)
    elif settings.kind == "azure":
        provider = AzureOpenAIProvider(name, settings, on_key_refused=on_key_refused)
    elif settings.kind == "anthropic":
        provider = AnthropicProvider(name, settings, on_key_refused=on_key_refused)
    else:
        provider = DemoProvider(name, settings.region)
    if settings.environments is not None:
        provider.environments = frozenset(settings.environments)
    return provider
