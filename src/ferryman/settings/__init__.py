"""Typed configuration: the models (``model``) and the YAML loader (``loader``)."""

from ferryman.settings.loader import load_settings, parse_settings
from ferryman.settings.model import ModelRoute, ProviderSettings, ServerSettings, Settings

__all__ = [
    "ModelRoute",
    "ProviderSettings",
    "ServerSettings",
    "Settings",
    "load_settings",
    "parse_settings",
]
