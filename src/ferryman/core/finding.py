"""Finding: one detected sensitive value, as offsets into the text it was found in.

A finding never carries the value itself: ``text[start:end]`` gives it to whoever holds the text.
That keeps findings safe to log, count and put in audit events (type and position only).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A sensitive span ``[start, end)`` of type ``type`` (an entity name such as ``EMAIL``).

    ``score`` is the recognizer's confidence in [0, 1]; validated matches (checksums, known
    prefixes) score 1.0, context-only guesses lower. ``recognizer`` names who found it.
    """

    start: int
    end: int
    type: str
    score: float = 1.0
    recognizer: str = ""

    def __len__(self) -> int:
        return self.end - self.start

    def shifted(self, offset: int) -> Finding:
        return Finding(
            self.start + offset, self.end + offset, self.type, self.score, self.recognizer
        )
