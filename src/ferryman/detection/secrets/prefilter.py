"""Find where any of many literals occurs, fast.

``re`` searches a pattern that starts with one literal character at C speed (about 2 GB/s here),
but a pattern that starts with an alternation of many first characters is tried at every
position (about 25-50 MB/s). So the literals are grouped by first character, one small pattern
per group (``A(?:KIA|SIA|Iza)``), and the groups are searched one after the other: each pass
is cheap, the sum stays well inside the detection budget.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any

__all__ = ["LiteralIndex", "LiteralScan", "grouped_patterns"]

_AHOCORASICK: ModuleType | None
try:  # optional accelerator (ahocorasick-rs); the regex LiteralIndex is the fallback
    _AHOCORASICK = importlib.import_module("ahocorasick_rs")
except ImportError:
    _AHOCORASICK = None


def grouped_patterns(literals: frozenset[str] | set[str]) -> list[str]:
    """One pattern per first character: ``A(?:KIA|SIA|Iza)`` (compile them at import)."""
    groups: dict[str, list[str]] = {}
    for lit in sorted(literals, key=lambda s: (-len(s), s)):
        groups.setdefault(lit[0], []).append(lit[1:])
    return [
        re.escape(head) + "(?:" + "|".join(map(re.escape, tails)) + ")"
        for head, tails in sorted(groups.items())
    ]


class LiteralIndex:
    """The positions of a fixed set of literals in a text (compiled once, shared)."""

    def __init__(self, patterns: list[re.Pattern[str]]):
        self.patterns: tuple[re.Pattern[str], ...] = tuple(patterns)

    def positions(self, text: str) -> list[tuple[int, str]]:
        """Sorted ``(position, literal)`` of every occurrence (longest literal at a position)."""
        hits: list[tuple[int, str]] = []
        for pattern in self.patterns:
            if pattern.search(text) is not None:  # most groups never occur: skip the iterator
                hits.extend([(m.start(), m.group()) for m in pattern.finditer(text)])
        hits.sort()
        return hits


def _leftmost(hits: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """What :meth:`LiteralIndex.positions` keeps of these ``(start, -length, literal)``
    occurrences: per first character, leftmost non-overlapping, the longest at a position."""
    if len(hits) < 2:
        return [(pos, lit) for pos, _, lit in hits]
    hits.sort()
    ends: dict[str, int] = {}
    kept: list[tuple[int, str]] = []
    for pos, neg_len, lit in hits:
        if pos >= ends.get(lit[0], 0):
            ends[lit[0]] = pos - neg_len
            kept.append((pos, lit))
    return kept


class LiteralScan:
    """Two literal sets found in one Aho-Corasick pass over the lower-cased text.

    ``exact`` literals (key prefixes) are matched case-sensitively: the pass finds their lower
    case, each hit is checked against the text. ``lowered`` literals (assignment trigger words)
    are matched in the lower-cased text. The results equal :class:`LiteralIndex` on the same
    sets, at about a tenth of their cost (31 regex searches per text). The automaton comes
    from the optional ``ahocorasick-rs`` package; without it, or when lower-casing changes the
    length of a text, :meth:`scan` returns None and the callers use their LiteralIndex.
    """

    def __init__(self, exact: frozenset[str] | set[str], lowered: frozenset[str] | set[str]):
        self._automaton: Any = None
        self._entries: tuple[tuple[tuple[bool, str], ...], ...] = ()
        if _AHOCORASICK is None:
            return
        entries: dict[str, list[tuple[bool, str]]] = {}
        for lit in exact:
            entries.setdefault(lit.lower(), []).append((True, lit))
        for lit in lowered:
            entries.setdefault(lit, []).append((False, lit))
        keys = sorted(entries)
        self._entries = tuple(tuple(entries[key]) for key in keys)
        self._automaton = _AHOCORASICK.AhoCorasick(keys)  # standard semantics: all matches

    def scan(self, text: str) -> tuple[list[int], list[tuple[int, str]], str] | None:
        """``(exact positions, (position, lowered literal) hits, lower-cased text)``, or None."""
        if self._automaton is None:
            return None
        lowered = text.lower()
        if len(lowered) != len(text):
            return None
        exact: list[tuple[int, int, str]] = []
        found: list[tuple[int, int, str]] = []
        every = self._entries
        for index, start, end in self._automaton.find_matches_as_indexes(lowered, overlapping=True):
            for is_exact, lit in every[index]:
                if not is_exact:
                    found.append((start, start - end, lit))
                elif text.startswith(lit, start):
                    exact.append((start, start - end, lit))
        return [pos for pos, _ in _leftmost(exact)], _leftmost(found), lowered
