"""The built-in recognizers, and which types they make active.

One place lists them so that the engine, ``ferryman redact``, the docs and ``config check`` agree
on what is detected. Optional backends (an NER model) join only when installed and configured.
"""

from __future__ import annotations

from functools import cache

from ferryman.detection.engine import Engine
from ferryman.detection.people import people_recognizers
from ferryman.detection.pii import structured_recognizers
from ferryman.detection.recognizer import Recognizer
from ferryman.detection.secrets import secret_recognizers

__all__ = ["default_engine", "default_recognizers"]


def default_recognizers() -> list[Recognizer]:
    """Every built-in recognizer: patterns + validators, lexicons and context; no model needed."""
    return [*secret_recognizers(), *structured_recognizers(), *people_recognizers()]


@cache
def default_engine() -> Engine:
    """The shared engine with every built-in recognizer (built once per process)."""
    return Engine(default_recognizers())
