"""Street addresses: per-locale grammars, plus the rest of the line after an address label.

Why both: the grammars (see :mod:`address_grammar`) find addresses anywhere, in prose or logs,
but only in the shapes they know; a label ("Address:", "Anschrift:", "Indirizzo:") says the
value is an address whatever its shape, so its whole line is taken when it looks like one (a
digit and a capitalized word). A grammar match without a postcode/city tail scores lower than
one with it; both outrank a bare person-name guess, so a street named after a person stays an
address when the two overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.people.address_extend import (
    MILITARY_WORDS,
    UNIT_WORDS,
    capital_led,
    extend_address,
)
from ferryman.detection.people.address_grammar import (
    COMPOUND,
    COMPOUND_SUFFIXES,
    LOWER_TYPE_FIRST,
    MILITARY,
    NUMBER_FIRST,
    STREET_BEFORE,
    UNIT_FIRST,
    UNIT_TAIL,
    has_lower_type,
)
from ferryman.detection.people.patterns import alternation, any_case
from ferryman.detection.recognizer import Recognizer

__all__ = ["AddressRecognizer"]

ADDRESS_LABELS = frozenset(
    str.split(
        "address|home address|street address|postal address|mailing address|billing address|"
        "shipping address|delivery address|ship to|deliver to|residence|residential address|"
        "correspondence address|registered address|registered office|domicile|adresse|"
        "adresse postale|adresse de livraison|adresse de facturation|domicile|domicilié à|"
        "anschrift|adresse|wohnanschrift|wohnort|lieferadresse|rechnungsadresse|postanschrift|"
        "straße|dirección|direccion|domicilio|dirección de envío|dirección postale|indirizzo|"
        "indirizzo di residenza|residenza|indirizzo di spedizione|adres|woonadres|postadres|"
        "afleveradres|bezorgadres|factuuradres|morada|endereço|address line 1|address1|"
        "street|strasse|calle|via|rue",
        "|",
    )
)

_LABEL_ENDS = frozenset(label[-3:] for label in ADDRESS_LABELS)
_LABEL_TAIL = alternation(any_case(_LABEL_ENDS))
#: a colon after an address label's last three letters (and at most one blank; more blanks are
#: left to the check in Python): most colons (times, JSON, log fields) fail in the look-behinds
_COLON = re.compile(
    rf":(?:(?<={_LABEL_TAIL}:)|(?<={_LABEL_TAIL}[ \t]:)|(?<=[ \t][ \t]:))[ \t]*(?=[\w])"
)
_LABEL_SPLIT = re.compile(r"[|;\t]| {2,}")
_LINE_END = re.compile(r"[ \t]*(?:\([^)]*[a-z]{3}[^)]*\)|\.[ \t]+[A-Z]|[;|]|$)", re.MULTILINE)
_PLAUSIBLE = re.compile(r"\d.*[A-Za-z]{3}|[A-Za-z]{3}.*\d", re.DOTALL)

_DIGIT = re.compile(r"\d")
#: the adjective of a two-word compound street ("Nieuwe Binnenweg", "Alte Poststraße")
_ADJECTIVE = re.compile(
    r"(?<![\w])(?:Nieuwe|Oude|Lange|Korte|Hoge|Lage|Grote|Kleine|Alte|Neue|Große|Obere|Untere|"
    r"Hintere|Vordere|Lange|Breite|Hohe)[ \t]\Z"
)
_TAILED = 0.9
_BARE = 0.75
_LABELLED = 0.88


def _word_before(text: str, pos: int) -> bool:
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_-./:#")


class AddressRecognizer(Recognizer):
    """STREET_ADDRESS from locale grammars and address labels (no model, no gazetteer)."""

    name: ClassVar[str] = "street-address"
    types: ClassVar[frozenset[str]] = frozenset({"STREET_ADDRESS"})

    def find(self, text: str) -> Iterable[Finding]:
        # Every shape we accept holds a digit (house number, postcode, unit, military box), a
        # labelled value too: a text without one costs a single C scan and nothing else.
        if _DIGIT.search(text) is None:
            return []
        out: list[Finding] = []
        for m in NUMBER_FIRST.finditer(text):
            s, e = m.span()
            if m.start("street") >= 0:
                if e - s >= 8 and not _word_before(text, s):
                    out.append(self._finding(text, s, e))
            else:
                f = self._compound(text, s)
                if f is not None:
                    out.append(f)
        led = capital_led(text)
        spans = [led.typed]
        if not UNIT_WORDS.isdisjoint(led.gates):
            spans.append([m.span() for m in UNIT_FIRST.finditer(text)])
        if not MILITARY_WORDS.isdisjoint(led.gates):
            spans.append([m.span() for m in MILITARY.finditer(text)])
        if has_lower_type(text):
            spans.append([m.span() for m in LOWER_TYPE_FIRST.finditer(text)])
        for grammar_spans in spans:
            for s, e in grammar_spans:
                if e - s >= 8 and not _word_before(text, s):
                    out.append(self._finding(text, s, e))
        for s, e in led.streets:
            out.append(self._finding(text, s, e))
        if ":" in text:
            out.extend(self._labelled(text))
        return [self._extended(text, f) for f in out]

    def _extended(self, text: str, f: Finding) -> Finding:
        s, e = extend_address(text, f.start, f.end)
        if (s, e) == (f.start, f.end):
            return f
        return Finding(s, e, f.type, max(f.score, _TAILED), f.recognizer)

    def _compound(self, text: str, number: int) -> Finding | None:
        """A compound street ("Kramerweg 26") ending right before a house number."""
        lo = max(0, number - 64)
        before = STREET_BEFORE.search(text, lo, number)
        if before is None:
            return None
        s = before.start()
        m = COMPOUND.match(text, s)
        if m is None or m.start("number") != number or _word_before(text, s):
            return None
        street = text[s:number].rstrip().lower()
        if not street.endswith(COMPOUND_SUFFIXES):
            return None
        adj = _ADJECTIVE.search(text, max(0, s - 12), s)
        if adj is not None:
            s = adj.start()
        tail = UNIT_TAIL.match(text, m.end())
        return self._finding(text, s, tail.end() if tail else m.end())

    def _finding(self, text: str, s: int, e: int) -> Finding:
        tail = e - s > 18 and any(ch.isdigit() for ch in text[max(s, e - 12) : e])
        return Finding(s, e, "STREET_ADDRESS", _TAILED if tail else _BARE, self.name)

    def _labelled(self, text: str) -> list[Finding]:
        """The value after "Address:"-like labels, to the end of its line or sentence."""
        out: list[Finding] = []
        for m in _COLON.finditer(text):
            colon = m.start()
            j = colon
            while j and text[j - 1] in " \t":
                j -= 1
            if text[j - 3 : j].lower() not in _LABEL_ENDS:
                continue  # most colons (times, JSON, log fields) end no address label
            line_start = text.rfind("\n", 0, colon) + 1
            if colon - line_start > 40:
                continue
            label = _LABEL_SPLIT.split(text[line_start:colon])[-1].strip().lower()
            if label not in ADDRESS_LABELS:
                continue
            start = m.end()
            end_m = _LINE_END.search(text, start)
            end = end_m.start() if end_m else len(text)
            value = text[start:end].rstrip(" .,")
            if len(value) < 8 or _PLAUSIBLE.search(value) is None:
                continue
            out.append(Finding(start, start + len(value), "STREET_ADDRESS", _LABELLED, self.name))
        return out
