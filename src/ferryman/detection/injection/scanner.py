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
from dataclasses import replace

from ferryman.detection.injection.anchors import TokenIndex, first_tokens, required_words
from ferryman.detection.injection.decode import (
    GATE_WORDS,
    Decoded,
    encoded_payloads,
    tag_payloads,
    whole_text_variants,
)
from ferryman.detection.injection.delimiters import DELIMITERS
from ferryman.detection.injection.features import Feature, Hit, prepare, windows
from ferryman.detection.injection.phrases_actions import ACTIONS
from ferryman.detection.injection.phrases_agent import AGENT
from ferryman.detection.injection.phrases_extract import EXTRACT
from ferryman.detection.injection.phrases_frames import FRAMES
from ferryman.detection.injection.phrases_override import OVERRIDE
from ferryman.detection.injection.phrases_polite import POLITE
from ferryman.detection.injection.phrases_pressure import PRESSURE
from ferryman.detection.injection.phrases_roles import ROLES
from ferryman.detection.injection.phrases_soft import SOFT
from ferryman.detection.injection.score import CONTEXT_WORDS, combine, context, damp
from ferryman.detection.injection.verdict import (
    CATEGORIES,
    CLEAN,
    INDIRECT_SOURCES,
    Category,
    Source,
    Verdict,
)
from ferryman.detection.normalize import fold

__all__ = ["FEATURES", "scan"]

# How far before / after its gate word each feature's match may start / end: the search
# window. Tight windows are most of the speed (the regex cost follows the window length).
_WINDOWS: dict[str, tuple[int, int]] = {
    "override_qualified": (110, 110), "override_everything": (25, 90), "override_above": (25, 60),
    "override_void": (110, 40), "role_play": (30, 30), "unbound": (40, 30),
    "mode_switch": (30, 40), "liberated": (80, 40), "extract_prompt": (60, 110),
    "ai_address": (60, 120), "tool_call": (30, 80), "send_data": (25, 130),
    "destructive": (25, 80), "exfil_instruction": (110, 250), "conceal": (60, 15),
    "authority": (40, 60), "new_task": (40, 50), "from_now_on": (20, 30),
    "decode_and_follow": (10, 200), "set_aside": (70, 70), "no_need_to_follow": (60, 30),
    "never_loaded": (80, 50), "optional_rules": (60, 60), "mine_first": (15, 30),
    "no_longer_valid": (70, 10), "dan": (30, 30), "exfil_url": (200, 120),
    "ignore_user": (70, 70), "ai_reader": (70, 40), "tool_name_call": (40, 90),
    "payment": (110, 110), "claimed_consent": (70, 20), "no_confirm": (40, 40),
    "admin_secret": (40, 40), "split_and_follow": (80, 110), "start_you_are": (30, 40),
    "text_above": (40, 60), "verbatim": (30, 40), "ask_instructions": (30, 90),
    "conversation_top": (30, 60), "ai_greeting": (5, 40), "before_first_message": (10, 50),
    "context_window": (50, 80), "persona_unbound": (60, 110), "disclose_own": (30, 80),
    "acrostic": (20, 110), "concede_rules": (40, 90), "rules_not_meant": (40, 70),
    "free_to_ignore": (40, 60), "escaped_persona": (40, 60), "evade_filters": (30, 90),
    "maker_text": (30, 70), "preceding_text": (40, 60), "hidden_too": (20, 40),
    "paste_here": (10, 30), "discredit_rules": (60, 90), "dismiss_them": (10, 30),
    "exception_rules": (20, 80), "secrecy": (20, 40), "just_once": (15, 30),
    "answer_unbound": (10, 90), "was_a_test": (60, 40),
    "inline_role_marker": (20, 60), "grade_fix": (30, 60), "setup_pointer": (30, 80),
    "rules_switched_off": (40, 90), "rules_pushed_aside": (40, 90),
    "exfil_instruction_i18n": (10, 200), "rebuild_and_obey": (10, 260),
    "rebuild_and_obey_i18n": (10, 220),
}  # fmt: skip
FEATURES: tuple[Feature, ...] = tuple(
    replace(f, back=_WINDOWS[f.name][0], ahead=_WINDOWS[f.name][1])
    if f.name in _WINDOWS
    else replace(f, back=20, ahead=60)
    for f in OVERRIDE
    + POLITE
    + ROLES
    + ACTIONS
    + AGENT
    + EXTRACT
    + FRAMES
    + SOFT
    + PRESSURE
    + DELIMITERS
)
_HIDDEN_GATE_WORDS = frozenset({"display", "visibility", "font", "opacity", "color"})
#: every gate word (the decoders' leetspeak check looks them up)
_GATES: frozenset[str] = frozenset().union(*(f.gate for f in FEATURES))
#: first word -> indexes of the anchored features a match may start with it (see .anchors)
_STARTS: dict[str, list[int]] = {}
for _i, _f in enumerate(FEATURES):
    for _w in first_tokens(_f.pattern) or ():
        _STARTS.setdefault(_w, []).append(_i)
_ANCHORED: frozenset[int] = frozenset(i for ixs in _STARTS.values() for i in ixs)
#: the other features' gate words
_WINDOW_GATES: frozenset[str] = frozenset().union(
    *(f.gate for i, f in enumerate(FEATURES) if i not in _ANCHORED)
)
#: feature -> words one of which every match holds, where rarer than its gate: a second gate
_NEEDS: dict[int, frozenset[str]] = {
    i: needs
    for i, f in enumerate(FEATURES)
    if i in _ANCHORED and (needs := required_words(f.pattern, f.gate)) is not None
}
#: word -> (anchored features it opens as a gate word, anchored features it may start): one
#: Aho-Corasick pass over the text finds both the open gates and the positions to try
_VOCAB: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    w: (
        tuple(i for i in sorted(_ANCHORED) if w in FEATURES[i].gate),
        tuple(_STARTS.get(w, ())),
    )
    for w in set(_STARTS).union(
        CONTEXT_WORDS, GATE_WORDS, _HIDDEN_GATE_WORDS, *(f.gate for f in FEATURES), *_NEEDS.values()
    )
}
_TOKENS = TokenIndex(frozenset(_VOCAB))
#: the window features' gate words -> those features
_INDEX: dict[str, tuple[int, ...]] = {
    w: tuple(i for i, f in enumerate(FEATURES) if w in f.gate and i not in _ANCHORED)
    for w in _WINDOW_GATES
}

_CLEAN_INDIRECT = Verdict(0.0, (), (), True)
#: the characters a delimiter feature's every match contains (one of them)
_MARKS: dict[str, tuple[str, ...]] = {
    "chat_template": ("<", "["),
    "role_tag": ("<",),
    "role_header": ("##", "===", "---", "**", "["),
    "fake_turn": (":",),
}
#: a hit at least this strong marks its segment for a ``strip`` action
SPAN_FLOOR = 0.2
MAX_HITS_PER_FEATURE = 8
SHORT_TEXT = 320
_SOURCE_EXPONENT = {"system": 0.5}
_BOUNDARY = re.compile(r"[.!?\n]")
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_HIDDEN_HTML = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*[;\"']"
    r"|opacity\s*:\s*0\s*[;\"']|color\s*:\s*(?:#fff(?:fff)?|white)\b|<!--"
)
# where operator text ends and attacker-filled data begins inside a system prompt
_FIELD = re.compile(
    r"\b[a-z]\w*\s*=\s*[\"'«]?|[:=]\s*[\"'«]|\b(?:description|descriptions|notes?|profile|bio"
    r"|headline|title|comments?|reviews?|preferences?|beschreibung|uberschrift|notiz(?:en)?"
    r"|descripcion|nota|note|descrizione|beschrijving|notitie|voorkeuren|preferencias"
    r"|preferenze|praferenzen|bewerbers?|candidat[eo]?|candidato|sollicitant)\b[^:\n]{0,40}:"
    # German and Dutch compounds: "Produktbeschreibung:", "Gästeprofil:", "Kundennotizen:"
    r"|\b\w+(?:beschreibung|profil|notizen|notiz|uberschrift|vorlieben|beschrijving|profiel"
    r"|notities|notitie|voorkeuren|omschrijving)\b[^:\n]{0,40}:"
)
_HIDDEN_GATE = _HIDDEN_GATE_WORDS


def _clauses(low: str) -> list[int]:
    """Where every clause ends (just after ``.!?`` or a newline), and the end of the text."""
    ends = [m.end() for m in _BOUNDARY.finditer(low)]
    ends.append(len(low))
    return ends


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
    opened: set[int] = set()
    vocab = _VOCAB
    for word in words:
        opened.update(vocab[word][0])
    for i in _NEEDS.keys() & opened:
        if words.isdisjoint(_NEEDS[i]):
            opened.discard(i)
    windowed: dict[int, list[str]] = {}
    for word in words & _WINDOW_GATES:
        for i in _INDEX[word]:
            if i in windowed:
                windowed[i].append(word)
            else:
                windowed[i] = [word]
    if not opened and not windowed:
        return hits
    starts: dict[int, list[int]] = {}
    for word, pos in found_words:
        for i in vocab[word][1]:
            if i in opened:
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
        if marks is not None and not any(c in low for c in marks):
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
    ends = _clauses(low)
    for i, m in found:
        f = FEATURES[i]
        start, end = m.span()
        lo, hi = _sentence(low, start, end, ends)
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
    m = _FIELD.search(low)
    cut = m.end() if m is not None else len(low)
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
