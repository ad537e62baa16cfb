"""National IDs that mix letters and digits: UK NINO, Spanish DNI/NIE, Italian codice fiscale,
Finnish HETU, Irish PPS, Corsican FR NIR.

Their letter layout is already distinctive; the check letter (or, for the NINO, the allocation
rules) decides. One combined pattern scans the text once; each named group is one ID.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.ie import pps
from stdnum.it import codicefiscale

from ferryman.core.finding import Finding
from ferryman.detection.pii.classes import class_map
from ferryman.detection.pii.context import near
from ferryman.detection.recognizer import Recognizer

__all__ = ["AlnumIdRecognizer", "is_nino"]

_S = r"[ \t\-]?"
_CF = r"[0-9LMNPQRSTUV]"
_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    rf"(?P<UK_NINO>[A-Z]{{2}}[ \t]?\d{{2}}[ \t]?\d{{2}}[ \t]?\d{{2}}[ \t]?[A-D])"
    rf"|(?P<ES_NIE>[XYZ]{_S}\d{{7}}{_S}[A-Z])"
    rf"|(?P<ES_NIF>\d{{8}}{_S}[A-Z])"
    rf"|(?P<IT_FISCAL_CODE>[A-Z]{{3}}[ \t]?[A-Z]{{3}}[ \t]?{_CF}{{2}}[A-EHLMPR-T]{_CF}{{2}}"
    rf"[ \t]?[A-Z]{_CF}{{3}}[ \t]?[A-Z])"
    r"|(?P<FI_HETU>\d{6}[-+A-FU-Y]\d{3}[0-9A-Y])"
    r"|(?P<IE_PPS>\d{7}[A-W][ABWTX]?)"
    r"|(?P<FR_NIR>[12][ \t.]?\d{2}[ \t.]?\d{2}[ \t.]?2[AB][ \t.]?\d{3}[ \t.]?\d{3}[ \t.]?\d{2})"
    r")(?![A-Za-z0-9])"
)
_SPACE = re.compile(r"[ \t.\-]")
# Gate: every ID holds a digit within its first 9 characters, and only these characters. A run
# led by a digit on the class map (:mod:`.classes`: a literal lead, skipped to in C) marks where
# to look; the ID pattern, whose leading look-behind defeats that skip, runs only around it.
_DIGIT_RUN = re.compile(rb"0[0A \t.\-+]{3,}")
_MIN_DIGITS = 6
_LEAD = 9  # the most characters an ID has before its first digit (IT: "RSS MRA 8")
# Evasion gate: three separators with one character between ("A . C . 3"), on the class map
# and once per first separator, so that each pattern is led by a literal the engine skips to.
_SPACED_HINTS = tuple(
    re.compile(lead + rb"[ \t]?[Aa0][ \t]?[.\-][ \t]?[Aa0][ \t]?[.\-]") for lead in (rb"\.", rb"-")
)
# Evasion: one character at a time with spaced dots or dashes ("A . C . 3 . 8 ... B"); looked
# for only when the text holds " . " or " - ".
_SPACED = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9](?:[ \t]?[.\-][ \t]?[A-Za-z0-9]){7,17}(?![A-Za-z0-9])"
)
_PPS_CONTEXT = re.compile(r"\bpps\b|personal public service|\brsi\b")
_NINO_BAD_PREFIX = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def is_nino(value: str) -> bool:
    """UK National Insurance number allocation rules (stdnum has no NINO module)."""
    return (
        len(value) == 9
        and value[0] not in "DFIQUV"
        and value[1] not in "DFIOQUV"
        and value[:2] not in _NINO_BAD_PREFIX
        and value[2:8].isdigit()
        and value[8] in "ABCD"
    )


_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "UK_NINO": is_nino,
    "ES_NIE": nie.is_valid,
    "ES_NIF": dni.is_valid,
    "IT_FISCAL_CODE": codicefiscale.is_valid,
    "FI_HETU": hetu.is_valid,
    "IE_PPS": pps.is_valid,
    "FR_NIR": nir.is_valid,
}


# The codice fiscale's shape on the class map, digits and letters alike where omocodia may put
# a letter (L-V) instead of a digit: found even when no digit run is there to gate it.
_CF_SHAPE = re.compile(rb"AAA[ \t]?AAA[ \t]?[0A]{2}A[0A]{2}[ \t]?A[0A]{3}[ \t]?A")


def _unique(found: list[Finding]) -> list[Finding]:
    """Each finding once (a code can be reached by its digit run and by its shape)."""
    return list(dict.fromkeys(found)) if len(found) > 1 else found


class AlnumIdRecognizer(Recognizer):
    """Letter-and-digit national IDs, each confirmed by its own check letter or rules."""

    name: ClassVar[str] = "pii.national_ids"
    types: ClassVar[frozenset[str]] = frozenset(_VALIDATORS)

    def find(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        size = len(text)
        spaced = " . " in text or " - " in text
        done = 0
        mapped = class_map(text)
        for run in _DIGIT_RUN.finditer(mapped):
            if mapped.count(b"0", run.start(), run.end()) < _MIN_DIGITS:
                continue  # every ID holds six digits or more, all of them inside its run
            lo = max(done, run.start() - _LEAD)
            done = min(size, run.end() + 1)  # one more: the pattern's look-ahead sees it
            self.scan(text, lo, done, out)
        # an omocode codice fiscale (digits replaced by letters L-V) may hold no digit run
        for code in _CF_SHAPE.finditer(mapped):
            self.scan(text, code.start(), min(size, code.end() + 1), out)
        # typed one character at a time: looked for over the whole text (an omocode spaced
        # code has letters where the digit-run gate would look for digits)
        if spaced and any(hint.search(mapped) is not None for hint in _SPACED_HINTS):
            self._spaced(text, 0, size, out)
        return _unique(out)

    def _spaced(self, text: str, lo: int, hi: int, out: list[Finding]) -> None:
        """IDs typed one character at a time between spaced dots or dashes, in ``[lo, hi)``."""
        for m in _SPACED.finditer(text, lo, hi):
            compact = _SPACE.sub("", m.group())
            inner: list[Finding] = []
            self.scan(compact, 0, len(compact), inner)
            if any(f.start == 0 and f.end == len(compact) for f in inner):
                out.append(Finding(m.start(), m.end(), inner[0].type, 1.0, self.name))

    @classmethod
    def scan(cls, text: str, lo: int, hi: int, out: list[Finding]) -> None:
        """IDs inside ``[lo, hi)``, appended to ``out``."""
        for m in _PATTERN.finditer(text, lo, hi):
            kind = m.lastgroup
            if kind is None:
                continue
            value = _SPACE.sub("", m.group())
            try:
                valid = _VALIDATORS[kind](value)
            except ValueError:
                valid = False
            if not valid:
                continue
            if kind == "IE_PPS" and not near(_PPS_CONTEXT, text, m.start(), m.end()):
                continue
            out.append(Finding(m.start(), m.end(), kind, 1.0, cls.name))
