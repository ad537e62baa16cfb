"""The unit of evidence: a feature is a phrase family with a weight and a cheap gate.

Each feature is one compiled regex plus the set of words its match must start from (or
contain). A scan finds the words of its vocabulary once (one Aho-Corasick pass, see
:mod:`.anchors`); a feature whose gate misses that set is skipped without touching its regex,
so a benign text pays for one pass and a handful of set intersections, not for eighty regex
scans. :func:`prepare` lower-cases and folds accents keeping every offset: one
``bytes.translate`` for Latin-1 text, a per-character table otherwise.

``direct`` is the weight when the text comes from the user (or the assistant); ``indirect``
when it comes from a tool result or a document, where some phrasings (an imperative addressed
"to the AI") are innocent in a question but are the signature of an indirect injection.
``kind`` names the damper family that may lower the weight (see :mod:`.score`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final, Literal

from ferryman.detection.injection.verdict import Category

__all__ = ["Feature", "Hit", "Kind", "alt", "gate", "prepare", "tokens", "windows", "words"]

Kind = Literal["phrase", "delimiter", "role", "corroborator", "disclosure"]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    category: Category
    direct: float
    indirect: float
    gate: frozenset[str]
    pattern: re.Pattern[str]
    kind: Kind = "phrase"
    #: how far before / after a gate word a match may start / reach (the search window)
    back: int = 60
    ahead: int = 220


class Hit:
    """One feature matched: its (damped) weight and the span in the scanned text.

    A plain slotted class rather than a frozen dataclass or a named tuple: a scan makes a few
    per text, and compiled (setup.py) it is a native class, built without the interpreter.
    """

    __slots__ = ("category", "end", "feature", "start", "weight")

    def __init__(
        self, feature: str, category: Category, weight: float, start: int, end: int
    ) -> None:
        self.feature = feature
        self.category = category
        self.weight = weight
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Hit({self.feature!r}, {self.category!r}, {self.weight}, {self.start}, {self.end})"


def alt(words: str) -> str:
    """A regex alternation of whitespace-separated words (``_`` stands for a space).

    Built as a trie (``ign(?:ore|oring)``) rather than a flat list: a flat alternation of
    fifty verbs tries fifty branches at every position, the trie fails after a character or
    two, which is most of what keeps a scan under 0.2 ms per KB.
    """
    trie: dict[str, Any] = {}
    for w in set(words.split()):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    end = "" in node
    branches = [
        (r"\s+" if ch == "_" else re.escape(ch)) + _trie_regex(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?"
    return body


def gate(*word_lists: str) -> frozenset[str]:
    """The gate words: the longest word of every entry (``_`` joins multi-word entries)."""
    out: set[str] = set()
    for words in word_lists:
        for entry in words.split():
            parts = [p for p in re.split(r"[^\w]+", entry.replace("_", " ")) if p]
            if parts:  # the longest word of a phrase: the rarest, so the gate stays shut
                out.add(max(parts, key=len))
    return frozenset(out)


def words(text: str) -> frozenset[str]:
    """A gate of literal tokens (``im_start`` stays one token, unlike :func:`gate`)."""
    return frozenset(text.split())


def _accent_table() -> dict[int, str]:
    table: dict[int, str] = {0x130: "I", 0x2018: "'", 0x2019: "'", 0x201B: "'", 0x2032: "'"}
    for ch in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033":
        table[ord(ch)] = '"'
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))
        if len(base) > 1 and base[0].isascii() and base[0].isalpha():
            table[cp] = base[0]
    return table


_PREP: Final = str.maketrans(_accent_table())
_WORD: Final = re.compile(r"\w+")
_BEYOND_LATIN1: Final = re.compile(r"[^\x00-\xff]+")


def _prepare_slow(folded: str) -> str:
    low = folded.translate(_PREP).lower()
    if len(low) != len(folded):  # a case mapping that grows (rare): fall back per character
        low = "".join(c.lower()[:1] or c for c in folded.translate(_PREP))
    return low if low.isascii() else low.translate(_PREP)


#: :func:`_prepare_slow` of every Latin-1 character, as a byte table: most European text is
#: Latin-1, and ``bytes.translate`` does it in one C pass instead of a dict lookup per character
_LATIN1: Final = bytes(ord(_prepare_slow(chr(b))) for b in range(256))


def prepare(folded: str) -> str:
    """Lower-case ``folded`` and drop accents and curly quotes, keeping every offset."""
    if folded.isascii():
        return folded.lower()
    try:
        raw = folded.encode("latin-1")
    except UnicodeEncodeError:
        return _prepare_mixed(folded)
    return raw.translate(_LATIN1).decode("latin-1")


def _prepare_mixed(folded: str) -> str:
    """:func:`prepare` of a text with characters beyond Latin-1 (curly quotes, emoji, other
    scripts): its Latin-1 stretches through the byte table, only the others through the
    per-character dictionary (``str.translate`` with a dict costs ~40 ns a character: ~170 µs
    for a 4 KB prompt that holds one curly apostrophe)."""
    parts: list[str] = []
    pos = 0
    for run in _BEYOND_LATIN1.finditer(folded):
        if run.start() > pos:
            part = folded[pos : run.start()].encode("latin-1")
            parts.append(part.translate(_LATIN1).decode("latin-1"))
        parts.append(_prepare_slow(run.group()))
        pos = run.end()
    if pos < len(folded):
        parts.append(folded[pos:].encode("latin-1").translate(_LATIN1).decode("latin-1"))
    return "".join(parts)


def tokens(low: str) -> frozenset[str]:
    return frozenset(_WORD.findall(low))


MAX_WINDOWS: Final = 24


def windows(low: str, present: list[str], back: int, ahead: int) -> list[tuple[int, int]]:
    """Merged search windows around every whole-word occurrence of the ``present`` gate words.

    A feature's regex runs only inside these windows: the cost follows the number of gate-word
    occurrences, not the length of the text.
    """
    n = len(low)
    starts: list[int] = []
    for w in present:
        i = low.find(w)
        while i != -1 and len(starts) < MAX_WINDOWS * 4:
            j = i + len(w)
            if (i == 0 or not low[i - 1].isalnum()) and (j >= n or not low[j].isalnum()):
                starts.append(i)
            i = low.find(w, j)
    starts.sort()
    out: list[tuple[int, int]] = []
    for i in starts:
        lo, hi = max(0, i - back), min(n, i + ahead)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out[:MAX_WINDOWS]
