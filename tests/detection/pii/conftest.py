"""Shared helper: run one recognizer through the engine (fold, merge, map back)."""

from __future__ import annotations

from ferryman.detection.engine import Engine
from ferryman.detection.recognizer import Recognizer


def found(recognizer: Recognizer, text: str) -> list[tuple[str, str]]:
    """(surface, type) of every finding, so a table reads as text rather than offsets."""
    return [(text[f.start : f.end], f.type) for f in Engine([recognizer]).detect(text)]
