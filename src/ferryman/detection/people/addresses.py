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
from ferryman.detection.people.address_grammar import (
    COMPOUND,
    COMPOUND_SUFFIXES,
    MILITARY,
    NUMBER_FIRST,
    TYPE_FIRST,
    UNIT_FIRST,
    UNIT_TAIL,
)
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

_COLON = re.compile(r":[ \t]*(?=[\w])")
_LABEL_SPLIT = re.compile(r"[|;\t]| {2,}")
_LINE_END = re.compile(r"[ \t]*(?:\([^)]*[a-z]{3}[^)]*\)|\.[ \t]+[A-Z]|[;|]|$)", re.MULTILINE)
_PLAUSIBLE = re.compile(r"\d.*[A-Za-z]{3}|[A-Za-z]{3}.*\d", re.DOTALL)

_GRAMMARS = ((NUMBER_FIRST, 8), (TYPE_FIRST, 8), (UNIT_FIRST, 10), (MILITARY, 10))
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
        out: list[Finding] = []
        for grammar, min_len in _GRAMMARS:
            for m in grammar.finditer(text):
                s, e = m.span()
                if e - s >= min_len and not _word_before(text, s):
                    out.append(self._finding(text, s, e))
        for m in COMPOUND.finditer(text):
            s, e = m.span()
            number = m.start("number")
            street = text[s:number].rstrip().lower()
            if _word_before(text, s) or not street.endswith(COMPOUND_SUFFIXES):
                continue
            tail = UNIT_TAIL.match(text, e)
            out.append(self._finding(text, s, tail.end() if tail else e))
        if ":" in text:
            out.extend(self._labelled(text))
        return out

    def _finding(self, text: str, s: int, e: int) -> Finding:
        tail = e - s > 18 and any(ch.isdigit() for ch in text[max(s, e - 12) : e])
        return Finding(s, e, "STREET_ADDRESS", _TAILED if tail else _BARE, self.name)

    def _labelled(self, text: str) -> list[Finding]:
        """The value after "Address:"-like labels, to the end of its line or sentence."""
        out: list[Finding] = []
        for m in _COLON.finditer(text):
            colon = m.start()
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
