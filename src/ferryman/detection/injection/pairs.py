"""Second words: which whole word may come right after a feature's first word in a match.

:mod:`.anchors` tries a feature's regex only where one of its first words occurs; but the
commonest first words ("the", "de", "a", "you") occur everywhere, and nine tries in ten at
them fail a word later ("the user", "de gebruiker", "you are now"). :func:`second_tokens`
reads, off the same parse as :func:`.anchors.first_tokens`, every whole word that may follow
each first word when the pattern puts only non-word characters between the two (spaces,
punctuation, an apostrophe). The token pass reports those words too, so the scanner checks
the *next reported word* against that set before calling the regex: if the text's next word
is not in the set it is either absent from the vocabulary (so not in the set) or reported
right there, and the match is impossible. A first word the pattern may follow with anything
else (a ``[^.!?]{0,40}`` gap, ``(?:\\w+\\W+){0,3}``, the end of the match) maps to None: no
second-word gate for it.

The check only ever skips a try that cannot match, so a scan finds exactly what it found
without it (``tests/detection/injection/test_pairs.py`` holds every feature to that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

# the character-class reader and word test of .anchors: the same reading of the same parse
from ferryman.detection.injection.anchors import _chars as _class_chars
from ferryman.detection.injection.anchors import _is_word, _Unanchorable

__all__ = ["second_tokens"]

_BUDGET = 400_000  # expansion steps per pattern; past it the pattern gets no second-word gate
_NONWORD_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD}
_ZERO_WIDTH_START = (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_LINE, C.AT_BEGINNING_STRING)

Items = list[tuple[Any, Any]]
Pairs = dict[str, set[str] | None]
Step = Callable[[Items], None]


class _GiveUp(Exception):
    """The pattern is too irregular (or too large) to read second words off."""


def _chars(members: list[tuple[Any, Any]]) -> tuple[set[int], bool] | None:
    """Word characters of a ``[...]`` class and whether it also matches a non-word one; None
    for a class too wide to list (a negation, ``\\w``, ``\\d``, a wide range)."""
    try:
        return _class_chars(members)
    except _Unanchorable:
        return None


def _nonword_only(items: Items) -> bool:
    """Whether every character ``items`` can match is a non-word character."""
    for op, av in items:
        if op is C.LITERAL:
            if _is_word(av):
                return False
        elif op is C.IN:
            got = _chars(av)
            if got is None or got[0]:
                return False
        elif op is C.CATEGORY:
            if av not in _NONWORD_CATEGORIES:
                return False
        elif op is C.SUBPATTERN:
            if not _nonword_only(list(av[3].data)):
                return False
        elif op is C.BRANCH:
            if not all(_nonword_only(list(alt.data)) for alt in av[1]):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            if not _nonword_only(list(av[2].data)):
                return False
        elif op not in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return False
    return True


def _unfold(op: Any, av: Any, rest: Items, step: Step) -> bool:
    """Continue through structure, in whatever state ``step`` walks: a look-around (zero-width:
    skipped, which only widens what is read), each alternative of a group, a repeat one
    iteration at a time. False for an item that reads characters."""
    if op in (C.ASSERT, C.ASSERT_NOT):
        step(rest)
    elif op is C.BRANCH:
        for alt in av[1]:
            step(list(alt.data) + rest)
    elif op is C.SUBPATTERN:
        step(list(av[3].data) + rest)
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, sub = av
        if lo == 0:
            step(rest)
        if hi > 0:
            again = [] if hi == 1 else [(op, (max(lo - 1, 0), hi - 1, sub))]
            step(list(sub.data) + again + rest)
    else:
        return False
    return True


class _Walk:
    """One pattern's walk: first word, then the gap, then the second word."""

    def __init__(self) -> None:
        self.out: Pairs = {}
        self.steps = 0

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > _BUDGET:
            raise _GiveUp

    def _end(self, first: str, second: str | None) -> None:
        if second is None:
            self.out[first] = None
            return
        got = self.out.setdefault(first, set())
        if got is not None:
            got.add(second)

    def first(self, items: Items, acc: str) -> None:
        """Reading the first word (``acc`` so far)."""
        self._tick()
        if not items or len(acc) > 40:
            raise _GiveUp  # an open-ended first word: not anchorable anyway
        (op, av), rest = items[0], items[1:]
        if op is C.AT:
            if av not in _ZERO_WIDTH_START:
                raise _GiveUp
            if acc:
                if av is not C.AT_BOUNDARY:
                    raise _GiveUp
                self.gap(rest, acc)
            else:
                self.first(rest, acc)
        elif op is C.LITERAL:
            if _is_word(av):
                self.first(rest, acc + chr(av))
            elif acc:
                self.gap(rest, acc)
            else:
                raise _GiveUp
        elif op is C.IN:
            got = _chars(av)
            if got is None:
                raise _GiveUp
            word, nonword = got
            if nonword:
                if not acc:
                    raise _GiveUp
                self.gap(rest, acc)
            for c in sorted(word):
                self.first(rest, acc + chr(c))
        elif op is C.CATEGORY and av in _NONWORD_CATEGORIES and acc:
            self.gap(rest, acc)
        elif not _unfold(op, av, rest, lambda items: self.first(items, acc)):
            raise _GiveUp

    def gap(self, items: Items, first: str) -> None:
        """Between the words: only non-word characters may be read here."""
        self._tick()
        if self.out.get(first, ()) is None:
            return  # already ungated: nothing to learn
        if not items:
            self._end(first, None)  # the match may end after the first word
            return
        (op, av), rest = items[0], items[1:]
        if op is C.AT:
            if av is C.AT_BOUNDARY:
                self.gap(rest, first)
            else:
                self._end(first, None)
        elif op is C.LITERAL:
            if _is_word(av):
                self.second(rest, first, chr(av))
            else:
                self.gap(rest, first)
        elif op is C.IN:
            got = _chars(av)
            if got is None:
                self._end(first, None)
                return
            word, nonword = got
            if nonword:
                self.gap(rest, first)
            for c in sorted(word):
                self.second(rest, first, chr(c))
        elif op is C.CATEGORY and av in _NONWORD_CATEGORIES:
            self.gap(rest, first)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and _nonword_only(list(av[2].data)):
            self.gap(rest, first)  # the gap takes any number of them
        elif not _unfold(op, av, rest, lambda items: self.gap(items, first)):
            self._end(first, None)

    def second(self, items: Items, first: str, acc: str) -> None:
        """Reading the second word (``acc`` so far)."""
        self._tick()
        if self.out.get(first, ()) is None:
            return
        if not items or len(acc) > 40:
            self._end(first, None)  # the match may end inside the word: it could run on
            return
        (op, av), rest = items[0], items[1:]
        if op is C.AT:
            self._end(first, acc if av is C.AT_BOUNDARY else None)
        elif op is C.LITERAL:
            if _is_word(av):
                self.second(rest, first, acc + chr(av))
            else:
                self._end(first, acc)
        elif op is C.IN:
            got = _chars(av)
            if got is None:
                self._end(first, None)
                return
            word, nonword = got
            if nonword:
                self._end(first, acc)
            for c in sorted(word):
                self.second(rest, first, acc + chr(c))
        elif op is C.CATEGORY and av in _NONWORD_CATEGORIES:
            self._end(first, acc)
        elif not _unfold(op, av, rest, lambda items: self.second(items, first, acc)):
            self._end(first, None)


def second_tokens(pattern: re.Pattern[str]) -> dict[str, frozenset[str] | None] | None:
    """First word -> the whole words that may directly follow it in a match (None: any word
    may), or None when the pattern cannot be read this way."""
    walk = _Walk()
    try:
        walk.first(list(P.parse(pattern.pattern, pattern.flags).data), "")
    except (_GiveUp, RecursionError):
        return None
    return {w: (None if s is None else frozenset(s)) for w, s in walk.out.items()}
