"""The unit of evidence: a feature is a phrase family with a weight and a cheap gate.

Each feature is one compiled regex plus the set of words its match must start from (or
contain). A scan tokenizes the prepared text once into a set of words; a feature whose gate
misses that set is skipped without touching its regex, so a benign text pays for one
tokenizing pass and a handful of set intersections, not for forty regex scans.

``direct`` is the weight when the text comes from the user (or the assistant); ``indirect``
when it comes from a tool result or a document, where some phrasings (an imperative addressed
"to the AI") are innocent in a question but are the signature of an indirect injection.
``kind`` names the damper family that may lower the weight (see :mod:`.score`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ferryman.detection.injection.verdict import Category

__all__ = ["Feature", "Hit", "Kind", "alt", "gate", "prepare", "tokens", "words"]

Kind = Literal["phrase", "delimiter", "role", "corroborator"]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    category: Category
    direct: float
    indirect: float
    gate: frozenset[str]
    pattern: re.Pattern[str]
    kind: Kind = "phrase"


@dataclass(frozen=True, slots=True)
class Hit:
    """One feature matched: its (damped) weight and the span in the scanned text."""

    feature: str
    category: Category
    weight: float
    start: int
    end: int


def alt(words: str) -> str:
    """A regex alternation of whitespace-separated words (``_`` stands for a space)."""
    parts = sorted({w.replace("_", r"\s+") for w in words.split()}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


def gate(*word_lists: str) -> frozenset[str]:
    """The gate words: the first word of every entry (``_`` joins multi-word entries)."""
    out: set[str] = set()
    for words in word_lists:
        for w in words.split():
            first = re.split(r"[^\w]+", w.split("_")[0].replace("'", " ").strip())[0]
            if first:
                out.add(first)
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


_PREP = str.maketrans(_accent_table())
_WORD = re.compile(r"\w+")


def prepare(folded: str) -> str:
    """Lower-case ``folded`` and drop accents and curly quotes, keeping every offset."""
    low = folded.translate(_PREP).lower()
    if len(low) != len(folded):  # a case mapping that grows (rare): fall back per character
        low = "".join(c.lower()[:1] or c for c in folded.translate(_PREP))
    return low.translate(_PREP)


def tokens(low: str) -> frozenset[str]:
    return frozenset(_WORD.findall(low))
