"""The detection engine: fold the text, run every recognizer, resolve overlaps, map back.

Overlapping findings are merged into one span (the union), typed after the strongest member
(higher score, then longer). Merging rather than picking a winner is the leak-safe choice: a
redaction never leaves the tail of a value because a shorter, surer finding won the overlap.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from ferryman.core.finding import Finding
from ferryman.detection.normalize import fold
from ferryman.detection.pii import release_text
from ferryman.detection.recognizer import Recognizer

__all__ = ["Engine", "resolve"]

_CACHE_CHARS = 16 * 1024 * 1024  # bound on the text the cache holds (plus findings)
_WARM_UP = (
    "Dear Ms Anna Example, 12 Sample Street, Springfield, IL 62704; anna@example.com, "
    "+1 415 555 0134, IBAN DE89 3704 0044 0532 0130 00, born on 1980-01-02, api_key: x. "
    "Bonjour Jean, 5 rue de la Paix, 75002 Paris. Hauptstra\u00dfe 5, 10115 Berlin."
)


def resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted, non-overlapping findings: overlapping ones merged, typed after the strongest."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in ordered:
        if f.end <= f.start:
            continue
        if out and f.start < out[-1].end:
            last = out[-1]
            best = f if (f.score, len(f)) > (last.score, len(last)) else last
            out[-1] = Finding(
                last.start, max(last.end, f.end), best.type, best.score, best.recognizer
            )
        else:
            out.append(f)
    return out


class Engine:
    """Runs a fixed set of recognizers; safe to share.

    ``cache_size`` > 0 keeps the findings of recent texts (LRU, texts of 64 characters to 64 KB):
    chat clients resend the system prompt and the whole history on every turn, so most of a
    request's text was inspected before. The cache lives in the process memory that already holds
    the requests; it is off for library use, so batch throughput figures measure the detectors.
    """

    def __init__(
        self,
        recognizers: Sequence[Recognizer],
        types: Iterable[str] | None = None,
        *,
        cache_size: int = 0,
    ):
        self.recognizers: tuple[Recognizer, ...] = tuple(recognizers)
        available = frozenset().union(*(r.types for r in self.recognizers))
        self.types: frozenset[str] = available if types is None else available & set(types)
        self._filter = self.types != available
        self._cache_size = cache_size
        self._cache: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        self._cached_chars = 0
        self._lock = threading.Lock()  # large prompts are inspected in worker threads

    def detect(self, text: str) -> list[Finding]:
        """Findings in ``text``, in its own offsets, sorted and non-overlapping."""
        if not text:
            return []
        if self._cache_size and 64 <= len(text) <= 65536:
            with self._lock:
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    return list(hit)
            found = self._detect(text)
            with self._lock:
                if text not in self._cache:
                    self._cache[text] = tuple(found)
                    self._cached_chars += len(text)
                while len(self._cache) > self._cache_size or self._cached_chars > _CACHE_CHARS:
                    old, _ = self._cache.popitem(last=False)
                    self._cached_chars -= len(old)
            return found
        return self._detect(text)

    def warm_up(self) -> None:
        """Load what recognizers load lazily (lexicons) now, not on the first request's clock
        (and before the server freezes the startup objects out of the garbage collector)."""
        self._detect(_WARM_UP)

    def _detect(self, text: str) -> list[Finding]:
        folded = fold(text)
        found: list[Finding] = []
        try:
            for recognizer in self.recognizers:
                found.extend(recognizer.find(folded.text))
        finally:
            release_text()  # the shared passes keep no prompt once it is inspected
        if self._filter:
            found = [f for f in found if f.type in self.types]
        resolved = resolve(found)
        if not folded.changed:
            return resolved
        out = []
        for f in resolved:
            start, end = folded.span(f.start, f.end)
            out.append(Finding(start, end, f.type, f.score, f.recognizer))
        return out
