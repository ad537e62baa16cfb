"""The recognizer interface: what every detector implements.

A recognizer is data plus a validator: patterns compiled once at import, context words, and a
``validate`` step (checksum, known prefix, lexicon) that decides. It receives the *folded* text
(see :mod:`ferryman.detection.normalize`) and returns findings in that text's offsets; the engine
maps them back to the caller's text. Recognizers are pure: no I/O, no state between calls, safe
to share between requests and threads.

To add one (a detector of your own, or an optional NER backend), subclass :class:`Recognizer`,
list the entity types it can emit in ``types``, and pass it to
:class:`~ferryman.detection.engine.Engine`
(or register it in :mod:`ferryman.detection.registry`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import ClassVar

from ferryman.core.finding import Finding

__all__ = ["Recognizer"]


class Recognizer(ABC):
    #: a short, stable name (shown in ``ferryman redact --json`` and the docs)
    name: ClassVar[str] = "recognizer"
    #: every entity type this recognizer may emit (see ferryman.detection.entities)
    types: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def find(self, text: str) -> Iterable[Finding]:
        """Findings in ``text`` (already folded), in its offsets."""
