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
from ferryman.detection.pii.fields import column_cells, header_column
from ferryman.detection.recognizer import Recognizer

__all__ = ["DateOfBirthRecognizer"]

# Literal stems, one inside every _CONTEXT alternative (checked in the tests), searched on the
# lower-cased text in a single pass: scanning _CONTEXT itself over every text costs ~20x more.
_STEMS = re.compile(
    r"b(?:irth|orn|day|\.[ \t]?\d)|do(?:b|\.b)|d\.o|na(?:iss|sc|c|t[oa])|n[eé]e?(?:\(e\))?\s+le|"
    r"né|geb|fødsel|födel|syntym|urodz|classe"
)
# How far before a stem its context word may start ("f. nac"), and how far past it to look.
_LEAD, _SPAN = 8, 48
# A place between the cue and the date: "nato a Torino il", "né à Saint-Malo le".
_PLACE = (
    r"\s+[A-ZÀ-Ý][\w'\u2019\-]*"
    r"(?:[ \t]+(?:[A-ZÀ-Ý][\w'\u2019\-]*|d[eiu]|del|de la|am|an der|sur|upon)){0,3}"
)
_CONTEXT = re.compile(
    r"birth(?:day)?|\bb-?day\b|\bd\.?o\.?b\b\.?|\bborn\b(?:\s+(?:on|in|at))?|naissance|"
    r"\bn[ée]e?(?:\(e\))?\s+le\b|"
    rf"\bn[ée]e?(?:\(e\))?\s+(?:à|a|au|en){_PLACE}\s*,?\s+le\b|"
    r"geburts\w*|\bgeb\.(?:\s*am\b)?|\bgeboren\s*(?:am|op)?|"
    rf"\bgeboren\s+(?:in|te){_PLACE}\s*,?\s+(?:am|op)\b|"
    r"nacimiento|\bnacid[oa]\s+el\b|\bf\.\s?nac\.?|"
    rf"\bnacid[oa]\s+en{_PLACE}\s*,?\s+el\b|"
    rf"nascita|\bnat[oa]\s+il\b|\bnat[oa]\s+(?:a|ad|in){_PLACE}\s*,?\s+il\b|geboortedatum|"
    r"nascimento|\bnascid[oa]\s+em\b|fødselsdato|födelsedatum|syntymäaika|urodzenia|urodzon[ya]|"
    r"(?P<tight>\bclasse\b|\bb\.)",
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
    r"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|º|°)?\.?[ \t\-/]*(?:de[ \t]+|of[ \t]+)?"
    rf"(?:{_MONTHS})\b\.?,?[ \t\-/]*(?:de[ \t]+)?(?:19|20)\d{{2}}"
    rf"|(?:{_MONTHS})\b\.?[ \t\-/]+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?[ \t\-/]+"
    r"(?:19|20)\d{2}"
    rf"|(?:19|20)\d{{2}},?[ \t]+on[ \t]+(?:the[ \t]+)?(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
    rf"[ \t]+(?:of[ \t]+)?(?:{_MONTHS})\b"
    rf"|(?:19|20)\d{{2}},?[ \t]+on[ \t]+(?:{_MONTHS})\b\.?[ \t]+(?:0?[1-9]|[12]\d|3[01])\b"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r")(?!\d)",
    re.IGNORECASE,
)
# The genealogical star ("Wolfram Eberle, * 10.08.1941", a letterhead line "* 02.10.1967"): a
# date right after it, closing its item (line end, punctuation, "in <place>", the death cross).
_STAR = re.compile(r"\*[ \t]?(?=\d)")
_STAR_BEFORE = re.compile(r"(?:^|[,;(]|\w)[ \t]*$", re.MULTILINE)
_STAR_AFTER = re.compile(
    r"[ \t]*(?:$|[,;)]|\u2020|(?:in|à|a|te|en|zu)[ \t]|-[ \t]*\u2020)", re.MULTILINE
)
_YEAR = re.compile(r"(?:19|20)\d\d")
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
        if "*" in text:
            yield from self._starred(text)

    def _starred(self, text: str) -> Iterator[Finding]:
        for star in _STAR.finditer(text):
            date = _DATE.match(text, star.end())
            if date is None or _STAR_AFTER.match(text, date.end()) is None:
                continue
            lo = text.rfind("\n", 0, star.start()) + 1
            if _STAR_BEFORE.search(text, lo, star.start()) is None:
                continue
            years = _YEAR.findall(date.group())
            if text[lo : star.start()].strip() == "" and (not years or years[-1] > "2012"):
                continue  # a bullet list's item that starts with a recent date
            yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.8, self.name)

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

    def _column(self, text: str, ctx: re.Match[str]) -> Iterator[Finding]:
        """Dates in the column of a table or CSV whose header cell holds the context word."""
        found = header_column(text, ctx.start())
        if found is None:
            return
        for a, b in column_cells(text, *found):
            date = _DATE.search(text, a, b)
            if date is not None:
                yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.85, self.name)

    def _dates(self, text: str, contexts: Iterator[re.Match[str]]) -> Iterator[Finding]:
        pos = 0
        for ctx in contexts:
            if ctx.group("tight") is None:
                yield from self._column(text, ctx)
            if ctx.end() < pos:
                continue
            gap = _GAP.match(text, ctx.end())
            hi = min(len(text), ctx.end() + WINDOW)
            date = _DATE.search(text, ctx.end(), hi)
            if date is None or gap is None or date.start() > gap.end():
                continue
            if ctx.group("tight") is not None and date.start() - ctx.end() > 2:
                continue  # "classe", "b." vouch only for a date right after them
            pos = date.end()
            yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.9, self.name)
