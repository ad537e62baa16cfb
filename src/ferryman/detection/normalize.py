# ruff: noqa: RUF001  (the look-alike table is the point of this module)
"""Fold evasion tricks out of a text before matching, and map matches back.

Attackers (and copy-paste accidents) hide values behind Unicode: full-width digits, zero-width
and other invisible characters, Cyrillic/Greek look-alikes, non-breaking spaces, ligatures, the
digits of other scripts. The folded text's digits are all ASCII (the recognizers rely on it).
Recognizers run on a folded copy of the text; every span they find is mapped back to the
original text's offsets, so redaction replaces exactly what the caller sent.

Why this shape: most prompts are ASCII (``str.isascii`` is a single C pass), and most non-ASCII
text is already NFKC-normal with nothing to fold; both return the text itself with an identity
map. Only a text that really changes pays for an offsets table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from ahocorasick_rs import AhoCorasick

__all__ = ["FoldedText", "fold"]

# Invisible characters: zero-width space/joiners, direction marks, word joiner, invisible
# operators, BOM, soft hyphen, Mongolian vowel separator, Unicode tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_INVISIBLE_RE: Final = re.compile(f"[{_INVISIBLE}\U000e0000-\U000e007f]")

# Look-alikes of Latin letters and digits that NFKC leaves alone (Cyrillic, Greek, Armenian).
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q",
    "ԝ": "w", "ɡ": "g", "ɩ": "i", "ո": "n", "ս": "u", "օ": "o",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D", "Һ": "H", "Ү": "Y",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "κ": "k", "τ": "t", "ι": "i", "ε": "e", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2024": ".", "\u3002": ".", "\uff0e": ".", "\u2044": "/",
}  # fmt: skip
# Decimal digits of other scripts (Arabic-Indic, Devanagari, Thai ...), which NFKC leaves alone:
# folded to ASCII so that validators and every digit pattern read them ("٤١١١ ..." is a card).
# Each script's digits are ten consecutive code points from its zero (Unicode 14, as Python
# 3.11 ships it; tests/detection/test_normalize.py checks the list against unicodedata).
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1E140, 0x1E2F0, 0x1E950,
)  # fmt: skip
_OTHER_DIGITS = {chr(zero + i): str(i) for zero in _DIGIT_ZEROS for i in range(10)}
_DIGIT_RANGES = "".join(f"{chr(zero)}-{chr(zero + 9)}" for zero in _DIGIT_ZEROS)
_FOLD_TABLE: Final = str.maketrans({**_HOMOGLYPHS, **_OTHER_DIGITS})


_SUSPECT_RE: Final = re.compile(
    f"[{_INVISIBLE}{''.join(_HOMOGLYPHS)}{_DIGIT_RANGES}\U000e0000-\U000e007f]"
)


# The same test in one Aho-Corasick pass (~9 us per 4 KB): the regex class above is a list of
# ~130 ranges that the regex engine tries one by one per character (~90 us per 4 KB).
def _expand(ranges: str) -> list[str]:
    """The characters of a regex class body made of single characters and ``a-b`` ranges."""
    out: list[str] = []
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(ranges[i]), ord(ranges[i + 2]) + 1))
            i += 3
        else:
            out.append(ranges[i])
            i += 1
    return out


_SUSPECTS: Final = AhoCorasick(
    _expand(_INVISIBLE + "\U000e0000-\U000e007f") + list(_HOMOGLYPHS) + list(_OTHER_DIGITS)
)
_NON_ASCII_RE: Final = re.compile(r"[^\x00-\x7f]+")
# built from chr(): a surrogate in a string literal does not compile to C (mypyc, see setup.py)
_SURROGATE_RE: Final = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if _INVISIBLE_RE.match(ch):
        return ""
    return unicodedata.normalize("NFKC", ch).translate(_FOLD_TABLE)


class FoldedText:
    """A folded copy of ``original`` and the map from its offsets back to the original's.

    ``offsets`` is ``None`` when nothing changed (``text is original``); otherwise
    ``offsets[i]`` is the original index of folded character ``i`` and has one extra entry
    for the end of the text. Read-only by convention: a plain slotted class rather than a
    frozen dataclass, because one is made per inspected text and the frozen ``__init__``
    (an ``object.__setattr__`` per field) cost more than the fold of a short text; compiled
    (setup.py) it is a native class.
    """

    __slots__ = ("offsets", "original", "text")

    def __init__(self, original: str, text: str, offsets: list[int] | None) -> None:
        self.original = original
        self.text = text
        self.offsets = offsets

    def __repr__(self) -> str:
        return f"FoldedText(changed={self.offsets is not None}, length={len(self.text)})"

    @property
    def changed(self) -> bool:
        return self.offsets is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded ``[start, end)`` span to the original text (covering every source char)."""
        if self.offsets is None:
            return start, end
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> FoldedText:
    """Return ``text`` folded: NFKC, invisible characters removed, look-alikes mapped to ASCII."""
    if text.isascii():
        return FoldedText(text, text, None)
    try:
        suspect = _SUSPECTS.find_matches_as_indexes(text)
    except UnicodeEncodeError:  # lone surrogates (not characters; the automaton reads UTF-8)
        return _without_surrogates(text)
    if not suspect and unicodedata.is_normalized("NFKC", text):
        return FoldedText(text, text, None)
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _NON_ASCII_RE.finditer(text):
        start, end = m.span()
        run = m.group()
        if _INVISIBLE_RE.search(run) is None:
            folded_run = unicodedata.normalize("NFKC", run).translate(_FOLD_TABLE)
            if folded_run == run:
                continue
        if start > pos:
            parts.append(text[pos:start])
            offsets.extend(range(pos, start))
        for i, ch in enumerate(run, start):
            rep = _fold_char(ch)
            parts.append(rep)
            offsets.extend([i] * len(rep))
        pos = end
    if not offsets and pos == 0:
        return FoldedText(text, text, None)
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return FoldedText(text, "".join(parts), offsets)


def _without_surrogates(text: str) -> FoldedText:
    """``text`` folded with each lone surrogate replaced by U+FFFD (one for one: offsets hold).

    Only a library caller can pass one: the gateway's JSON parser refuses them.
    """
    inner = fold(_SURROGATE_RE.sub("\ufffd", text))
    offsets = inner.offsets if inner.offsets is not None else list(range(len(text) + 1))
    return FoldedText(text, inner.text, offsets)
