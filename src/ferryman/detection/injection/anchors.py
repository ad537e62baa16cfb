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

:func:`required_words` reads a second set off the same parse: words of which every match holds
at least one (the first tokens of a later part of the pattern that starts at a word boundary,
or the union over a group's alternatives), chosen to be rarer than the feature's own gate. A
feature whose required words are all absent cannot match and is not tried at all — about one
try in eight on the corpus, for one set test per open feature.
"""

from __future__ import annotations

import importlib
import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any, Final

__all__ = ["TokenIndex", "first_tokens"]

_AHOCORASICK: ModuleType | None
try:  # ahocorasick-rs (pinned); a \w+ scan is the fallback
    _AHOCORASICK = importlib.import_module("ahocorasick_rs")
except ImportError:  # pragma: no cover
    _AHOCORASICK = None

_LIMIT = 20000  # give up (None) on a pattern with more first tokens than this
_WORD: Final = re.compile(r"\w+")
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


#: every Latin-1 byte that is not a word character (``\w``) -> a space
_BYTE_SPACE: Final = bytes(b if (chr(b).isalnum() or b == ord("_")) else 0x20 for b in range(256))


class TokenIndex:
    """Whole-word occurrences of a fixed vocabulary, found in one pass.

    The automaton holds every word padded with a space on both sides, and runs over the text
    with each ASCII non-word character turned into a space (``" " + text + " "``): it then
    reports whole words only, overlapping (two adjacent words share a space). The text goes in as
    Latin-1 bytes (one per character, so offsets carry over) with every non-word byte a space;
    a character beyond Latin-1 (no vocabulary word holds one) is a separator too.
    """

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self._keys = tuple(sorted(vocabulary))
        self._automaton: Any = None
        latin1 = all(max(k) < "\u0100" for k in self._keys)
        if _AHOCORASICK is not None and self._keys and latin1:
            self._automaton = _AHOCORASICK.BytesAhoCorasick(
                [f" {k} ".encode("latin-1") for k in self._keys],
                implementation=_AHOCORASICK.Implementation.ContiguousNFA,
            )

    def positions(self, low: str) -> list[tuple[str, int]]:
        """``(word, position)`` of every whole-word occurrence, in text order."""
        if self._automaton is None:
            vocab = self.vocabulary
            return [(m.group(), m.start()) for m in _WORD.finditer(low) if m.group() in vocab]
        keys = self._keys
        # one byte per character: Latin-1, and "?" (a separator) for anything beyond it (the
        # vocabulary is Latin-1); every non-word byte becomes a space, all in C
        padded = b" " + low.encode("latin-1", "replace").translate(_BYTE_SPACE) + b" "
        found = self._automaton.find_matches_as_indexes(padded, overlapping=True)
        return [(keys[index], start) for index, start, _ in found]


# ---- required words: a set of which every match contains at least one, as a whole word

#: frequent words in the six languages: a cover made of them prunes nothing
_COMMON = frozenset(
    "a an the and or of to in on at for with by from is are be you your i me my it this that "
    "le la les l un une des de du et ou a au aux en pour par sur tu te ton ta tes vous votre "
    "je il elle ce que qui der die das den dem des ein eine einen und oder zu in im mit von fur "
    "du dich dein deine ich es ist el los las un una y o del al con por para tu tus te que es "
    "il lo gli le un una e o di da in con per su tu ti tuo tua che de het een en of van te in "
    "met voor op je jij uw ik is dat"
)


def _ends_at_boundary(op: Any, av: Any) -> bool:
    """Whether a match of this item always ends just before a word start (if one follows)."""
    if op is C.AT and av is C.AT_BOUNDARY:
        return True
    if op is C.LITERAL:
        return not _is_word(av)
    if op is C.CATEGORY:
        return av in _NONWORD_CATEGORIES
    if op is C.IN:  # a class of non-word characters only: "\\s", "[\\s,;]"
        try:
            word, _ = _chars(av)
        except _Unanchorable:
            return False
        return not word
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
        sub = list(av[2].data)
        return bool(sub) and _ends_at_boundary(*sub[-1])
    if op is C.SUBPATTERN:
        sub = list(av[3].data)
        return bool(sub) and _ends_at_boundary(*sub[-1])
    if op is C.BRANCH:
        return all(alt.data and _ends_at_boundary(*alt.data[-1]) for alt in av[1])
    return False


def _starts_word(items: list[tuple[Any, Any]], k: int, boundary: bool) -> bool:
    """Whether item ``k`` of a sequence always starts at a word boundary: what precedes it ends
    at one; an optional repeat (``(?:\\w+\\W+){0,3}``) is looked through."""
    while k > 0:
        op, av = items[k - 1]
        if _ends_at_boundary(op, av):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0:
            sub = list(av[2].data)
            if sub and _ends_at_boundary(*sub[-1]):
                k -= 1  # zero iterations: what came before; one or more: a boundary
                continue
        return False
    return boundary


def _cost(words: frozenset[str]) -> int:
    return sum(100 if w in _COMMON or len(w) < 3 else 1 for w in words)


def _covers(items: list[tuple[Any, Any]], boundary: bool) -> list[frozenset[str]]:
    """Candidate covers of a sequence: each is a set one of whose words every match holds."""
    found: list[frozenset[str]] = []
    for k, (op, av) in enumerate(items):
        starts_word = _starts_word(items, k, boundary)
        if op is C.AT and av is C.AT_BOUNDARY:
            starts_word = True
        if starts_word:
            out: set[str] = set()
            try:
                _expand(items[k:], "", out)
            except (_Unanchorable, RecursionError):
                pass
            else:
                if out:
                    found.append(frozenset(out))
        if op is C.SUBPATTERN:
            found.extend(_covers(list(av[3].data), starts_word))
        elif op is C.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                best = _best(_covers(list(alt.data), starts_word))
                if best is None:
                    break
                union |= best
            else:
                found.append(frozenset(union))
    return found


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    return min(candidates, key=_cost, default=None)


def required_words(pattern: re.Pattern[str], gate: frozenset[str]) -> frozenset[str] | None:
    """A set of words every match of ``pattern`` contains at least one of, chosen to be rarer
    than ``gate`` (the feature's own gate words); None when none is found or none prunes more.

    Read off the compiled pattern like :func:`first_tokens`: a word counts only where the
    pattern puts a word boundary before it (``\\b``, whitespace, a non-word character), so
    the word is a whole token of the text.
    """
    try:
        parsed = list(P.parse(pattern.pattern, pattern.flags).data)
        candidates = [c for c in _covers(parsed, False) if not c <= gate]
    except RecursionError:  # pragma: no cover
        return None
    best = _best(candidates)
    if best is None or _cost(best) >= _cost(gate):
        return None
    return best
