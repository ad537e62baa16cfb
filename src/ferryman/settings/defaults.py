"""The built-in configuration used when neither ``--config`` nor ``$FERRYMAN_CONFIG`` is given.

It is the same as ``config/ferryman.example.yaml``: the demo provider always, and OpenAI /
Anthropic as soon as ``OPENAI_API_KEY`` / ``ANTHROPIC_API_KEY`` are set (optional providers).
"""

from __future__ import annotations

from importlib.resources import files

DEFAULT_CONFIG: str = (files("ferryman") / "config" / "ferryman.example.yaml").read_text("utf-8")
