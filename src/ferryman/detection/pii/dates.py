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
from ferryman.detection.pii.literals import hits, lowered, register
from ferryman.detection.recognizer import Recognizer

__all__ = ["DateOfBirthRecognizer"]

# Literal stems, one inside every _CONTEXT alternative (checked in the tests), found in one
# Aho-Corasick pass over the lower-cased text: scanning _CONTEXT itself over every text costs
# ~20x more, and a regex of the stems (an alternation of many first letters) ~4x more.
_STEM_LITERALS = (
    "birth", "born", "bday", "b-day", "b.", "dob", "do.b", "d.o", "naiss", "nasc", "nac",
    "nato", "nata", "né", "geb", "fødsel", "födel", "syntym", "urodz", "classe",
)  # fmt: skip
register("dob.stems", _STEM_LITERALS)
# "ne le", "nee le", "ne(e) le": the one stem with a variable gap (a literal-led regex is fast).
_NE_LE = re.compile(r"ne(?:e|\(e\))?\s+le")


# Stems that only stand for a context word at a word's start ("b." in "lib." or "classe" in
# "classes" are not one): their hits are dropped there before the context pattern runs.
_WORD_START = frozenset(i for i, stem in enumerate(_STEM_LITERALS) if stem in ("b.", "classe"))


def stem_positions(text: str) -> list[int]:
    """Sorted positions in ``text`` where a birth-date context word may stand (its lower-cased
    copy must keep its length)."""
    lower = lowered(text)
    found = {
        start
        for index, start in hits(text, "dob.stems")
        if index not in _WORD_START or start == 0 or not lower[start - 1].isalnum()
    }
    if "ne" in lower:
        found.update(m.start() for m in _NE_LE.finditer(lower))
    return sorted(found)


# How far before a stem its context word may start ("f. nac").
_LEAD = 8
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
_DIGIT = re.compile(r"\d")
_MONTH_LEAD = 24  # the longest month name, a dot and the separators before the day
# Between the context word and the date: labels, punctuation and a few short words, no digits.
_GAP = re.compile(r"[^\d\n]{0,32}\n?[^\d\n]{0,8}")
WINDOW = 72


def _word_start(text: str, i: int) -> bool:
    """Whether ``\\b`` holds before ``text[i]`` and ``text[i]`` is a word character."""
    ch = text[i]
    if not (ch.isalnum() or ch == "_"):
        return False
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def _month_start(text: str, lo: int, digit: int) -> int:
    """Where a date whose first digit is at ``digit`` may start: a month name and the dot and
    separators before the day ("September   5"), at least _MONTH_LEAD characters back."""
    i = digit
    while i > lo and text[i - 1] in " \t-/":
        i -= 1
    if i > lo and text[i - 1] == ".":
        i -= 1
    letters = i
    while i > lo and letters - i < 12 and text[i - 1].isalpha():
        i -= 1
    return max(lo, min(i, digit - _MONTH_LEAD))


class DateOfBirthRecognizer(Recognizer):
    """Dates that follow a birth-date context word, in the formats people write them."""

    name: ClassVar[str] = "pii.date_of_birth"
    types: ClassVar[frozenset[str]] = frozenset({"DATE_OF_BIRTH"})

    def find(self, text: str) -> Iterator[Finding]:
        return self.scan(text, lowered(text))

    def scan(self, text: str, lower: str) -> Iterator[Finding]:
        """Findings in ``text``; ``lower`` is ``text.lower()`` (shared with the other scans)."""
        if len(lower) != len(text):  # a case mapping that changes lengths: offsets would shift
            yield from self._dates(text, _CONTEXT.finditer(text))
            return
        stems = stem_positions(text)
        if stems:
            yield from self._dates(text, self._contexts(text, stems))
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
    def _contexts(text: str, stems: list[int]) -> Iterator[re.Match[str]]:
        """Context words, left to right and not overlapping, found only around stem hits."""
        done = 0
        for pos in stems:
            if pos < done:
                continue
            # A context word holding this stem starts at most _LEAD characters before it (one
            # that starts later holds a later stem), at a word's start (the ``\b`` words) or at
            # the stem itself (the others): a few anchored tries, not a window search.
            ctx = None
            for start in range(max(done, pos - _LEAD), pos + 1):
                if start < pos and not _word_start(text, start):
                    continue
                ctx = _CONTEXT.match(text, start)
                if ctx is not None:
                    break
            if ctx is not None:
                done = ctx.end()
                yield ctx

    def _column(self, text: str, ctx: re.Match[str]) -> Iterator[Finding]:
        """Dates in the column of a table or CSV whose header cell holds the context word."""
        found = header_column(text, ctx.start())
        if found is None:
            return
        for a, b in column_cells(text, *found):
            # every date holds a digit; _DATE, led by a look-behind, tries each position
            date = _DATE.search(text, a, b) if _DIGIT.search(text, a, b) else None
            if date is not None:
                yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.85, self.name)

    def _dates(self, text: str, contexts: Iterator[re.Match[str]]) -> Iterator[Finding]:
        pos = 0
        for ctx in contexts:
            if ctx.group("tight") is None:
                yield from self._column(text, ctx)
            if ctx.end() < pos:
                continue
            hi = min(len(text), ctx.end() + WINDOW)
            # Every date holds a digit and starts at most _MONTH_LEAD characters before its
            # first one ("September 5"): _DATE, tried at each position (a long alternation of
            # month names, case-insensitive), searches only from there.
            digit = _DIGIT.search(text, ctx.end(), hi)
            if digit is None:
                continue
            gap = _GAP.match(text, ctx.end())
            date = _DATE.search(text, _month_start(text, ctx.end(), digit.start()), hi)
            if date is None or gap is None or date.start() > gap.end():
                continue
            if ctx.group("tight") is not None and date.start() - ctx.end() > 2:
                continue  # "classe", "b." vouch only for a date right after them
            pos = date.end()
            yield Finding(date.start(), date.end(), "DATE_OF_BIRTH", 0.9, self.name)
