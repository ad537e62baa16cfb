"""Context windows: the words around a candidate that decide whether a weak match is real.

A nine-digit number is a BSN only when the text says so ("BSN", "burgerservicenummer"); a date
is a date of birth only after "born on" or "Geburtsdatum". The window is the candidate's own line
(labels sit on the same line as their value in forms, logs and prose), or the previous line when
the value starts a line of its own (``Phone:\\n0115 496 0113``).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ferryman.detection.pii.literals import hits, lowered

__all__ = ["TextScan", "after", "after_end", "before", "before_start", "in_code", "near"]

BEFORE = 48
AFTER = 32
# The head of an IBAN-like code ("DE96 5551 ", "NL40 HHIS "): digits after it belong to it.
_CODE_HEAD = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ \t.\-]?[A-Za-z0-9])*[ \t.\-]*$")


def before_start(text: str, start: int, width: int = BEFORE) -> int:
    """Where :func:`before`'s window starts: ``before(text, start) == text[i:start]``."""
    lo = max(0, start - width)
    nl = text.rfind("\n", lo, start)
    if nl == -1:
        return lo
    if not text[nl + 1 : start].isspace() and nl + 1 < start:
        return nl + 1
    prev = text.rfind("\n", max(0, nl - width), nl)
    return prev + 1 if prev != -1 else max(0, nl - width)


def after_end(text: str, end: int, width: int = AFTER) -> int:
    """Where :func:`after`'s window ends: ``after(text, end) == text[end:i]``."""
    hi = min(len(text), end + width)
    nl = text.find("\n", end, hi)
    return hi if nl == -1 else nl


def before(text: str, start: int, width: int = BEFORE) -> str:
    """Up to ``width`` characters before ``start`` on the same line (or the previous one)."""
    return text[before_start(text, start, width) : start]


def after(text: str, end: int, width: int = AFTER) -> str:
    """Up to ``width`` characters after ``end`` on the same line."""
    return text[end : after_end(text, end, width)]


class TextScan:
    """One text and what several scans share: its lower-cased copy, computed once."""

    __slots__ = ("_literals", "lower", "size", "text")

    def __init__(self, text: str, lower: str | None = None):
        self.text = text
        self.size = len(text)
        low = lowered(text) if lower is None else lower
        # A case mapping that changes lengths would shift offsets: lower windows one by one then.
        self.lower = low if len(low) == len(text) else ""
        self._literals: dict[str, list[int]] = {}

    def near_literal(self, group: str, start: int, end: int) -> bool:
        """Whether a literal of ``group`` (:mod:`.literals`) starts in the context windows
        of ``[start, end)`` (before and after it, as :func:`before` and :func:`after` cut
        them); True when lower-casing changed the text's length (no gate then)."""
        if not self.lower:
            return True
        positions = self._literals.get(group)
        if positions is None:
            positions = self._literals[group] = sorted(p for _, p in hits(self.text, group))
        lo, hi = before_start(self.text, start), after_end(self.text, end)
        i = bisect_left(positions, lo)
        if i < len(positions) and positions[i] < start:
            return True
        i = bisect_left(positions, end, i)
        return i < len(positions) and positions[i] < hi

    def lowered(self, start: int, end: int) -> str:
        """``text[start:end].lower()``, sliced from the shared copy when offsets agree."""
        if self.lower:
            return self.lower[start:end]
        return self.text[start:end].lower()


def near(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether ``pattern`` (lower-case, compiled by the caller) matches around ``[start, end)``."""
    return (
        pattern.search(before(text, start).lower()) is not None
        or pattern.search(after(text, end).lower()) is not None
    )


def in_code(text: str, start: int) -> bool:
    """Whether the value at ``start`` continues an IBAN-like code (a bad-checksum IBAN's tail)."""
    return _CODE_HEAD.search(text, max(0, start - 40), start) is not None
