"""Detection: recognizers find sensitive values (offsets and types, never the values)."""

from __future__ import annotations

from ferryman.core.finding import Finding
from ferryman.detection.engine import Engine
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.registry import default_engine, default_recognizers

__all__ = ["Engine", "Finding", "Recognizer", "default_engine", "default_recognizers"]
