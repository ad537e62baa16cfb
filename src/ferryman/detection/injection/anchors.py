"""Anchored matching: run a feature's regex only where one of its matches can start.

A feature's regex used to be *searched* over a window around each gate word: the engine
tries every alternative at every position of the window, 3-7 µs per search. But every
alternative starts with a word ("ignore …", "your system prompt …", "nouvelles consignes :"),
so the positions where a match can start are the occurrences of those first words.
:func:`first_tokens` reads them off the compiled pattern (every whole first token a match can
begin with); :class:`TokenIndex` finds all of them, for all features, in one Aho-Corasick pass
over the prepared text; the scanner then tries ``pattern.match(text, pos)`` at those positions
only, skipping any inside the previous match — which yields exactly the matches ``finditer``
would (a match can start nowhere else), at a fraction of the cost.

A pattern with an alternative that can start with a non-word character, or whose first token
may run on into an unbounded ``\\w`` tail, has no first-token set (None): it keeps the
windowed search.
"""

from __future__ import annotations

import importlib
import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any

__all__ = ["TokenIndex", "first_tokens"]

_AHOCORASICK: ModuleType | None
try:  # ahocorasick-rs (pinned); a \w+ scan is the fallback
    _AHOCORASICK = importlib.import_module("ahocorasick_rs")
except ImportError:  # pragma: no cover
    _AHOCORASICK = None

_LIMIT = 20000  # give up (None) on a pattern with more first tokens than this
_WORD = re.compile(r"\w+")
_NONWORD_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD}


class _Unanchorable(Exception):
    pass


def _is_word(ch: int) -> bool:
    c = chr(ch)
    return c.isalnum() or c == "_"


def _chars(members: list[tuple[Any, Any]]) -> tuple[set[int], bool]:
    """Characters of a ``[...]`` class, and whether it may also match a non-word character."""
    chars: set[int] = set()
    nonword = False
    for op, av in members:
        if op is C.LITERAL:
            chars.add(av)
        elif op is C.RANGE and av[1] - av[0] <= 64:
            chars.update(range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av in _NONWORD_CATEGORIES:
            nonword = True
        else:  # NEGATE, \w, \d, wide ranges
            raise _Unanchorable
    word = {c for c in chars if _is_word(c)}
    return word, nonword or len(word) < len(chars)


def _expand(items: list[tuple[Any, Any]], acc: str, out: set[str]) -> None:
    """Add every first token a match of ``items`` (after ``acc`` was read) can have."""
    if len(out) > _LIMIT or len(acc) > 40:
        raise _Unanchorable
    if not items:  # the pattern may end inside a word: the token could run on
        raise _Unanchorable
    (op, av), rest = items[0], items[1:]
    if op is C.AT:
        if av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_LINE, C.AT_BEGINNING_STRING):
            if acc:
                if av is not C.AT_BOUNDARY:
                    raise _Unanchorable
                out.add(acc)
            else:
                _expand(rest, acc, out)
            return
        raise _Unanchorable
    if op in (C.ASSERT, C.ASSERT_NOT):  # zero-width: skipping it only widens the set
        _expand(rest, acc, out)
        return
    if op is C.LITERAL:
        if _is_word(av):
            _expand(rest, acc + chr(av), out)
        elif acc:
            out.add(acc)
        else:
            raise _Unanchorable
        return
    if op is C.IN:
        word, nonword = _chars(av)
        if nonword:
            if not acc:
                raise _Unanchorable
            out.add(acc)
        for c in sorted(word):
            _expand(rest, acc + chr(c), out)
        return
    if op is C.CATEGORY and av in _NONWORD_CATEGORIES and acc:
        out.add(acc)
        return
    if op is C.BRANCH:
        for alt in av[1]:
            _expand(list(alt.data) + rest, acc, out)
        return
    if op is C.SUBPATTERN:
        _expand(list(av[3].data) + rest, acc, out)
        return
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, sub = av
        if lo == 0:
            _expand(rest, acc, out)
        if hi > 0:
            again = [] if hi == 1 else [(op, (max(lo - 1, 0), hi - 1, sub))]
            _expand(list(sub.data) + again + rest, acc, out)
        return
    raise _Unanchorable


def first_tokens(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every whole word a match of ``pattern`` can start with, or None if it can start with
    a non-word character or the first word is open-ended."""
    out: set[str] = set()
    try:
        _expand(list(P.parse(pattern.pattern, pattern.flags).data), "", out)
    except (_Unanchorable, RecursionError):
        return None
    return frozenset(out)


_SPACE = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_") and c != " "}
)


class TokenIndex:
    """Whole-word occurrences of a fixed vocabulary, found in one pass.

    The automaton holds every word padded with a space on both sides, and runs over the text
    with each ASCII non-word character turned into a space (``" " + text + " "``): it then
    reports whole words only, overlapping (two adjacent words share a space). A text with
    non-ASCII characters (some of them are not word characters either) is checked word by
    word instead.
    """

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self._keys = tuple(sorted(vocabulary))
        self._automaton: Any = None
        if _AHOCORASICK is not None and self._keys:
            self._automaton = _AHOCORASICK.AhoCorasick([f" {k} " for k in self._keys])

    def positions(self, low: str) -> list[tuple[str, int]]:
        """``(word, position)`` of every whole-word occurrence, in text order."""
        if self._automaton is None or not low.isascii():
            vocab = self.vocabulary
            return [(m.group(), m.start()) for m in _WORD.finditer(low) if m.group() in vocab]
        keys = self._keys
        padded = " " + low.translate(_SPACE) + " "
        found = self._automaton.find_matches_as_indexes(padded, overlapping=True)
        return [(keys[index], start) for index, start, _ in found]
