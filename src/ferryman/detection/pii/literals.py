"""One lower-cased copy and one Aho-Corasick pass per text, shared by the cue-led recognizers.

E-mail "at" markers, birth-date context stems and phone words all start from literals in the
lower-cased text. Each pass over a 4 KB text costs ~9 µs and each ``lower()`` ~4 µs; the
recognizers run one after another on the same folded text, so the copy and one automaton over
every registered group are made once and kept for the last text of each thread.

A module registers its group at import (:func:`register`); the automaton is (re)built on the
first scan after a registration.
"""

from __future__ import annotations

import re
import threading

from ahocorasick_rs import AhoCorasick

__all__ = ["forget", "hits", "lowered", "register"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_groups: dict[str, tuple[str, ...]] = {}
_lock = threading.Lock()


class _Automaton:
    """The literals of every group, and for each pattern the (group, index) pairs it serves."""

    __slots__ = ("owners", "scan")

    def __init__(self, groups: dict[str, tuple[str, ...]]):
        owners: dict[str, list[tuple[str, int]]] = {}
        for name, literals in groups.items():
            for index, literal in enumerate(literals):
                owners.setdefault(literal, []).append((name, index))
        patterns = sorted(owners)
        self.scan = AhoCorasick(patterns)
        self.owners: tuple[tuple[tuple[str, int], ...], ...] = tuple(
            tuple(owners[p]) for p in patterns
        )


_automaton: _Automaton | None = None
_last = threading.local()


def register(name: str, literals: tuple[str, ...]) -> None:
    """Add (or replace) a group of lower-case literals, found from then on by :func:`hits`."""
    global _automaton
    with _lock:
        _groups[name] = literals
        _automaton = None


def lowered(text: str) -> str:
    """``text.lower()``, made once per text (per thread)."""
    if getattr(_last, "text", None) is not text:
        _remember(text)
    low: str = _last.lower
    return low


def hits(text: str, group: str) -> list[tuple[int, int]]:
    """``(literal index, start)`` of every occurrence of the group's literals in the
    lower-cased text (overlapping, in order of their end), or [] when lower-casing changed the
    text's length (offsets would not be the text's: callers then scan it their own way)."""
    if getattr(_last, "text", None) is not text:
        _remember(text)
    found: dict[str, list[tuple[int, int]]] | None = _last.hits
    if found is None:
        found = _last.hits = _scan(_last.lower) if len(_last.lower) == len(text) else {}
    return found.get(group, [])


def forget() -> None:
    """Drop this thread's kept text and its copies (see :func:`.classes.forget`)."""
    _last.text = None
    _last.lower = ""
    _last.hits = None


def _remember(text: str) -> None:
    _last.text = text
    _last.lower = text.lower()
    _last.hits = None


def _scan(lower: str) -> dict[str, list[tuple[int, int]]]:
    global _automaton
    automaton = _automaton
    if automaton is None:
        with _lock:
            automaton = _automaton = _Automaton(dict(_groups))
    found: dict[str, list[tuple[int, int]]] = {}
    owners = automaton.owners
    try:
        matches = automaton.scan.find_matches_as_indexes(lower, overlapping=True)
    except UnicodeEncodeError:  # lone surrogates (a library caller's raw text): same length
        matches = automaton.scan.find_matches_as_indexes(
            _SURROGATE.sub("\ufffd", lower), overlapping=True
        )
    for pattern, start, _ in matches:
        for group, index in owners[pattern]:
            found.setdefault(group, []).append((index, start))
    return found
