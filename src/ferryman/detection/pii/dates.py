"""Dates of birth: a date is personal data only when the text says it is a birth date.

A context word ("Date of birth", "DOB", "born on", "né le", "Geburtsdatum", "fecha de
nacimiento", "data di nascita", "geboortedatum" ...) opens a short window; the first date in it
(ISO, day/month/year with any of ``/.-`` or spaces, or with a month name in English, French,
German, Spanish, Italian, Dutch or Portuguese) is the finding. Dates elsewhere (release dates,
timestamps, invoice dates) are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer

__all__ = ["DateOfBirthRecognizer"]

_KEYS = (
    "birth", "dob", "d.o.b", "born", "nais", "né", "ne le", "nee le", "geb", "nac", "nasc", "nat",
    "fødsel", "född", "syntym", "urodz",
)  # fmt: skip
_CONTEXT = re.compile(
    r"birth|\bd\.?o\.?b\b\.?|\bborn\b(?:\s+(?:on|in|at))?|naissance|\bn[ée]e?(?:\(e\))?\s+le\b|"
    r"geburts\w*|\bgeb\.|\bgeboren\s*(?:am|op)?|nacimiento|\bnacid[oa]\s+el\b|\bf\.\s?nac\.?|"
    r"nascita|\bnat[oa]\s+il\b|geboortedatum|nascimento|\bnascid[oa]\s+em\b|fødselsdato|"
    r"födelsedatum|syntymäaika|urodzenia|urodzon[ya]",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv|févr|fevr|avr|juil|déc|"
    "januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|okt|dez|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    "diciembre|ene|"
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|gen|"
    "januari|februari|maart|mei|augustus|"
    "janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[ \t]?[-/.][ \t]?(?:0?[1-9]|[12]\d|3[01])[ \t]?[-/.][ \t]?"
    r"(?:(?:19|20)\d{2}|\d{2})"
    r"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|º|°)?\.?[ \t]*(?:de[ \t]+|of[ \t]+)?"
    rf"(?:{_MONTHS})\b\.?,?[ \t]*(?:de[ \t]+)?(?:19|20)\d{{2}}"
    rf"|(?:{_MONTHS})\b\.?[ \t]+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r")(?!\d)",
    re.IGNORECASE,
)
# Between the context word and the date: labels, punctuation and a few short words, no digits.
_GAP = re.compile(r"[^\d\n]{0,32}\n?[^\d\n]{0,8}")
WINDOW = 72


class DateOfBirthRecognizer(Recognizer):
    """Dates that follow a birth-date context word, in the formats people write them."""

    name: ClassVar[str] = "pii.date_of_birth"
    types: ClassVar[frozenset[str]] = frozenset({"DATE_OF_BIRTH"})

    def find(self, text: str) -> Iterator[Finding]:
        lower = text.lower()
        if not any(key in lower for key in _KEYS):
            return
        pos = 0
        for ctx in _CONTEXT.finditer(text):
            if ctx.end() < pos:
                continue
            gap = _GAP.match(text, ctx.end())
            hi = min(len(text), ctx.end() + WINDOW)
            date = _DATE.search(text, ctx.end(), hi)
            if date is None or gap is None or date.start() > gap.end():
                continue
            pos = date.end()
            yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.9, self.name)
