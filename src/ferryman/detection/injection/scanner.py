"""The built-in scanner: fold, prepare, gate, match, decode and rescan, score.

One scan is: :func:`fold` (NFKC, invisible characters out, look-alikes mapped, with an offsets
map back), one lower-casing/accent-stripping pass that keeps offsets, one Aho-Corasick pass
that reports every occurrence of the words any feature, document context or decoder gate
looks at (its set of words is the word set, no second tokenizing pass), then only the
features whose gate words occur run their regex, and an anchored one only where one of its
first words occurs.
Decoders run only behind their own gates (:mod:`.decode`); a decoded payload is rescanned
with the same features (to a depth of two, for base64 inside hex and the like).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Final

from ferryman.detection.injection import catalog as _catalog
from ferryman.detection.injection import verdict as _verdict
from ferryman.detection.injection.decode import (
    Decoded,
    encoded_payloads,
    tag_payloads,
    whole_text_variants,
)
from ferryman.detection.injection.features import Hit, prepare, windows
from ferryman.detection.injection.score import combine, context, damp
from ferryman.detection.injection.verdict import Category, Source, Verdict
from ferryman.detection.normalize import fold

__all__ = ["FEATURES", "scan"]

# the tables, as constants of this module: a compiled module (setup.py) reads a Final name
# directly instead of looking it up in the module's namespace on every use
FEATURES: Final = _catalog.FEATURES
_GATES: Final = _catalog.GATES
_INDEX: Final = _catalog.INDEX
_MARKS: Final = _catalog.MARKS
_NEEDS: Final = _catalog.NEEDS
_OPENER_WORDS: Final = _catalog.OPENER_WORDS
_OPENS: Final = _catalog.OPENS
_STARTERS: Final = _catalog.STARTERS
_TOKENS: Final = _catalog.TOKENS
_WINDOW_GATES: Final = _catalog.WINDOW_GATES
_HIDDEN_GATE: Final = _catalog.HIDDEN_GATE_WORDS
CATEGORIES: Final = _verdict.CATEGORIES
CLEAN: Final = _verdict.CLEAN
INDIRECT_SOURCES: Final = _verdict.INDIRECT_SOURCES

_CLEAN_INDIRECT: Final = Verdict(0.0, (), (), True)
#: a hit at least this strong marks its segment for a ``strip`` action
SPAN_FLOOR: Final = 0.2
MAX_HITS_PER_FEATURE: Final = 8
SHORT_TEXT: Final = 320
#: up to this many matches in a text, clause bounds are looked up around each (:func:`_around`)
_FEW_MATCHES: Final = 6
_SOURCE_EXPONENT: Final = {"system": 0.5}
_BOUNDARY: Final = re.compile(r"[.!?\n]")
_INVISIBLE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_HIDDEN_HTML: Final = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*[;\"']"
    r"|opacity\s*:\s*0\s*[;\"']|color\s*:\s*(?:#fff(?:fff)?|white)\b|<!--"
)
# where operator text ends and attacker-filled data begins inside a system prompt: the first
# field marker, one of four shapes. They are searched one by one, each only when the text holds
# what it needs ("=", ":", a compound ending), and the leftmost match wins (the earlier shape on
# a tie): the same match as one alternation, which tried all four at every word (~4x slower).
# Possessive quantifiers where giving characters back cannot help (a word, then "=").
_FIELD_ASSIGN: Final = re.compile(r"\b[a-z]\w*+\s*+=\s*[\"'«]?")
_FIELD_QUOTED: Final = re.compile(r"[:=]\s*[\"'«]")
_FIELD_LABEL: Final = re.compile(
    r"\b(?:description|descriptions|notes?|profile|bio"
    r"|headline|title|comments?|reviews?|preferences?|beschreibung|uberschrift|notiz(?:en)?"
    r"|descripcion|nota|note|descrizione|beschrijving|notitie|voorkeuren|preferencias"
    r"|preferenze|praferenzen|bewerbers?|candidat[eo]?|candidato|sollicitant)\b[^:\n]{0,40}:"
)
# German and Dutch compounds: "Produktbeschreibung:", "Gästeprofil:", "Kundennotizen:"
_FIELD_COMPOUND: Final = re.compile(
    r"\b\w+(?:beschreibung|profil|notizen|notiz|uberschrift|vorlieben|beschrijving|profiel"
    r"|notities|notitie|voorkeuren|omschrijving)\b[^:\n]{0,40}:"
)
_COMPOUND_ENDS: Final = (
    "beschreibung", "profil", "notiz", "uberschrift", "vorlieben",
    "beschrijving", "profiel", "notitie", "voorkeuren", "omschrijving",
)  # fmt: skip


def _field_end(low: str) -> int:
    """Where the first field marker of a system prompt ends (the length when it has none)."""
    assign, colon = "=" in low, ":" in low
    if not (assign or colon):
        return len(low)
    patterns: list[re.Pattern[str]] = [_FIELD_ASSIGN] if assign else []
    patterns.append(_FIELD_QUOTED)
    if colon:
        patterns.append(_FIELD_LABEL)
        if _has_any(low, _COMPOUND_ENDS):
            patterns.append(_FIELD_COMPOUND)
    best: re.Match[str] | None = None
    for pattern in patterns:
        m = pattern.search(low)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return best.end() if best is not None else len(low)


def _has_any(low: str, marks: tuple[str, ...]) -> bool:
    """``any(c in low for c in marks)`` without a generator (it runs per feature per text)."""
    for c in marks:  # noqa: SIM110
        if c in low:
            return True
    return False


def _clauses(low: str) -> list[int]:
    """Where every clause ends (just after ``.!?`` or a newline), and the end of the text."""
    ends = [m.end() for m in _BOUNDARY.finditer(low)]
    ends.append(len(low))
    return ends


def _around(low: str, start: int, end: int) -> tuple[int, int]:
    """:func:`_sentence` without the list of clause ends: the last boundary before ``start``
    and the first one from ``end`` (four ``rfind`` and one search, in C)."""
    lo = 1 + max(
        low.rfind(".", 0, start),
        low.rfind("!", 0, start),
        low.rfind("?", 0, start),
        low.rfind("\n", 0, start),
    )
    m = _BOUNDARY.search(low, end)
    hi = m.end() if m is not None else len(low)
    while lo < start and low[lo].isspace():
        lo += 1
    return lo, hi


def _sentence(low: str, start: int, end: int, ends: list[int]) -> tuple[int, int]:
    """Widen a match to its clause: the segment a ``strip`` should remove."""
    i = bisect_right(ends, start) - 1
    lo = ends[i] if i >= 0 else 0
    k = bisect_left(ends, end + 1)
    hi = ends[k] if k < len(ends) else len(low)
    while lo < start and low[lo].isspace():
        lo += 1
    return lo, hi


def words_of(low: str) -> tuple[list[tuple[str, int]], frozenset[str]]:
    """The token pass: ``(word, position)`` of every vocabulary word, and their set."""
    found = _TOKENS.positions(low)
    return found, frozenset([w for w, _ in found])


def match(
    low: str, found_words: list[tuple[str, int]], words: frozenset[str], indirect: bool
) -> list[Hit]:
    """Every gated feature's hits in a prepared text, damped, spans widened to clauses.

    An anchored feature (every match starts with one of its first words) is tried with
    ``pattern.match`` at those words' positions only, skipping positions inside its previous
    match — the matches ``finditer`` would find; the others search windows around their gates.
    """
    hits: list[Hit] = []
    openers = words & _OPENER_WORDS  # set operations in C; Python loops only over what is left
    gates = words & _WINDOW_GATES
    if not openers and not gates:
        return hits
    opened: set[int] = set()
    needs = _NEEDS
    for word in openers:
        for i in _OPENS[word]:
            if i not in opened:
                # a feature whose required words are all absent cannot match: not opened
                need = needs.get(i)
                if need is None or not words.isdisjoint(need):
                    opened.add(i)
    windowed: dict[int, list[str]] = {}
    for word in gates:
        for i in _INDEX[word]:
            if i in windowed:
                windowed[i].append(word)
            else:
                windowed[i] = [word]
    if not opened and not windowed:
        return hits
    starts: dict[int, list[int]] = {}
    if opened:
        starters = _STARTERS
        last_word = len(found_words) - 1
        for k, (word, pos) in enumerate(found_words):
            ixs = starters.get(word)
            if ixs is None:
                continue
            after = found_words[k + 1][0] if k < last_word else ""
            for i, seconds in ixs:
                # the next reported word must be one that may follow (see .pairs): if the
                # text's next word is not reported, it is in no second-word set either
                if i in opened and (seconds is None or after in seconds):
                    if i in starts:
                        starts[i].append(pos)
                    else:
                        starts[i] = [pos]
    found: list[tuple[int, re.Match[str]]] = []
    for i in sorted(starts):  # anchored: tried where a first word occurs (see _anchored)
        pattern = FEATURES[i].pattern
        last = n = 0
        for pos in starts[i]:
            if pos < last:
                continue
            m = pattern.match(low, pos)
            if m is not None:
                found.append((i, m))
                last = max(m.end(), pos + 1)
                n += 1
                if n >= MAX_HITS_PER_FEATURE:
                    break
    size = len(low)
    for i in sorted(windowed):
        f = FEATURES[i]
        marks = _MARKS.get(f.name)
        if marks is not None and not _has_any(low, marks):
            continue  # a delimiter needs its punctuation: one substring test, no search
        # a short text is one window: searching it costs less than placing the windows
        spans = [(0, size)] if size <= SHORT_TEXT else windows(low, windowed[i], f.back, f.ahead)
        n = 0
        for ws, we in spans:
            for m in f.pattern.finditer(low, ws, we):
                found.append((i, m))
                n += 1
            if n >= MAX_HITS_PER_FEATURE:
                break
    if not found:
        return hits
    ctx = context(low, found_words, words)
    # a few matches: look around each one; many: list every clause end once and bisect
    ends = _clauses(low) if len(found) > _FEW_MATCHES else None
    for i, m in found:
        f = FEATURES[i]
        start, end = m.span()
        lo, hi = _sentence(low, start, end, ends) if ends is not None else _around(low, start, end)
        w = damp(f, f.indirect if indirect else f.direct, low, start, end, ctx)
        hits.append(Hit(f.name, f.category, w, lo, hi))
    return hits


def _anchored(
    pattern: re.Pattern[str], low: str, positions: list[int] | tuple[()]
) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    last = 0
    for pos in positions:
        if pos < last:
            continue
        m = pattern.match(low, pos)
        if m is not None:
            found.append(m)
            last = max(m.end(), pos + 1)
            if len(found) >= MAX_HITS_PER_FEATURE:
                break
    return found


def _rescan(payload: Decoded, indirect: bool, depth: int) -> list[Hit]:
    low = prepare(fold(payload.text).text)
    found, words = words_of(low)
    hits = match(low, found, words, indirect)
    if depth < 2:
        for inner in encoded_payloads(payload.text, low, words):
            hits.extend(_rescan(inner, indirect, depth + 1))
    return hits


def _decoded_hits(
    payloads: list[Decoded], indirect: bool, category: Category, seen: set[tuple[str, int]]
) -> list[Hit]:
    """Rescan each payload; its hits (and a marker for the hiding itself) cover its span.

    ``seen`` holds the plain-text hits: a whole-text rewrite (leetspeak) that merely finds
    them again is not evidence of an encoding.
    """
    out: list[Hit] = []
    for p in payloads:
        aligned = p.kind in ("rot13", "leet")
        inner = [
            h
            for h in _rescan(p, indirect, 1)
            if h.weight >= SPAN_FLOOR and not (aligned and (h.feature, h.start) in seen)
        ]
        if category == "invisible_text":
            out.append(Hit("hidden_tags", category, 0.55, p.start, p.end))
        if not inner:
            continue
        strongest = combine(inner)
        out.append(Hit(f"{p.kind}_payload", category, max(0.3, strongest), p.start, p.end))
        for h in inner:
            s, e = (h.start, h.end) if aligned else (p.start, p.end)
            out.append(Hit(f"{p.kind}:{h.feature}", h.category, h.weight, s, e))
    return out


def scan(text: str, source: Source = "user") -> Verdict:
    """Score how likely ``text`` tries to override the model's instructions (see package doc)."""
    indirect = source in INDIRECT_SOURCES
    if not text:
        return _CLEAN_INDIRECT if indirect else CLEAN
    folded = fold(text)
    low = prepare(folded.text)
    found, words = words_of(low)
    hits = match(low, found, words, indirect)
    seen = {(h.feature, h.start) for h in hits}
    variants = whole_text_variants(low, words, _GATES)
    if variants:
        hits.extend(_decoded_hits(variants, indirect, "encoded_payload", seen))
    encoded = encoded_payloads(folded.text, low, words)
    if encoded:
        hits.extend(_decoded_hits(encoded, indirect, "encoded_payload", seen))
    spans: list[tuple[int, int]] = []
    strong = [h for h in hits if h.weight >= SPAN_FLOOR]
    for h in strong:
        spans.append(folded.span(h.start, h.end))
    if folded.changed:  # fold() deletes tag characters: an unchanged text has none
        tagged = list(tag_payloads(text))
        if tagged:
            tag_hits = _decoded_hits(tagged, indirect, "invisible_text", seen)
            hits.extend(tag_hits)
            spans.extend((h.start, h.end) for h in tag_hits if h.weight >= SPAN_FLOOR)
        if strong:
            if any(_INVISIBLE.search(text, s, e) for s, e in spans):
                hits.append(Hit("zero_width", "invisible_text", 0.35, 0, 0))
            elif any(
                text[s:e] != folded.text[h.start : h.end] for h, (s, e) in _pairs(strong, spans)
            ):
                hits.append(Hit("homoglyph", strong[0].category, 0.2, 0, 0))
    if strong and not words.isdisjoint(_HIDDEN_GATE) and _HIDDEN_HTML.search(low):
        hits.append(Hit("hidden_html", "invisible_text", 0.3, 0, 0))
    if not hits:  # verdicts are frozen: the clean ones are shared
        return _CLEAN_INDIRECT if indirect else CLEAN
    score = _score(hits, low, source)
    present = {h.category for h in hits if h.weight >= SPAN_FLOOR}
    categories = tuple(c for c in CATEGORIES if c in present)
    return Verdict(score, categories, _merge(spans), indirect)


def _score(hits: list[Hit], low: str, source: Source) -> float:
    """Noisy-OR of the hits; a system prompt's own text gets the trust discount, but not a
    field-like segment an attacker may fill ("Preferences: …", ``notes="…"``, a quoted
    headline), which starts at the first field marker."""
    exponent = _SOURCE_EXPONENT.get(source, 1.0)
    if exponent == 1.0:
        return combine(hits)
    cut = _field_end(low)
    trusted = [h for h in hits if h.end <= cut]  # spans are clauses: one reaching past the cut
    embedded = [h for h in hits if h.end > cut]
    miss = (1.0 - combine(trusted, exponent)) * (1.0 - combine(embedded))
    return round(1.0 - miss, 4)


def _pairs(hits: list[Hit], spans: list[tuple[int, int]]) -> list[tuple[Hit, tuple[int, int]]]:
    return list(zip(hits, spans[: len(hits)], strict=True))


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)
