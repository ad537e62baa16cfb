"""Context cues around a capitalized run: is it introduced or followed like a person's name?

Why string slicing and set lookups instead of a cue regex over the whole text: an alternation of
hundreds of cue phrases runs at a few MB/s in Python's engine, while the scanner already stops at
every capitalized run; looking back at the one to three words before it (or at the previous
line for a signature) costs a few microseconds per candidate and keeps the recognizer above its
throughput budget.
"""

from __future__ import annotations

import re

from ferryman.detection.people.vocab import (
    GREETINGS,
    INTRODUCTIONS,
    LABELS,
    RELATIONS,
    SIGN_OFFS,
    TITLES,
)

__all__ = ["cue_after", "cue_before", "is_title"]

_BEFORE_WORDS = GREETINGS | INTRODUCTIONS | RELATIONS
#: the last word of every cue phrase: a text whose last word is none of them needs no phrase look-up
_LAST_WORDS = frozenset(p.split()[-1] for p in _BEFORE_WORDS)
_CONJUNCTIONS = frozenset({"and", "und", "et", "y", "e", "en", "&"})
_PARTY_INTROS = ("between", "entered into", "zwischen", "entre", " tra ", "tussen", "by and")

# ", born on", " (born", ", née le", " <jane@...>", ", geboren am", ", nacido el", ", nato il"
_AFTER = re.compile(
    r"(?:,?[ \t]*\(?(?:born|n[ée]e?|geb(?:oren|\.)|nacid[oa]|nat[oa]|geboren|nascid[oa])\b"
    r"|[ \t]*<[^<>@\s]{1,64}@)",
    re.IGNORECASE,
)
_LABEL_SPLIT = re.compile(r"[|;\t]| {2,}")


def is_title(word: str) -> bool:
    """True for an honorific ("Dr.", "Mme", "Herr", "Dott.ssa"), case-insensitive."""
    return word.lower().rstrip(".") in TITLES


def _signoff_line(text: str, line_start: int) -> bool:
    if line_start < 2:
        return False
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    line = text[prev_start : line_start - 1].strip().rstrip(",.!;:").strip().lower()
    return line in SIGN_OFFS


def _label(before: str) -> bool:
    label = _LABEL_SPLIT.split(before[:-1])[-1].strip().lower()
    if label in LABELS:
        return True
    words = label.split()
    return len(words) > 1 and (" ".join(words[-2:]) in LABELS or words[-1] in LABELS)


def cue_before(text: str, start: int) -> bool:
    """True when the text right before ``start`` announces a name (greeting, label, sign-off...)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 48) : start].rstrip(" \t\"'“«(")
    if not before:
        return _signoff_line(text, line_start)
    if before[-1] in ":=":
        return _label(before)
    low = before.lower().replace(",", " ")
    last = low.rsplit(None, 1)
    if not last:
        return False
    if last[-1] not in _LAST_WORDS:  # no phrase ends with this word: no split of the rest
        return is_title(last[-1]) or (
            last[-1] in _CONJUNCTIONS and _parties(text, line_start, start)
        )
    words = low.split()
    for k in (3, 2, 1):
        if len(words) >= k and " ".join(words[-k:]) in _BEFORE_WORDS:
            return True
    if is_title(words[-1]):
        return True
    return words[-1] in _CONJUNCTIONS and _parties(text, line_start, start)


def _parties(text: str, line_start: int, start: int) -> bool:
    """Does the line before ``start`` introduce the parties of a contract ("between X and")?"""
    line = text[max(line_start, start - 120) : start].lower()
    return any(p in line for p in _PARTY_INTROS)


def cue_after(text: str, end: int) -> bool:
    """True when the text right after ``end`` marks a person ("X, born on", "X <x@example>")."""
    return _AFTER.match(text, end) is not None
