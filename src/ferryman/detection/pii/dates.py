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

# Literal stems, one inside every _CONTEXT alternative (checked in the tests), searched on the
# lower-cased text in a single pass: scanning _CONTEXT itself over every text costs ~20x more.
_STEMS = re.compile(
    r"b(?:irth|orn)|do(?:b|\.b)|d\.o|na(?:iss|sc|c|t[oa])|n[eé]e?(?:\(e\))?\s+le|né|geb|"
    r"fødsel|födel|syntym|urodz"
)
# How far before a stem its context word may start ("f. nac"), and how far past it to look.
_LEAD, _SPAN = 8, 48
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
        return self.scan(text, text.lower())

    def scan(self, text: str, lower: str) -> Iterator[Finding]:
        """Findings in ``text``; ``lower`` is ``text.lower()`` (shared with the other scans)."""
        if len(lower) != len(text):  # a case mapping that changes lengths: offsets would shift
            yield from self._dates(text, _CONTEXT.finditer(text))
            return
        stem = _STEMS.search(lower)
        if stem is not None:
            yield from self._dates(text, self._contexts(text, lower, stem.start()))

    @staticmethod
    def _contexts(text: str, lower: str, first: int) -> Iterator[re.Match[str]]:
        """Context words, left to right and not overlapping, found only around stem hits."""
        size = len(text)
        done = 0
        pos: int | None = first
        while pos is not None:
            hi = min(size, pos + _SPAN)
            ctx = _CONTEXT.search(text, max(done, pos - _LEAD), hi)
            if ctx is not None and ctx.end() >= hi - 1 and hi < size:
                ctx = _CONTEXT.match(text, ctx.start())  # it may run on past the window
            if ctx is not None:
                done = ctx.end()
                yield ctx
            nxt = _STEMS.search(lower, max(done, pos + 1))
            pos = None if nxt is None else nxt.start()

    def _dates(self, text: str, contexts: Iterator[re.Match[str]]) -> Iterator[Finding]:
        pos = 0
        for ctx in contexts:
            if ctx.end() < pos:
                continue
            gap = _GAP.match(text, ctx.end())
            hi = min(len(text), ctx.end() + WINDOW)
            date = _DATE.search(text, ctx.end(), hi)
            if date is None or gap is None or date.start() > gap.end():
                continue
            pos = date.end()
            yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.9, self.name)
